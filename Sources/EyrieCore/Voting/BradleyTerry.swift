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

    /// `tolerance` is the largest change of any log-strength between two sweeps at which the fit stops; 1e-6
    /// moves no displayed percentage.
    public init(prior: Double = 0.5, maxIterations: Int = 2000, tolerance: Double = 1e-6) {
        self.prior = prior
        self.maxIterations = maxIterations
        self.tolerance = tolerance
    }

    /// Who met whom and how often, in compressed rows: for idea i, `opponents[offsets[i]..<offsets[i+1]]` with the
    /// matching `meetings`, sorted by opponent (so sums always run in the same order).
    struct Graph {
        var wins: [Double]
        var comparisons: [Int]
        var offsets: [Int]
        var opponents: [Int]
        var meetings: [Double]

        init(count: Int, outcomes: [Outcome]) {
            wins = [Double](repeating: 0, count: count)
            comparisons = [Int](repeating: 0, count: count)
            var keys: [UInt64] = []
            keys.reserveCapacity(outcomes.count * 2)
            for o in outcomes where o.winner != o.loser && (0..<count).contains(o.winner) && (0..<count).contains(o.loser) {
                wins[o.winner] += 1
                comparisons[o.winner] += 1
                comparisons[o.loser] += 1
                keys.append(UInt64(o.winner) << 32 | UInt64(o.loser))
                keys.append(UInt64(o.loser) << 32 | UInt64(o.winner))
            }
            keys.sort()
            offsets = [Int](repeating: 0, count: count + 1)
            opponents = []
            meetings = []
            var index = 0
            for i in 0..<count {
                offsets[i] = opponents.count
                while index < keys.count, Int(keys[index] >> 32) == i {
                    let j = Int(keys[index] & 0xFFFF_FFFF)
                    var n = 0.0
                    while index < keys.count, keys[index] == UInt64(i) << 32 | UInt64(j) {
                        n += 1
                        index += 1
                    }
                    opponents.append(j)
                    meetings.append(n)
                }
            }
            offsets[count] = opponents.count
        }
    }

    /// Fits strengths for `count` ideas from the outcomes. Deterministic: the same input gives the same output.
    public func strengths(count: Int, outcomes: [Outcome]) -> [Double] {
        fit(Graph(count: count, outcomes: outcomes))
    }

    func fit(_ graph: Graph) -> [Double] {
        let count = graph.wins.count
        var p = [Double](repeating: 1, count: count)
        for _ in 0..<maxIterations {
            let previous = p
            // Gauss–Seidel order: each update uses the newest strengths, which roughly halves the iterations.
            for i in 0..<count {
                var denominator = 2 * prior / (p[i] + 1)
                for k in graph.offsets[i]..<graph.offsets[i + 1] {
                    denominator += graph.meetings[k] / (p[i] + p[graph.opponents[k]])
                }
                p[i] = (graph.wins[i] + prior) / denominator
            }
            // The common scale of all strengths is the slow direction for MM (the weak prior barely pins it):
            // recentring the log-strengths each sweep removes it, and scores depend on ratios only.
            let centre = exp(p.reduce(0) { $0 + log($1) } / Double(count))
            var change = 0.0
            for i in 0..<count {
                p[i] /= centre
                change = max(change, abs(log(p[i] / previous[i])))
            }
            if change < tolerance { break }
        }
        return p
    }

    /// Scores with 95% intervals for `count` ideas.
    public func scores(count: Int, outcomes: [Outcome]) -> [Score] {
        let graph = Graph(count: count, outcomes: outcomes)
        let p = fit(graph)
        guard count > 1 else { return p.map { _ in Score(score: 0.5, low: 0.5, high: 0.5, comparisons: 0) } }
        // The mean over all others of p_i/(p_i+p_j) for a given p_i, against the fitted strengths.
        func chance(_ i: Int, strength: Double) -> Double {
            var total = 0.0
            for j in 0..<count where j != i { total += strength / (strength + p[j]) }
            return total / Double(count - 1)
        }
        return (0..<count).map { i in
            var information = 2 * prior * p[i] / ((p[i] + 1) * (p[i] + 1))
            for k in graph.offsets[i]..<graph.offsets[i + 1] {
                let j = graph.opponents[k]
                information += graph.meetings[k] * p[i] * p[j] / ((p[i] + p[j]) * (p[i] + p[j]))
            }
            let se = 1 / information.squareRoot()
            let theta = log(p[i])
            return Score(score: chance(i, strength: p[i]), low: chance(i, strength: exp(theta - 1.96 * se)),
                         high: chance(i, strength: exp(theta + 1.96 * se)), comparisons: graph.comparisons[i])
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
