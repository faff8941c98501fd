import EyrieCore
import Foundation
import Testing

/// The one ranking at the top of the results, on worked examples (the rule is in `AgreedRanking`).
struct AgreedRankingTests {
    typealias I = ResultsTests

    @Test func supportsAndDotsCombineByShareOfIdeasBeatenWithTiesSharingARank() {
        // setup: C has no vote of its own, E is withdrawn
        let ideas = [I.idea(1, "A", supports: 10), I.idea(2, "B", supports: 5, dots: 6), I.idea(3, "C"),
                     I.idea(4, "D", supports: 5, dots: 2), I.idea(5, "E", state: .withdrawn, supports: 9)]
        // act
        let agreed = ChallengeResults.build(ideas: ideas, pairwise: [], settings: VotingSettings(supports: true, dots: true)).agreed
        // check: supports 10,5,5,0 give A 100, B and D 50; dots 6,2,0,0 give B 100, D 66.7, A 16.7
        #expect(agreed.entries.map(\.idea.id) == [2, 1, 4])
        #expect(agreed.entries.map(\.rank) == [1, 2, 2])
        #expect(agreed.entries.map(\.isTied) == [false, true, true])
        #expect(agreed.entries.map { ($0.score * 10).rounded() / 10 } == [75, 58.3, 58.3])
        #expect(agreed.unranked.map(\.id) == [3])
        #expect(agreed.methods == [.supports, .dots])
        let a = agreed.entries[1].evidence
        #expect(a.map(\.method) == [.supports, .dots] && a.map(\.place) == [1, 3] && a.map(\.of) == [4, 4])
        #expect(a.map(\.isOwn) == [true, false])
    }

    @Test func uncomparedIdeasAreNotRankedAndMoreMethodsBreakATie() {
        // setup: 1 beats 2, 2 beats 3; 4 never compared; reviewers score 3 high and 1 low
        let answers: [(winner: Int64, loser: Int64)] = Array(repeating: (1, 2), count: 10) + Array(repeating: (2, 3), count: 10)
        let ideas = (1...4).map { I.idea(Int64($0), "Idea \($0)") }
        // act
        let results = ChallengeResults.build(ideas: ideas, pairwise: answers, scorecards: [3: [[5, 5, 5]], 1: [[2, 2, 2]]],
                                             settings: VotingSettings(supports: false, pairwise: true, scorecards: true))
        // check: 1 and 3 score 50 from two methods each and share rank 1; 2 scores 50 from one method alone
        #expect(results.byPairwise.map(\.idea.id) == [1, 2, 3])
        #expect(results.agreed.entries.map(\.idea.id) == [1, 3, 2])
        #expect(results.agreed.entries.map(\.rank) == [1, 1, 3])
        #expect(results.agreed.entries.map(\.score) == [50, 50, 50])
        #expect(results.agreed.unranked.map(\.id) == [4])
    }

    @Test func methodsWithNothingToPlaceAreNamedAndLeftOut() {
        // setup: nobody supported; one dot; one idea reviewed
        let ideas = [I.idea(1, "A"), I.idea(2, "B", dots: 1), I.idea(3, "C")]
        // act
        let agreed = ChallengeResults.build(ideas: ideas, pairwise: [], scorecards: [1: [[3, 3, 3]]],
                                            settings: VotingSettings(supports: true, dots: true, scorecards: true)).agreed
        // check
        #expect(agreed.methods == [.dots])
        #expect(agreed.methodsWithoutEvidence == [.supports, .scorecards])
        #expect(agreed.entries.map(\.idea.id) == [2] && agreed.entries.first?.score == 100)
        #expect(agreed.unranked.map(\.id) == [1, 3])
    }

    @Test func noIdeasNoRanking() {
        let agreed = ChallengeResults.build(ideas: [], pairwise: [], settings: VotingSettings()).agreed
        #expect(agreed.entries.isEmpty && agreed.unranked.isEmpty && agreed.methodsWithoutEvidence == [.supports])
    }
}
