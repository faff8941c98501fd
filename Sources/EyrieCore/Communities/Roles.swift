/// A member's role inside one community. Platform admins act as stewards everywhere.
public enum CommunityRole: String, Sendable, CaseIterable, Comparable {
    case member
    case facilitator
    case steward

    /// Rank used to compare roles: a steward can do everything a facilitator can.
    var rank: Int {
        switch self {
        case .member: 0
        case .facilitator: 1
        case .steward: 2
        }
    }

    public static func < (lhs: CommunityRole, rhs: CommunityRole) -> Bool { lhs.rank < rhs.rank }

    /// The word shown to users.
    public var label: String {
        switch self {
        case .member: "Member"
        case .facilitator: "Facilitator"
        case .steward: "Steward"
        }
    }
}

/// Whether anyone may join a community or only by invitation or approval.
public enum CommunityVisibility: String, Sendable, CaseIterable {
    case open
    case `private`
}

/// Where a member stands in a community: an approved member, or waiting for a steward.
public enum MembershipStatus: String, Sendable {
    case active
    case pending
}

/// Who is acting, as far as permission rules care: admin or not, their role in the community
/// the action touches (nil when not an active member), and whether they author the idea or comment at hand.
public struct Actor: Sendable, Equatable {
    public var isSignedIn: Bool
    public var isAdmin: Bool
    public var role: CommunityRole?
    public var isAuthor: Bool
    /// A sponsor of the challenge at hand: flagged as sponsor in the community and from the sponsor organisation.
    public var isSponsor: Bool

    public init(isSignedIn: Bool = true, isAdmin: Bool = false, role: CommunityRole? = nil, isAuthor: Bool = false,
                isSponsor: Bool = false) {
        self.isSignedIn = isSignedIn
        self.isAdmin = isAdmin
        self.role = role
        self.isAuthor = isAuthor
        self.isSponsor = isSponsor
    }

    public static let anonymous = Actor(isSignedIn: false)

    /// The role that counts for rules: admins are stewards of every community.
    public var effectiveRole: CommunityRole? { isAdmin ? .steward : role }

    public func atLeast(_ role: CommunityRole) -> Bool {
        guard let effective = effectiveRole else { return false }
        return effective >= role
    }
}
