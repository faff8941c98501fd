/// One ranking a sponsor can read, combining every voting method the challenge used. The rule, in the words the
/// results page prints (`AgreedRanking.rule`):
///
/// - Each method places the ideas it has evidence for: supports and dots place every idea once anyone has given one
///   (an idea without any is placed last, with the others without any); the pairwise survey places the ideas that
///   were compared at least once; scorecards place the ideas with a complete card. A method needs two ideas to place.
/// - In each method an idea earns the share of the other placed ideas it beats, ties counting half: 100 for first,
///   0 for last.
/// - An idea's agreed score is the average of its points over the methods that placed it; ranks follow the score,
///   then the number of methods behind it. Equal scores from as many methods share a rank.
/// - An idea is ranked only with evidence of its own: at least one support, dot, comparison or complete scorecard.
///   Withdrawn and merged ideas are not ranked (a merged idea's votes count in the one it joined).
public struct AgreedRanking: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        case supports, dots, pairwise, scorecards

        public var label: String {
            switch self {
            case .supports: "Supports"
            case .dots: "Dots"
            case .pairwise: "Pairwise survey"
            case .scorecards: "Reviewer scorecards"
            }
        }
    }

    /// Where one method placed an idea: `place` of `of` (shared places for ties) and the points it earned there.
    public struct Evidence: Sendable, Equatable {
        public var method: Method
        public var place: Int
        public var of: Int
        public var points: Double
        /// The idea's own evidence in this method (a support, a dot, a comparison, a card), not only a place.
        public var isOwn: Bool
    }

    public struct Entry: Sendable, Equatable {
        public var idea: ResultIdea
        public var rank: Int
        /// Shares its rank with another idea.
        public var isTied: Bool
        /// 0–100: the average of `evidence`'s points.
        public var score: Double
        public var evidence: [Evidence]
    }

    /// Ranked ideas, best first.
    public var entries: [Entry]
    /// Ideas that took part but have no evidence of their own yet, by number.
    public var unranked: [ResultIdea]
    /// The methods that placed ideas, in the order of `Method.allCases`.
    public var methods: [Method]
    /// Methods the challenge uses that have nothing to place yet (no votes, fewer than two ideas compared or reviewed).
    public var methodsWithoutEvidence: [Method]

    public static let rule: Phrase = "Each voting method places the ideas it has evidence for, from first to last. In each method an idea earns the share of the other placed ideas it beats, ties counting half: 100 points for first, 0 for last. The agreed score is the average of an idea's points over the methods that placed it. An idea is ranked only once it has a support, a dot, a pairwise comparison or a reviewer's scorecard of its own."

    /// Ranks the rows of a challenge's results under its settings. Works on indices into `rows` (rows are large:
    /// sorting or filtering copies of them cost more than the ranking itself on a challenge of 2,000 ideas).
    public static func build(_ rows: [ChallengeResults.Row], settings: VotingSettings) -> AgreedRanking {
        let candidates = rows.indices.filter { rows[$0].idea.state != .withdrawn && rows[$0].idea.state != .merged }
        var methods: [Method] = []
        var withoutEvidence: [Method] = []
        // evidence[i]: the places of candidate `candidates[i]` in the methods that placed it, in method order.
        var evidence = [[Evidence]](repeating: [], count: candidates.count)
        for method in Method.allCases where uses(method, settings) {
            var placedAt: [Int] = []
            var values: [Double] = []
            var own: [Bool] = []
            for (i, index) in candidates.enumerated() {
                guard let v = value(method, rows[index]) else { continue }
                placedAt.append(i)
                values.append(v.value)
                own.append(v.own)
            }
            guard values.count >= 2, own.contains(true) else {
                withoutEvidence.append(method)
                continue
            }
            methods.append(method)
            let sorted = values.sorted()
            let others = Double(values.count - 1)
            for (k, i) in placedAt.enumerated() {
                let below = lowerBound(sorted, values[k])
                let equal = upperBound(sorted, values[k]) - below
                let points = (Double(below) + 0.5 * Double(equal - 1)) / others * 100
                evidence[i].append(Evidence(method: method, place: values.count - below - equal + 1, of: values.count,
                                            points: points, isOwn: own[k]))
            }
        }
        var ranked: [Int] = []
        var unranked: [ResultIdea] = []
        var scores = [Double](repeating: 0, count: candidates.count)
        for i in candidates.indices {
            guard evidence[i].contains(where: \.isOwn) else {
                unranked.append(rows[candidates[i]].idea)
                continue
            }
            scores[i] = evidence[i].reduce(0) { $0 + $1.points } / Double(evidence[i].count)
            ranked.append(i)
        }
        // Scores compared to a tenth of a point, as printed; more methods behind a score rank it first.
        func key(_ i: Int) -> (Int, Int) { (Int((scores[i] * 10).rounded()), evidence[i].count) }
        ranked.sort { a, b in
            let (ka, kb) = (key(a), key(b))
            return ka != kb ? ka > kb : rows[candidates[a]].idea.id < rows[candidates[b]].idea.id
        }
        var entries: [Entry] = []
        entries.reserveCapacity(ranked.count)
        for (position, i) in ranked.enumerated() {
            let sameAsBefore = position > 0 && key(ranked[position - 1]) == key(i)
            let sameAsNext = position + 1 < ranked.count && key(ranked[position + 1]) == key(i)
            entries.append(Entry(idea: rows[candidates[i]].idea, rank: sameAsBefore ? entries[position - 1].rank : position + 1,
                                 isTied: sameAsBefore || sameAsNext, score: scores[i], evidence: evidence[i]))
        }
        return AgreedRanking(entries: entries, unranked: unranked.sorted { $0.id < $1.id }, methods: methods,
                             methodsWithoutEvidence: withoutEvidence)
    }

    private static func uses(_ method: Method, _ settings: VotingSettings) -> Bool {
        switch method {
        case .supports: settings.supports
        case .dots: settings.dots
        case .pairwise: settings.pairwise
        case .scorecards: settings.scorecards
        }
    }

    /// The idea's value in a method, and whether it is evidence of its own; nil when the method cannot place it.
    private static func value(_ method: Method, _ row: ChallengeResults.Row) -> (value: Double, own: Bool)? {
        switch method {
        case .supports: (Double(row.idea.supportCount), row.idea.supportCount > 0)
        case .dots: (Double(row.idea.dotCount), row.idea.dotCount > 0)
        case .pairwise: row.pairwise.flatMap { $0.comparisons > 0 ? ($0.score, true) : nil }
        case .scorecards: row.scorecard.map { ($0.weightedMean, true) }
        }
    }

    private static func lowerBound(_ sorted: [Double], _ value: Double) -> Int {
        var (low, high) = (0, sorted.count)
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private static func upperBound(_ sorted: [Double], _ value: Double) -> Int {
        var (low, high) = (0, sorted.count)
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
