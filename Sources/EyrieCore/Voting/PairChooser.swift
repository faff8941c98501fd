/// Chooses the next pair for the pairwise survey: ideas with few comparisons come up more often, the same pair
/// never comes twice in a row for a member, and only active ideas are offered.
public enum PairChooser {
    public struct Candidate: Sendable, Equatable {
        public var id: Int64
        public var comparisons: Int
        public var isActive: Bool

        public init(id: Int64, comparisons: Int, isActive: Bool = true) {
            self.id = id
            self.comparisons = comparisons
            self.isActive = isActive
        }
    }

    /// A pair of different active ideas, or nil when there are fewer than two (or only the pair just shown).
    public static func choose(
        from candidates: [Candidate], lastPair: (Int64, Int64)? = nil, using random: inout some RandomNumberGenerator
    ) -> (Int64, Int64)? {
        let active = candidates.filter(\.isActive)
        guard active.count >= 2 else { return nil }
        let last = lastPair.map { Set([$0.0, $0.1]) }
        if active.count == 2 && last == Set(active.map(\.id)) { return nil }
        // Weight 1/(1+c): an idea compared 0 times is drawn ten times as often as one compared 9 times.
        let weights = active.map { 1 / Double(1 + max($0.comparisons, 0)) }
        let total = weights.reduce(0, +)
        for _ in 0..<64 {
            let first = pick(weights: weights, total: total, using: &random)
            var second = Int.random(in: 0..<(active.count - 1), using: &random)
            if second >= first { second += 1 }
            let pair = (active[first].id, active[second].id)
            if Set([pair.0, pair.1]) != last { return pair }
        }
        // Extremely unlikely after 64 draws; take the first pair that differs from the last one.
        for i in 0..<active.count {
            for j in (i + 1)..<active.count where Set([active[i].id, active[j].id]) != last {
                return (active[i].id, active[j].id)
            }
        }
        return nil
    }

    private static func pick(weights: [Double], total: Double, using random: inout some RandomNumberGenerator) -> Int {
        var target = Double.random(in: 0..<total, using: &random)
        for (index, weight) in weights.enumerated() {
            if target < weight { return index }
            target -= weight
        }
        return weights.count - 1
    }
}
