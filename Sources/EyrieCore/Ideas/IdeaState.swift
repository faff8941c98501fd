/// Where an idea stands in the lifecycle. See DESIGN.md for the diagram.
public enum IdeaState: String, Sendable, CaseIterable {
    case draft
    case submitted
    case shortlisted
    case inDesign = "in_design"
    case selected
    case converted
    case withdrawn
    case declined
    case merged

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .submitted: "Submitted"
        case .shortlisted: "Shortlisted"
        case .inDesign: "In design"
        case .selected: "Selected"
        case .converted: "Converted"
        case .withdrawn: "Withdrawn"
        case .declined: "Declined"
        case .merged: "Merged"
        }
    }

    /// Still in play: can gather supports and comments.
    public var isActive: Bool {
        switch self {
        case .submitted, .shortlisted, .inDesign, .selected: true
        default: false
        }
    }

    /// Authors may still change the text.
    public var isEditable: Bool { self == .draft || self == .submitted }
}
