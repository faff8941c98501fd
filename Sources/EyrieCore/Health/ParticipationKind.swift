/// What a member does in a community, as the health dashboard counts it: the rules table of what is a contribution
/// (and so moves a member up to active and core), what only shows presence (votes, visits), and what is leading.
/// The monthly rollup keeps one count per kind (`participation_months.<column>`); the levels read the contributions.
public enum ParticipationKind: String, Sendable, CaseIterable {
    /// An idea submitted (each author and co-author).
    case idea
    case comment
    /// A review scorecard.
    case review
    /// A workshop seat, once the workshop has started (unless marked absent).
    case seat
    /// A note on a workshop's board.
    case note
    /// An offering's progress update.
    case update
    /// A version of a library resource written (its first one too), or a file attached to one.
    case library
    /// A discussion started, or a reply in one.
    case reply
    /// A reply the asker (or a steward) marked as the answer: counted on top of the reply, in the month it was written.
    case answer
    /// A support, a dot or a pairwise answer: presence, not a contribution.
    case vote
    /// A sign-in, joining the community, a workshop registration: presence.
    case visit
    /// A selected idea (its authors), a workshop facilitated, an offering owned.
    case lead

    /// Moves a member towards active and core.
    public var isContribution: Bool {
        switch self {
        case .idea, .comment, .review, .seat, .note, .update, .library, .reply, .answer: true
        case .vote, .visit, .lead: false
        }
    }

    public static let contributions = allCases.filter(\.isContribution)

    /// Its count's column in the monthly rollup.
    public var column: String {
        switch self {
        case .idea: "ideas"
        case .comment: "comments"
        case .review: "reviews"
        case .seat: "seats"
        case .note: "notes"
        case .update: "updates"
        case .library: "library"
        case .reply: "replies"
        case .answer: "answers"
        case .vote: "votes"
        case .visit: "visits"
        case .lead: "leads"
        }
    }

    /// Whether a month with these counts is a month with a contribution.
    public static func contributed(_ counts: [ParticipationKind: Int]) -> Bool {
        counts.contains { $0.key.isContribution && $0.value > 0 }
    }
}
