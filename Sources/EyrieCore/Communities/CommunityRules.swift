/// Things people do to a community, its members and its challenges.
public enum CommunityAction: String, Sendable, CaseIterable {
    case view, join, proposeIdea, createChallenge, movePhase, manageMembers, viewHealth

    var requiredRole: CommunityRole? {
        switch self {
        case .view, .join: nil
        case .proposeIdea: .member
        case .createChallenge, .movePhase, .manageMembers, .viewHealth: .steward
        }
    }
}

/// Platform-wide actions, for platform admins only.
public enum PlatformAction: String, Sendable, CaseIterable {
    case createOrganisation, createCommunity
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

    public static func check(_ action: PlatformAction, actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        return actor.isAdmin ? .allowed : .forbidden("Only a platform admin can do this.")
    }
}
