/// An answer to "which of these two ideas is better?".
public enum PairwiseChoice: String, Sendable, CaseIterable {
    case left, right, skip
}

/// Why a member could not decide between two ideas (the All Our Ideas reasons).
public enum UndecidedReason: String, Sendable, CaseIterable {
    case likeBoth = "I like both ideas"
    case likeNeither = "I don't like either idea"
    case dontKnow = "I don't know enough to choose"
    case equal = "They are about the same"

    /// The reason as people read it.
    public var label: String {
        switch self {
        case .likeBoth: "I like both ideas"
        case .likeNeither: "I don't like either idea"
        case .dontKnow: "I don't know enough to choose"
        case .equal: "They are about the same"
        }
    }
}

public struct PairwiseAnswer: Sendable, Equatable {
    public var choice: PairwiseChoice
    public var reason: String

    public init(choice: PairwiseChoice, reason: String = "") {
        self.choice = choice
        self.reason = reason
    }

    /// Reads the answer form: `choice` left, right or skip; a skip needs one of the listed reasons.
    public static func validate(_ form: [String: String]) throws -> PairwiseAnswer {
        guard let choice = PairwiseChoice(rawValue: form["choice"] ?? "") else {
            throw ValidationErrors([.init("choice", "Choose one of the two ideas, or say why you can't decide")])
        }
        guard choice == .skip else { return PairwiseAnswer(choice: choice, reason: "") }
        guard let reason = UndecidedReason(rawValue: form["reason"] ?? "") else {
            throw ValidationErrors([.init("reason", "Say why you can't decide")])
        }
        return PairwiseAnswer(choice: .skip, reason: reason.rawValue)
    }
}

extension VotingSettings {
    /// Who may answer the pairwise survey, and when: members, while the challenge takes votes, if the survey is on.
    /// With `addingIdea`, also whether members may add ideas during the survey.
    public func checkPairwise(actor: Actor, phase: ChallengePhase, addingIdea: Bool = false) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        guard actor.atLeast(.member) else { return .joinCommunity }
        guard pairwise else { return .notNow("This challenge does not use the pairwise survey.") }
        guard phase.acceptsSupports else {
            return .notNow(Phrase("The survey is closed while the challenge is {phase}.", ["phase": phase.label.lowercased()]).saying("phase"))
        }
        if addingIdea && !pairwiseNewIdeas { return .notNow("New ideas can't be added during this survey.") }
        return .allowed
    }
}
