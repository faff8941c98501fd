import Foundation

/// Pairwise wiki-survey scores (after All Our Ideas): a Bradley–Terry model fitted by minorise–maximise iterations.
///
/// Each idea `i` has a strength `p[i]`; it beats `j` with chance `p[i] / (p[i] + p[j])`. A weak prior, `prior` virtual
/// wins and as many virtual losses against a reference of strength 1, keeps unbeaten and unvoted ideas finite and
/// anchors the scale. The score reported for an idea is its chance to beat a randomly chosen other idea, with a 95%
/// interval from the curvature of the likelihood in the idea's log-strength.
public struct BradleyTerry: Sendable {
    /// One answer: `winner` was preferred to `loser` (indices into the idea list).
    public struct Outcome: Sendable, Equatable {
        public var winner: Int
        public var loser: Int

        public init(winner: Int, loser: Int) {
            self.winner = winner
            self.loser = loser
        }
    }

    /// An idea's score and interval, all in (0, 1), and how many answers it took part in.
    public struct Score: Sendable, Equatable {
        public var score: Double
        public var low: Double
        public var high: Double
        public var comparisons: Int
    }

    public var prior: Double
    public var maxIterations: Int
    public var tolerance: Double

    public init(prior: Double = 0.5, maxIterations: Int = 1000, tolerance: Double = 1e-9) {
        self.prior = prior
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Fits strengths for `count` ideas from the outcomes. Deterministic: the same input gives the same output.
    public func strengths(count: Int, outcomes: [Outcome]) -> [Double] {
        guard count > 0 else { return [] }
        var wins = [Double](repeating: prior, count: count)
        // Sparse pair counts: for each idea, the opponents it met and how often.
        var meetings = [[Int: Double]](repeating: [:], count: count)
        for outcome in outcomes where outcome.winner != outcome.loser
            && (0..<count).contains(outcome.winner) && (0..<count).contains(outcome.loser) {
            wins[outcome.winner] += 1
            meetings[outcome.winner][outcome.loser, default: 0] += 1
            meetings[outcome.loser][outcome.winner, default: 0] += 1
        }
        // Sorted by opponent so that sums run in the same order every time (dictionary order is not stable).
        let pairs = meetings.map { $0.sorted { $0.key < $1.key } }
        var p = [Double](repeating: 1, count: count)
        for _ in 0..<maxIterations {
            var next = p
            var change = 0.0
            for i in 0..<count {
                var denominator = 2 * prior / (p[i] + 1)
                for (j, n) in pairs[i] { denominator += n / (p[i] + p[j]) }
                next[i] = wins[i] / denominator
                change = max(change, abs(log(next[i]) - log(p[i])))
            }
            p = next
            if change < tolerance { break }
        }
        return p
    }

    /// Scores with 95% intervals for `count` ideas.
    public func scores(count: Int, outcomes: [Outcome]) -> [Score] {
        let p = strengths(count: count, outcomes: outcomes)
        guard count > 1 else { return p.map { _ in Score(score: 0.5, low: 0.5, high: 0.5, comparisons: 0) } }
        var meetings = [[Int: Double]](repeating: [:], count: count)
        var comparisons = [Int](repeating: 0, count: count)
        for outcome in outcomes where outcome.winner != outcome.loser
            && (0..<count).contains(outcome.winner) && (0..<count).contains(outcome.loser) {
            meetings[outcome.winner][outcome.loser, default: 0] += 1
            meetings[outcome.loser][outcome.winner, default: 0] += 1
            comparisons[outcome.winner] += 1
            comparisons[outcome.loser] += 1
        }
        // The mean over all others of p_i/(p_i+p_j) for a given p_i, against the fitted strengths.
        func chance(_ i: Int, strength: Double) -> Double {
            var total = 0.0
            for j in 0..<count where j != i { total += strength / (strength + p[j]) }
            return total / Double(count - 1)
        }
        return (0..<count).map { i in
            var information = 2 * prior * p[i] / ((p[i] + 1) * (p[i] + 1))
            for (j, n) in meetings[i].sorted(by: { $0.key < $1.key }) {
                information += n * p[i] * p[j] / ((p[i] + p[j]) * (p[i] + p[j]))
            }
            let se = 1 / information.squareRoot()
            let theta = log(p[i])
            return Score(score: chance(i, strength: p[i]), low: chance(i, strength: exp(theta - 1.96 * se)),
                         high: chance(i, strength: exp(theta + 1.96 * se)), comparisons: comparisons[i])
        }
    }
}

/// A small deterministic random generator (SplitMix64): the same seed gives the same numbers on every machine.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<upperBound (0 when the bound is not positive).
    public mutating func next(_ upperBound: Int) -> Int { Int(next() % UInt64(max(upperBound, 1))) }
}
