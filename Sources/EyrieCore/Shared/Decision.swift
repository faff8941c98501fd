/// The answer of a permission rule, in terms the web layer maps to a response:
/// sign in (redirect), forbidden (403), or not possible now (422 with the reason).
public enum Decision: Sendable, Equatable {
    case allowed
    case signInRequired
    case forbidden(Phrase)
    case notNow(Phrase)

    public var isAllowed: Bool { self == .allowed }

    /// Refused because the viewer is signed in but not a member of the community: the page offers to join.
    public static let joinCommunity = Decision.forbidden("Join the community first.")

    public var asksToJoin: Bool { self == .joinCommunity }
}
