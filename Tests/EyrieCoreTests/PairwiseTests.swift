import EyrieCore
import Foundation
import Testing

struct BradleyTerryTests {
    /// Answers drawn from known strengths: idea i has strength exp(i / 6), so higher indices are stronger.
    static func synthetic(ideas: Int, votes: Int, seed: UInt64) -> [BradleyTerry.Outcome] {
        var random = SplitMix64(seed: seed)
        let truth = (0..<ideas).map { exp(Double($0) / 6) }
        return (0..<votes).map { _ in
            let a = random.next(ideas)
            var b = random.next(ideas - 1)
            if b >= a { b += 1 }
            let aWins = Double(random.next() % 1_000_000) / 1_000_000 < truth[a] / (truth[a] + truth[b])
            return aWins ? .init(winner: a, loser: b) : .init(winner: b, loser: a)
        }
    }

    static func spearman(_ x: [Double]) -> Double {
        // Rank correlation against the true order 0, 1, 2, … (no ties in fitted scores here).
        let n = Double(x.count)
        let ranks = x.enumerated().sorted { $0.element < $1.element }.enumerated()
            .reduce(into: [Int: Int]()) { $0[$1.element.offset] = $1.offset }
        let d2 = (0..<x.count).map { Double(($0 - ranks[$0]!) * ($0 - ranks[$0]!)) }.reduce(0, +)
        return 1 - 6 * d2 / (n * (n * n - 1))
    }

    @Test func recoversTheTrueOrder() {
        // setup
        let outcomes = Self.synthetic(ideas: 30, votes: 3000, seed: 42)
        // act
        let scores = BradleyTerry().scores(count: 30, outcomes: outcomes)
        // check
        #expect(Self.spearman(scores.map(\.score)) >= 0.9)
    }

    @Test func isDeterministic() {
        let outcomes = Self.synthetic(ideas: 10, votes: 300, seed: 7)
        #expect(BradleyTerry().scores(count: 10, outcomes: outcomes) == BradleyTerry().scores(count: 10, outcomes: outcomes))
    }

    @Test func unbeatenAndUnvotedIdeasStayInsideZeroAndOne() {
        // idea 0 wins everything, idea 3 never takes part
        let outcomes = (0..<50).map { BradleyTerry.Outcome(winner: 0, loser: 1 + $0 % 2) }
        let scores = BradleyTerry().scores(count: 4, outcomes: outcomes)
        for score in scores {
            #expect(score.score > 0 && score.score < 1 && score.low > 0 && score.high < 1)
            #expect(score.low <= score.score && score.score <= score.high)
        }
        #expect(scores[0].score > scores[3].score && scores[3].score > scores[1].score)
        #expect(scores[3].comparisons == 0)
    }

    @Test func intervalsNarrowAsVotesGrow() {
        let few = BradleyTerry().scores(count: 10, outcomes: Self.synthetic(ideas: 10, votes: 100, seed: 1))
        let many = BradleyTerry().scores(count: 10, outcomes: Self.synthetic(ideas: 10, votes: 5000, seed: 1))
        for i in 0..<10 { #expect(many[i].high - many[i].low < few[i].high - few[i].low) }
    }
}

struct PairChooserTests {
    @Test func neverOffersInactiveIdeasOrTheSamePairTwice() throws {
        var random = SplitMix64(seed: 3)
        let candidates = (1...6).map { PairChooser.Candidate(id: Int64($0), comparisons: 0, isActive: $0 != 4) }
        var last: (Int64, Int64)?
        for _ in 0..<500 {
            let pair = try #require(PairChooser.choose(from: candidates, lastPair: last, using: &random))
            #expect(pair.0 != pair.1 && pair.0 != 4 && pair.1 != 4)
            if let last { #expect(Set([pair.0, pair.1]) != Set([last.0, last.1])) }
            last = pair
        }
    }

    @Test func ideasWithFewComparisonsComeUpMore() throws {
        var random = SplitMix64(seed: 9)
        let candidates = [PairChooser.Candidate(id: 1, comparisons: 0)]
            + (2...10).map { PairChooser.Candidate(id: Int64($0), comparisons: 50) }
        var shown = 0
        for _ in 0..<1000 {
            let pair = try #require(PairChooser.choose(from: candidates, using: &random))
            if pair.0 == 1 || pair.1 == 1 { shown += 1 }
        }
        // Uniform choice would show idea 1 in about 20% of pairs.
        #expect(shown > 500)
    }

    @Test func twoIdeasJustShownGiveNoPair() {
        var random = SplitMix64(seed: 1)
        let two = [PairChooser.Candidate(id: 1, comparisons: 0), PairChooser.Candidate(id: 2, comparisons: 0)]
        #expect(PairChooser.choose(from: two, lastPair: (2, 1), using: &random) == nil)
        #expect(PairChooser.choose(from: Array(two.prefix(1)), using: &random) == nil)
    }
}

struct ScorecardTests {
    @Test func weightedMeanSpreadAndDisagreementOnAWorkedExample() throws {
        // Criteria weighted 2:1:1. Reviewer A: 5,4,3 → (10+4+3)/4 = 4.25; reviewer B: 2,2,2 → 2.0.
        let criteria = [Criterion(name: "D", weight: 2), Criterion(name: "F", weight: 1), Criterion(name: "V", weight: 1)]
        let summary = try #require(ScorecardSummary.summarise(cards: [[5, 4, 3], [2, 2, 2]], criteria: criteria))
        #expect(abs(summary.weightedMean - 3.125) < 1e-9)
        #expect(summary.criterionMeans == [3.5, 3, 2.5])
        #expect(abs(summary.spread - 2.25) < 1e-9)
        #expect(summary.disagreement && summary.reviewers == 2)
    }

    @Test func agreementIsNotFlaggedAndIncompleteCardsAreIgnored() throws {
        let summary = try #require(ScorecardSummary.summarise(cards: [[4, 4, 4], [3, 4, 4], [5]], criteria: Criterion.defaults))
        #expect(summary.reviewers == 2 && !summary.disagreement)
        #expect(ScorecardSummary.summarise(cards: [], criteria: Criterion.defaults) == nil)
    }
}
