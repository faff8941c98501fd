/// A reviewer's scorecard as typed: one score from 1 to 5 per criterion, and an optional comment.
public struct ScorecardDraft: Sendable, Equatable {
    public var scores: [Int]
    public var comment: String

    public init(scores: [Int], comment: String = "") {
        self.scores = scores
        self.comment = comment
    }

    /// Reads `score1`…`scoreN` (one per criterion) and `comment`.
    public static func validate(_ form: [String: String], criteria: [Criterion]) throws -> ScorecardDraft {
        var errors: [FieldError] = []
        var scores: [Int] = []
        for (i, criterion) in criteria.enumerated() {
            if let score = Int(form["score\(i + 1)"] ?? ""), (1...5).contains(score) {
                scores.append(score)
            } else {
                errors.append(.init("score\(i + 1)", "Score \("criterion", criterion.name.lowercased()) from 1 to 5"))
            }
        }
        let comment = TextRule("comment", "Comment", required: false, max: 2000, multiline: true)
            .check(form["comment"], into: &errors)
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return ScorecardDraft(scores: scores, comment: comment)
    }
}

/// Who may review: assigned reviewers (stewards assign them), on shortlisted ideas, during voting and review.
public enum ReviewRules {
    public static let reviewableStates: Set<IdeaState> = [.shortlisted, .inDesign, .selected]

    public static func check(actor: Actor, isReviewer: Bool, state: IdeaState, phase: ChallengePhase,
                             settings: VotingSettings) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        guard isReviewer, actor.role != nil || actor.isAdmin else {
            return .forbidden("Only the reviewers a steward assigned can score ideas.")
        }
        guard settings.scorecards else { return .notNow("This challenge does not use reviewer scorecards.") }
        guard reviewableStates.contains(state) else { return .notNow("Only shortlisted ideas are reviewed.") }
        guard phase == .voting || phase == .review else {
            return .notNow("Scorecards are open while the challenge is in voting or review.")
        }
        return .allowed
    }

    /// In blind mode a reviewer sees neither the authors nor other reviewers' scores until they have submitted.
    public static func mayShow(blind: Bool, hasSubmitted: Bool, actor: Actor) -> Bool {
        actor.atLeast(.steward) || !blind || hasSubmitted
    }

    /// The reviews page: the challenge's reviewers see their queue, stewards manage the reviewers.
    public static func maySeeReviews(actor: Actor, isReviewer: Bool) -> Bool {
        actor.atLeast(.steward) || isReviewer
    }
}
