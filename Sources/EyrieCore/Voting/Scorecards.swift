/// A scorecard criterion and its weight (weights need not add up to anything: they are relative).
public struct Criterion: Sendable, Equatable {
    public var name: String
    public var weight: Double

    public init(name: String, weight: Double) {
        self.name = name
        self.weight = weight
    }

    public static let defaults = [Criterion(name: "Desirability", weight: 1), Criterion(name: "Feasibility", weight: 1),
                                  Criterion(name: "Viability", weight: 1)]
}

/// Reviewers' scorecards for one idea, summarised: the weighted mean, each criterion's mean and the spread
/// between reviewers, with a flag where they disagree strongly.
public struct ScorecardSummary: Sendable, Equatable {
    public var weightedMean: Double
    public var criterionMeans: [Double]
    /// Highest minus lowest reviewer's weighted mean.
    public var spread: Double
    public var reviewers: Int
    public var disagreement: Bool

    /// Reviewers whose weighted means differ by this much or more (on the 1–5 scale) disagree strongly.
    public static let disagreementSpread = 1.5

    /// `cards[r][c]` is reviewer r's score (1–5) for criterion c; nil when there are no complete cards.
    public static func summarise(cards: [[Int]], criteria: [Criterion]) -> ScorecardSummary? {
        let complete = cards.filter { $0.count == criteria.count }
        let totalWeight = criteria.map(\.weight).reduce(0, +)
        guard !complete.isEmpty, totalWeight > 0 else { return nil }
        let perReviewer = complete.map { card in
            zip(card, criteria).map { Double($0) * $1.weight }.reduce(0, +) / totalWeight
        }
        let means = criteria.indices.map { c in Double(complete.map { $0[c] }.reduce(0, +)) / Double(complete.count) }
        let spread = (perReviewer.max() ?? 0) - (perReviewer.min() ?? 0)
        return ScorecardSummary(weightedMean: perReviewer.reduce(0, +) / Double(perReviewer.count), criterionMeans: means,
                                spread: spread, reviewers: complete.count,
                                disagreement: complete.count > 1 && spread >= disagreementSpread)
    }
}
