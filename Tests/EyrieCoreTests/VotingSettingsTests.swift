import EyrieCore
import Testing

struct VotingSettingsTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var form: [String: String]
        var errorFields: Set<String>
        var testDescription: String { errorFields.isEmpty ? "valid \(form.keys.sorted())" : "invalid \(errorFields.sorted())" }
    }

    static let rows: [Row] = [
        Row(form: ["supports": "on"], errorFields: []),
        Row(form: [:], errorFields: ["supports"]),
        Row(form: ["supports": "on", "supportBudget": "0"], errorFields: ["supportBudget"]),
        Row(form: ["supports": "on", "supportBudget": "five"], errorFields: ["supportBudget"]),
        Row(form: ["supports": "on", "autoShortlistAt": "25"], errorFields: []),
        Row(form: ["dots": "on", "dotsPerMember": "10", "maxDotsPerIdea": "3"], errorFields: []),
        Row(form: ["dots": "on", "dotsPerMember": "3", "maxDotsPerIdea": "5"], errorFields: ["maxDotsPerIdea"]),
        Row(form: ["dots": "on", "dotsPerMember": "", "maxDotsPerIdea": "1"], errorFields: ["dotsPerMember"]),
        Row(form: ["dots": "on", "dotsPerMember": "101", "maxDotsPerIdea": "1"], errorFields: ["dotsPerMember"]),
        Row(form: ["pairwise": "on"], errorFields: []),
        Row(form: ["scorecards": "on", "criterion1": "Impact", "weight1": "2", "criterion2": "Cost"], errorFields: []),
        Row(form: ["scorecards": "on"], errorFields: ["criterion1"]),
        Row(form: ["scorecards": "on", "criterion1": "Impact", "criterion2": "impact"], errorFields: ["criterion2"]),
        Row(form: ["scorecards": "on", "criterion1": "Impact", "weight1": "0"], errorFields: ["weight1"]),
        Row(form: ["scorecards": "on", "criterion1": "Impact", "weight1": "-1"], errorFields: ["weight1"]),
        Row(form: ["scorecards": "on", "criterion1": String(repeating: "x", count: 61)], errorFields: ["criterion1"]),
    ]

    @Test(arguments: rows)
    func row(_ row: Row) {
        do {
            _ = try VotingSettings.validate(row.form)
            #expect(row.errorFields.isEmpty)
        } catch let invalid as ValidationErrors {
            #expect(Set(invalid.errors.map(\.field)) == row.errorFields)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func criteriaKeepTheirWeightsAndDefaultsApplyWithoutScorecards() throws {
        let settings = try VotingSettings.validate(["scorecards": "on", "criterion1": "Impact", "weight1": "2",
                                                    "criterion3": "Cost"])
        #expect(settings.criteria == [Criterion(name: "Impact", weight: 2), Criterion(name: "Cost", weight: 1)])
        #expect(try VotingSettings.validate(["supports": "on"]).criteria == Criterion.defaults)
    }

    @Test func methodsThatAreOffRefuseTheirVotes() {
        let supportsOnly = VotingSettings(supports: true, dots: false)
        let member = Actor(role: .member)
        #expect(supportsOnly.check(.support, actor: member, state: .submitted, phase: .voting) == .allowed)
        #expect(supportsOnly.check(.addDot, actor: member, state: .submitted, phase: .voting)
                == .notNow("This challenge does not use dot voting."))
        #expect(supportsOnly.check(.comment, actor: member, state: .submitted, phase: .voting) == .allowed)
        let dotsOnly = VotingSettings(supports: false, dots: true)
        #expect(dotsOnly.check(.support, actor: member, state: .submitted, phase: .voting) != .allowed)
        // the rules table still speaks first
        #expect(dotsOnly.check(.addDot, actor: .anonymous, state: .submitted, phase: .voting) == .signInRequired)
    }

    @Test func settingsFreezeWhenVotingStarts() {
        #expect(VotingSettings.editable(in: .draft) && VotingSettings.editable(in: .open))
        #expect(!VotingSettings.editable(in: .voting) && !VotingSettings.editable(in: .closed))
        // moved back to open after voting began: still frozen
        #expect(!VotingSettings.editable(in: .open, votingStarted: true))
    }

    @Test(arguments: [
        // (settings, what was cast, fields refused)
        (VotingSettings(), VotesCast.none, [String]()),
        (VotingSettings(supports: false, dots: true), VotesCast(supportsGiven: 3, mostSupportsByOneMember: 1), ["supports"]),
        (VotingSettings(supportBudget: 2), VotesCast(supportsGiven: 9, mostSupportsByOneMember: 3), ["supportBudget"]),
        (VotingSettings(supportBudget: 3), VotesCast(supportsGiven: 9, mostSupportsByOneMember: 3), []),
        (VotingSettings(supportBudget: nil), VotesCast(supportsGiven: 9, mostSupportsByOneMember: 30), []),
        (VotingSettings(dots: false), VotesCast(dotsPlaced: 1, mostDotsByOneMember: 1, mostDotsOnOneIdea: 1), ["dots"]),
        (VotingSettings(dots: true, dotsPerMember: 4, maxDotsPerIdea: 2),
         VotesCast(dotsPlaced: 12, mostDotsByOneMember: 5, mostDotsOnOneIdea: 3), ["dotsPerMember", "maxDotsPerIdea"]),
        (VotingSettings(dots: true, dotsPerMember: 5, maxDotsPerIdea: 3),
         VotesCast(dotsPlaced: 12, mostDotsByOneMember: 5, mostDotsOnOneIdea: 3), []),
    ])
    func limitsNeverDropBelowWhatIsSpent(_ settings: VotingSettings, _ cast: VotesCast, _ refused: [String]) {
        #expect(settings.conflicts(with: cast).map(\.field) == refused)
    }
}

struct PhaseMoveTests {
    @Test(arguments: [
        // (from, to, voting started before, allowed)
        (ChallengePhase.draft, ChallengePhase.open, false, true),
        (.open, .voting, false, true),
        (.voting, .open, true, true),
        (.voting, .draft, true, false),
        (.closed, .draft, true, false),
        (.open, .draft, true, false),
        (.open, .draft, false, true),
        (.review, .voting, true, true),
        (.voting, .voting, true, true),
    ])
    func movesBackToDraftStopOnceVotingHasStarted(_ from: ChallengePhase, _ to: ChallengePhase, _ started: Bool,
                                                  _ allowed: Bool) {
        #expect(PhaseMove.check(from: from, to: to, votingStarted: started).isAllowed == allowed)
    }

    @Test func movesIntoOrOutOfVotingRecordThatItStarted() {
        #expect(PhaseMove.startsVoting(from: .open, to: .voting))
        #expect(PhaseMove.startsVoting(from: .voting, to: .open))
        #expect(!PhaseMove.startsVoting(from: .draft, to: .open))
    }
}

struct PairwiseAnswerTests {
    @Test func answersNeedAChoiceAndSkipsAReason() throws {
        #expect(try PairwiseAnswer.validate(["choice": "left"]) == PairwiseAnswer(choice: .left))
        #expect(throws: ValidationErrors.self) { try PairwiseAnswer.validate(["choice": "both"]) }
        #expect(throws: ValidationErrors.self) { try PairwiseAnswer.validate(["choice": "skip", "reason": "meh"]) }
        #expect(try PairwiseAnswer.validate(["choice": "skip", "reason": "I like both ideas"]).reason == "I like both ideas")
    }

    @Test func whoMayAnswerTheSurvey() {
        let on = VotingSettings(pairwise: true, pairwiseNewIdeas: false)
        #expect(on.checkPairwise(actor: Actor(role: .member), phase: .voting) == .allowed)
        #expect(on.checkPairwise(actor: .anonymous, phase: .voting) == .signInRequired)
        #expect(!on.checkPairwise(actor: Actor(), phase: .voting).isAllowed)
        #expect(!on.checkPairwise(actor: Actor(role: .member), phase: .review).isAllowed)
        #expect(!on.checkPairwise(actor: Actor(role: .member), phase: .voting, addingIdea: true).isAllowed)
        #expect(!VotingSettings().checkPairwise(actor: Actor(role: .member), phase: .voting).isAllowed)
    }
}
