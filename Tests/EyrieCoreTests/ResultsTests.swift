import EyrieCore
import Foundation
import Testing

struct ResultsTests {
    static func idea(_ id: Int64, _ title: String, state: IdeaState = .submitted, supports: Int = 0, dots: Int = 0) -> ResultIdea {
        ResultIdea(id: id, title: title, state: state, supportCount: supports, dotCount: dots)
    }

    @Test func rankingsFunnelAndPairwise() {
        // setup
        let ideas = [Self.idea(1, "A", supports: 3, dots: 9), Self.idea(2, "B", state: .shortlisted, supports: 7, dots: 1),
                     Self.idea(3, "C", state: .shortlisted, supports: 3)]
        let answers: [(winner: Int64, loser: Int64)] = Array(repeating: (3, 1), count: 20) + Array(repeating: (1, 2), count: 20)
        // act
        let results = ChallengeResults.build(ideas: ideas, pairwise: answers,
                                             settings: VotingSettings(supports: true, dots: true, pairwise: true))
        // check
        #expect(results.funnel.map(\.state) == [.submitted, .shortlisted] && results.funnel.map(\.count) == [1, 2])
        #expect(results.bySupports.map(\.idea.id) == [2, 1, 3])
        #expect(results.byDots.map(\.idea.id) == [1, 2, 3])
        #expect(results.byPairwise.map(\.idea.id) == [3, 1, 2])
        #expect(results.pairwiseAnswers == 40)
    }

    @Test func scorecardsRankByWeightedMean() {
        let ideas = [Self.idea(1, "A", state: .shortlisted), Self.idea(2, "B", state: .shortlisted), Self.idea(3, "C")]
        let results = ChallengeResults.build(ideas: ideas, pairwise: [], scorecards: [1: [[2, 2, 2]], 2: [[5, 5, 5], [1, 1, 1]]],
                                             settings: VotingSettings(scorecards: true))
        #expect(results.byScorecard.map(\.idea.id) == [2, 1])
        #expect(results.byScorecard.first?.scorecard?.disagreement == true)
        #expect(results.csv().contains("3,C,submitted,0,0,,,,,,,,,"))
    }

    @Test func methodsThatAreOffHaveNoRanking() {
        let results = ChallengeResults.build(ideas: [Self.idea(1, "A")], pairwise: [], settings: VotingSettings())
        #expect(results.byDots.isEmpty && results.byPairwise.isEmpty && results.bySupports.count == 1)
        #expect(results.all.first?.pairwise == nil)
    }

    @Test func csvQuotesAndDefusesFormulas() {
        let results = ChallengeResults.build(ideas: [Self.idea(1, "=cmd(), \"quoted\"", supports: 2)], pairwise: [],
                                             settings: VotingSettings())
        let lines = results.csv().split(separator: "\r\n")
        #expect(lines[0].hasPrefix("idea_id,title,state,supports,dots"))
        #expect(lines[1] == "1,\"'=cmd(), \"\"quoted\"\"\",submitted,2,0,,,,,,,,,")
    }
}
