/// Where a member stands in a community's practice. Most members of a healthy community are peripheral: they watch
/// and learn; the core leads, active members contribute, and inactive ones have done nothing for a long while.
public enum ParticipationLevel: String, Sendable, CaseIterable, Comparable {
    case core, active, peripheral, inactive

    /// Higher is more involved.
    public var rank: Int {
        switch self {
        case .core: 3
        case .active: 2
        case .peripheral: 1
        case .inactive: 0
        }
    }

    public var label: String {
        switch self {
        case .core: "Core"
        case .active: "Active"
        case .peripheral: "Peripheral"
        case .inactive: "Inactive"
        }
    }

    /// What the level means, in the community's words.
    public var meaning: String {
        switch self {
        case .core: "contributed every month and led something"
        case .active: "contributed recently"
        case .peripheral: "reads, follows or votes"
        case .inactive: "nothing for a long while"
        }
    }

    public static func < (lhs: ParticipationLevel, rhs: ParticipationLevel) -> Bool { lhs.rank < rhs.rank }

    /// Sliding down from core or active: the members a steward should talk to.
    public static func isDrift(from previous: ParticipationLevel?, to level: ParticipationLevel) -> Bool {
        guard let previous, previous >= .active else { return false }
        return level < previous
    }
}
