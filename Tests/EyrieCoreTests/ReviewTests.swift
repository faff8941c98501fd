import EyrieCore
import Testing

struct ReviewTests {
    let settings = VotingSettings(scorecards: true)

    @Test func scorecardsNeedEveryScoreInRange() throws {
        let criteria = Criterion.defaults
        #expect(try ScorecardDraft.validate(["score1": "5", "score2": "1", "score3": "3", "comment": " ok "], criteria: criteria)
                == ScorecardDraft(scores: [5, 1, 3], comment: "ok"))
        let error = #expect(throws: ValidationErrors.self) {
            try ScorecardDraft.validate(["score1": "6", "score2": "", "score3": "3"], criteria: criteria)
        }
        #expect(error?.errors.map(\.field) == ["score1", "score2"])
        #expect(error?.message(for: "score2") == "Score feasibility from 1 to 5")
    }

    @Test(arguments: [
        (Actor(role: .member), true, IdeaState.shortlisted, ChallengePhase.review, true),
        (Actor(role: .member), false, .shortlisted, .review, false),
        (Actor(role: .steward), false, .shortlisted, .review, false),
        (Actor(role: .member), true, .submitted, .review, false),
        (Actor(role: .member), true, .inDesign, .voting, true),
        (Actor(role: .member), true, .shortlisted, .closed, false),
        (Actor(), true, .shortlisted, .review, false),
        (Actor.anonymous, true, .shortlisted, .review, false),
    ])
    func whoMayReview(actor: Actor, isReviewer: Bool, state: IdeaState, phase: ChallengePhase, allowed: Bool) {
        #expect(ReviewRules.check(actor: actor, isReviewer: isReviewer, state: state, phase: phase, settings: settings)
                .isAllowed == allowed)
    }

    @Test func scorecardsMustBeOn() {
        #expect(!ReviewRules.check(actor: Actor(role: .member), isReviewer: true, state: .shortlisted, phase: .review,
                                   settings: VotingSettings()).isAllowed)
    }

    @Test func blindModeHidesUntilSubmitted() {
        #expect(!ReviewRules.mayShow(blind: true, hasSubmitted: false, actor: Actor(role: .member)))
        #expect(ReviewRules.mayShow(blind: true, hasSubmitted: true, actor: Actor(role: .member)))
        #expect(ReviewRules.mayShow(blind: false, hasSubmitted: false, actor: Actor(role: .member)))
        #expect(ReviewRules.mayShow(blind: true, hasSubmitted: false, actor: Actor(role: .steward)))
        #expect(ReviewRules.mayShow(blind: true, hasSubmitted: false, actor: Actor(isAdmin: true)))
        #expect(ReviewRules.maySeeReviews(actor: Actor(role: .steward), isReviewer: false))
        #expect(ReviewRules.maySeeReviews(actor: Actor(role: .member), isReviewer: true))
        #expect(!ReviewRules.maySeeReviews(actor: Actor(role: .facilitator), isReviewer: false))
    }
}
