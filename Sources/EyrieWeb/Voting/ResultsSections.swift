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
                                stateLabel: row.idea.state.said, value: value(row),
                                bar: bar?(row) ?? Bars.bar(fraction(row)), detail: detail(row))
        }
    }

    private func caption(_ title: String, _ ranked: Int) -> String {
        ranked > ResultsPage.shown ? say("\("title", title): the \("shown", ResultsPage.shown) highest of \("ranked", ranked) ranked ideas")
            : say(.plural("{title}: the only ranked idea", "{title}: all {count} ranked ideas", count: ranked, ["title": title]))
    }

    private func counted(_ id: String, _ title: String, note: String, unit: String, none: Phrase,
                         _ list: [Row], _ count: (ResultIdea) -> Int) -> ResultsPage.Section? {
        guard !list.isEmpty else { return nil }
        let given = list.filter { count($0.idea) > 0 }
        let largest = Double(max(given.first.map { count($0.idea) } ?? 1, 1))
        let without = list.count - given.count
        return ResultsPage.Section(
            id: id, title: title, note: note, unit: unit, caption: caption(title, given.count),
            rows: rows(given, value: { String(count($0.idea)) }, fraction: { Double(count($0.idea)) / largest }),
            noneText: without == 0 ? nil : say(none.counting(without)))
    }

    private var supports: ResultsPage.Section? {
        counted("supports", say("Supports"), note: say("Each member supports an idea at most once; ideas are ranked by how many members support them."),
                unit: say("Supports"), none: .plural("{count} idea has no supports yet and is not ranked here.",
                                                     "{count} ideas have no supports yet and are not ranked here.", count: 0),
                results.bySupports, \.supportCount)
    }

    private var dots: ResultsPage.Section? {
        counted("dots", say("Dot voting"), note: say("Each member spreads \("dots", settings.dotsPerMember) dots over the ideas they favour, at most \("most", settings.maxDotsPerIdea) on one idea; ideas are ranked by the dots they received."),
                unit: say("Dots"), none: .plural("{count} idea has no dots yet and is not ranked here.",
                                                 "{count} ideas have no dots yet and are not ranked here.", count: 0),
                results.byDots, \.dotCount)
    }

    private var pairwise: ResultsPage.Section? {
        guard settings.pairwise else { return nil }
        let compared = results.byPairwise
        let without = results.all.count - compared.count
        return ResultsPage.Section(
            id: "pairwise", title: say("Pairwise survey"),
            note: say(.plural("Members were shown two ideas at a time and picked the better one ({count} decided answer). The score is the estimated chance that the idea beats another idea picked at random. The range beside it is its 95% interval: with this many answers, the true chance lies inside it 19 times out of 20. Where two ideas' ranges overlap a lot, the survey cannot yet tell them apart.",
                              "Members were shown two ideas at a time and picked the better one ({count} decided answers). The score is the estimated chance that the idea beats another idea picked at random. The range beside it is its 95% interval: with this many answers, the true chance lies inside it 19 times out of 20. Where two ideas' ranges overlap a lot, the survey cannot yet tell them apart.",
                              count: results.pairwiseAnswers)),
            unit: say("Score"), caption: caption(say("Pairwise survey"), compared.count),
            rows: rows(compared, value: { percent($0.pairwise?.score) }, fraction: { $0.pairwise?.score ?? 0 },
                       bar: { row in row.pairwise.map { Bars.interval(score: $0.score, low: $0.low, high: $0.high) } ?? "" },
                       detail: { row in
                           row.pairwise.map {
                               say(.plural("likely between {low} and {high}; {count} comparison", "likely between {low} and {high}; {count} comparisons",
                                           count: $0.comparisons, ["low": percent($0.low), "high": percent($0.high)]))
                           } ?? ""
                       }),
            noneText: without == 0 ? nil
                : say(.plural("{count} idea was never compared yet and is not ranked here.",
                              "{count} ideas were never compared yet and are not ranked here.", count: without)))
    }

    private var scorecards: ResultsPage.Section? {
        guard settings.scorecards else { return nil }
        let reviewed = results.byScorecard
        let names = settings.criteria.map(\.name)
        let weights = settings.criteria.map { Bars.fmt($0.weight) }
        let equalWeights = Set(weights).count <= 1
        let without = results.all.filter { $0.idea.state != .merged && $0.idea.state != .withdrawn }.count - reviewed.count
        return ResultsPage.Section(
            id: "scorecards", title: say("Reviewer scorecards"),
            note: equalWeights
                ? say("Reviewers score each idea from 1 (poor) to 5 (excellent) on \("criteria", ResultsPage.list(names)), which count equally. The score is the average over reviewers of each one's weighted average; the spread is the gap between the most and the least enthusiastic reviewer, and a spread of \("spread", Bars.fmt(ScorecardSummary.disagreementSpread)) or more is flagged as disagreement.")
                : say("Reviewers score each idea from 1 (poor) to 5 (excellent) on \("criteria", ResultsPage.list(names)) (weights \("weights", weights.joined(separator: " : "))). The score is the average over reviewers of each one's weighted average; the spread is the gap between the most and the least enthusiastic reviewer, and a spread of \("spread", Bars.fmt(ScorecardSummary.disagreementSpread)) or more is flagged as disagreement."),
            unit: say("Score (1–5)"), caption: caption(say("Reviewer scorecards"), reviewed.count),
            rows: rows(reviewed, value: { Bars.fmt((($0.scorecard?.weightedMean ?? 0) * 10).rounded() / 10) },
                       fraction: { (($0.scorecard?.weightedMean ?? 1) - 1) / 4 },
                       detail: { row in
                           guard let card = row.scorecard else { return "" }
                           let criteria = zip(names, card.criterionMeans).map { "\($0) \(Bars.fmt(($1 * 10).rounded() / 10))" }
                           let spread = say(.plural("{criteria}; spread {spread}, {count} reviewer", "{criteria}; spread {spread}, {count} reviewers",
                                                    count: card.reviewers, ["criteria": criteria.joined(separator: " · "),
                                                                            "spread": Bars.fmt((card.spread * 10).rounded() / 10)]))
                           return card.disagreement ? say("Reviewers disagree.") + " " + spread : spread
                       }),
            noneText: without <= 0 ? nil
                : say(.plural("{count} idea has no complete scorecard and is not ranked here.",
                              "{count} ideas have no complete scorecard and are not ranked here.", count: without)))
    }

    private func percent(_ value: Double?) -> String {
        guard let value else { return "" }
        return Messages.current.percent(Int((value * 100).rounded()))
    }
}
