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
