/// Things people do to see a challenge and what came of it.
public enum ChallengeAction: String, Sendable, CaseIterable {
    /// See the challenge at all: a draft exists only for its community's stewards.
    case view
    /// See the results: stewards always; members of the community from the sponsor organisation once a steward shares
    /// them with the sponsor; signed-in visitors once a steward publishes them to everyone.
    case seeResults
}

/// Who may see a challenge and its results. Tested as a table in EyrieCoreTests.
public enum ChallengeRules {
    /// `fromSponsor`: the actor is an active member of the community and belongs to the challenge's sponsor organisation.
    public static func check(_ action: ChallengeAction, actor: Actor, phase: ChallengePhase,
                             results: ResultsAudience = .stewards, fromSponsor: Bool = false) -> Decision {
        switch action {
        case .view:
            if phase != .draft || actor.atLeast(.steward) { return .allowed }
            return .forbidden("This challenge is a draft.")
        case .seeResults:
            if actor.atLeast(.steward) { return .allowed }
            guard actor.isSignedIn else { return .signInRequired }
            switch results {
            case .community: return .allowed
            case .sponsor where fromSponsor && actor.role != nil: return .allowed
            case .sponsor, .stewards: return .notNow("The results are not published yet.")
            }
        }
    }

    /// Whether a draft challenge shows in lists for this viewer: the same rule as opening it.
    public static func lists(_ phase: ChallengePhase, for actor: Actor) -> Bool {
        check(.view, actor: actor, phase: phase).isAllowed
    }
}
