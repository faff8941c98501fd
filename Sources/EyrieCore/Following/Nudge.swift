import Foundation

/// A steward's personal message to members who drift away or have not contributed yet.
public struct NudgeDraft: Sendable, Equatable {
    public var message: String
    /// A path on the site the message points to (a challenge or a workshop), or empty.
    public var link: String
    public var memberIDs: [Int64]

    /// A member receives at most one nudge per community in this many days.
    public static let quietDays = 30
    /// At most this many members at once.
    public static let most = 200

    public init(message: String, link: String, memberIDs: [Int64]) {
        self.message = message
        self.link = link
        self.memberIDs = memberIDs
    }

    /// `message` (1–1000 characters), `link` (one of `links`, or empty) and `member-<id>` boxes.
    public static func validate(_ form: [String: String], links: Set<String>) throws -> NudgeDraft {
        var errors: [FieldError] = []
        let message = TextRule("message", "Message", max: 1000, multiline: true).check(form["message"], into: &errors)
        let link = (form["link"] ?? "").trimmingWhitespace()
        if !link.isEmpty && !links.contains(link) { errors.append(.init("link", "Choose a challenge or a workshop of this community")) }
        let members = FormList.ids(form, prefix: "member-")
        if members.isEmpty { errors.append(.init("members", "Choose at least one member to write to")) }
        if members.count > most { errors.append(.init("members", "Write to at most \("most", most) members at once")) }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return NudgeDraft(message: message, link: link, memberIDs: members)
    }
}
