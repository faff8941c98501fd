/// Things people do to see a challenge and what came of it.
public enum ChallengeAction: String, Sendable, CaseIterable {
    /// See the challenge at all: a draft exists only for its community's stewards.
    case view
    /// See the results: stewards always, signed-in visitors once a steward has published them.
    case seeResults
}

/// Who may see a challenge and its results. Tested as a table in EyrieCoreTests.
public enum ChallengeRules {
    public static func check(_ action: ChallengeAction, actor: Actor, phase: ChallengePhase,
                             resultsPublished: Bool = false) -> Decision {
        switch action {
        case .view:
            if phase != .draft || actor.atLeast(.steward) { return .allowed }
            return .forbidden("This challenge is a draft.")
        case .seeResults:
            if actor.atLeast(.steward) { return .allowed }
            guard actor.isSignedIn else { return .signInRequired }
            return resultsPublished ? .allowed : .notNow("The results are not published yet.")
        }
    }

    /// Whether a draft challenge shows in lists for this viewer: the same rule as opening it.
    public static func lists(_ phase: ChallengePhase, for actor: Actor) -> Bool {
        check(.view, actor: actor, phase: phase).isAllowed
    }
}
