import EyrieCore

/// Each voting method's evidence on the results page: the ideas it has data for, ranked, with what the numbers mean.
/// Ideas without data get no rank; the section says how many they are.
struct ResultsSections {
    let results: ChallengeResults
    let settings: VotingSettings

    var all: [ResultsPage.Section] {
        [supports, dots, pairwise, scorecards].compactMap { $0 }
    }

    private typealias Row = ChallengeResults.Row

    private func rows(_ list: [Row], value: (Row) -> String, fraction: (Row) -> Double,
                      bar: ((Row) -> String)? = nil, detail: (Row) -> String = { _ in "" }) -> [ResultsPage.RankRow] {
        // Equal values share the rank of the first of them (lists come sorted by value, highest first).
        var rank = 0
        var previous: String?
        return list.prefix(ResultsPage.shown).enumerated().map { offset, row in
            let shown = value(row)
            if shown != previous { rank = offset + 1 }
            previous = shown
            return ResultsPage.RankRow(rank: rank, ideaID: row.idea.id, href: Site.ideas.show(row.idea.id), title: row.idea.title,
                                stateLabel: row.idea.state.label, value: value(row),
                                bar: bar?(row) ?? Bars.bar(fraction(row)), detail: detail(row))
        }
    }

    private func caption(_ title: String, _ ranked: Int) -> String {
        ranked > ResultsPage.shown ? "\(title): the \(ResultsPage.shown) highest of \(ranked) ranked ideas"
            : "\(title): all \(Dates.count(ranked, "ranked idea", "ranked ideas"))"
    }

    private func counted(_ id: String, _ title: String, note: String, unit: String, none: String,
                         _ list: [Row], _ count: (IdeaSummary) -> Int) -> ResultsPage.Section? {
        guard !list.isEmpty else { return nil }
        let given = list.filter { count($0.idea) > 0 }
        let largest = Double(max(given.first.map { count($0.idea) } ?? 1, 1))
        let without = list.count - given.count
        return ResultsPage.Section(
            id: id, title: title, note: note, unit: unit, caption: caption(title, given.count),
            rows: rows(given, value: { String(count($0.idea)) }, fraction: { Double(count($0.idea)) / largest }),
            noneText: without == 0 ? nil : "\(Dates.count(without, "idea has", "ideas have")) \(none) and \(without == 1 ? "is" : "are") not ranked here.")
    }

    private var supports: ResultsPage.Section? {
        counted("supports", "Supports", note: "Each member supports an idea at most once; ideas are ranked by how many members support them.",
                unit: "Supports", none: "no supports yet", results.bySupports, \.supportCount)
    }

    private var dots: ResultsPage.Section? {
        counted("dots", "Dot voting", note: "Each member spreads \(settings.dotsPerMember) dots over the ideas they favour, "
                    + "at most \(settings.maxDotsPerIdea) on one idea; ideas are ranked by the dots they received.",
                unit: "Dots", none: "no dots yet", results.byDots, \.dotCount)
    }

    private var pairwise: ResultsPage.Section? {
        guard settings.pairwise else { return nil }
        let compared = results.byPairwise
        let without = results.all.count - compared.count
        return ResultsPage.Section(
            id: "pairwise", title: "Pairwise survey",
            note: "Members were shown two ideas at a time and picked the better one (\(Dates.count(results.pairwiseAnswers, "decided answer", "decided answers"))). "
                + "The score is the estimated chance that the idea beats another idea picked at random. The range beside "
                + "it is its 95% interval: with this many answers, the true chance lies inside it 19 times out of 20. "
                + "Where two ideas' ranges overlap a lot, the survey cannot yet tell them apart.",
            unit: "Score", caption: caption("Pairwise survey", compared.count),
            rows: rows(compared, value: { percent($0.pairwise?.score) }, fraction: { $0.pairwise?.score ?? 0 },
                       bar: { row in row.pairwise.map { Bars.interval(score: $0.score, low: $0.low, high: $0.high) } ?? "" },
                       detail: { row in
                           row.pairwise.map { "likely between \(percent($0.low)) and \(percent($0.high)); \(Dates.count($0.comparisons, "comparison", "comparisons"))" } ?? ""
                       }),
            noneText: without == 0 ? nil
                : "\(Dates.count(without, "idea was", "ideas were")) never compared yet and \(without == 1 ? "is" : "are") not ranked here.")
    }

    private var scorecards: ResultsPage.Section? {
        guard settings.scorecards else { return nil }
        let reviewed = results.byScorecard
        let names = settings.criteria.map(\.name)
        let weights = settings.criteria.map { Bars.fmt($0.weight) }
        let equalWeights = Set(weights).count <= 1
        let without = results.all.filter { $0.idea.state != .merged && $0.idea.state != .withdrawn }.count - reviewed.count
        return ResultsPage.Section(
            id: "scorecards", title: "Reviewer scorecards",
            note: "Reviewers score each idea from 1 (poor) to 5 (excellent) on \(ResultsPage.list(names))"
                + (equalWeights ? ", which count equally" : " (weights \(weights.joined(separator: " : ")))")
                + ". The score is the average over reviewers of each one's weighted average; the spread is the gap between "
                + "the most and the least enthusiastic reviewer, and a spread of \(Bars.fmt(ScorecardSummary.disagreementSpread)) "
                + "or more is flagged as disagreement.",
            unit: "Score (1–5)", caption: caption("Reviewer scorecards", reviewed.count),
            rows: rows(reviewed, value: { Bars.fmt((($0.scorecard?.weightedMean ?? 0) * 10).rounded() / 10) },
                       fraction: { (($0.scorecard?.weightedMean ?? 1) - 1) / 4 },
                       detail: { row in
                           guard let card = row.scorecard else { return "" }
                           let criteria = zip(names, card.criterionMeans).map { "\($0) \(Bars.fmt(($1 * 10).rounded() / 10))" }
                           return (card.disagreement ? "Reviewers disagree. " : "")
                               + criteria.joined(separator: " · ")
                               + "; spread \(Bars.fmt((card.spread * 10).rounded() / 10)), "
                               + Dates.count(card.reviewers, "reviewer", "reviewers")
                       }),
            noneText: without <= 0 ? nil
                : "\(Dates.count(without, "idea has", "ideas have")) no complete scorecard and \(without == 1 ? "is" : "are") not ranked here.")
    }

    private func percent(_ value: Double?) -> String {
        guard let value else { return "" }
        return "\(Int((value * 100).rounded()))%"
    }
}
