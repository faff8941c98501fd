/// Things people do to a community, its members and its challenges.
public enum CommunityAction: String, Sendable, CaseIterable {
    case view, join, proposeIdea, createChallenge, movePhase, manageMembers, viewHealth
    /// Change the community's name, domain, who may join and whether authors may support their own ideas.
    case configure
    /// Read the list of the community's members.
    case seeMembers
    /// Moderate discussions: hide and restore comments, read hidden ones.
    case moderate
    /// Use a steward's tools on any page of the community: draft challenges and workshops in lists, results before
    /// publication, merging ideas, approving ideas added during a survey.
    case steer
    /// Write and edit the community's library, mark resources useful.
    case contribute

    var requiredRole: CommunityRole? {
        switch self {
        case .view, .join: nil
        case .proposeIdea, .seeMembers, .contribute: .member
        case .moderate: .facilitator
        case .createChallenge, .movePhase, .manageMembers, .viewHealth, .steer, .configure: .steward
        }
    }
}

/// Platform-wide actions, for platform admins only.
public enum PlatformAction: String, Sendable, CaseIterable {
    case createOrganisation, createCommunity
    /// Confirm an organisation a newcomer named at sign-up, or merge it into another.
    case confirmOrganisation
    /// See how this server is run (where e-mail goes without a mail server).
    case seeOperations
    /// Connect an organisation's identity provider (single sign-on), or remove it.
    case configureSignIn
}

/// Who may see and change a community. Tested as a table in EyrieCoreTests.
public enum CommunityRules {
    public static func check(_ action: CommunityAction, actor: Actor, visibility: CommunityVisibility) -> Decision {
        switch action {
        case .view:
            if visibility == .open || actor.isAdmin || actor.role != nil { return .allowed }
            return actor.isSignedIn ? .forbidden("This community is private.") : .signInRequired
        case .join:
            guard actor.isSignedIn else { return .signInRequired }
            return actor.role == nil ? .allowed : .notNow("You are already a member.")
        default:
            guard actor.isSignedIn else { return .signInRequired }
            guard let role = action.requiredRole, actor.atLeast(role) else {
                return action.requiredRole == .member ? .joinCommunity : .forbidden("Only a steward can do this.")
            }
            return .allowed
        }
    }

    /// Offer a signed-in visitor who is not a member (and not a platform admin, who acts everywhere) to join.
    public static func offersToJoin(_ actor: Actor) -> Bool {
        actor.isSignedIn && actor.role == nil && !actor.isAdmin
    }

    /// A steward may not step down by their own hand (another steward, or a platform admin, changes their role), so
    /// that a community is never left without one by mistake.
    public static func mayChangeRole(isOwn: Bool, to role: CommunityRole, actor: Actor) -> Decision {
        guard isOwn, role != .steward, !actor.isAdmin else { return .allowed }
        return .notNow("Ask another steward to change your own role.")
    }

    /// A member's profile shows activity in every community to the member and to platform admins; to anyone else,
    /// only in the communities the viewer may see.
    public static func seesAllActivity(isSelf: Bool, actor: Actor) -> Bool {
        isSelf || actor.isAdmin
    }

    public static func check(_ action: PlatformAction, actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        return actor.isAdmin ? .allowed : .forbidden("Only a platform admin can do this.")
    }
}
