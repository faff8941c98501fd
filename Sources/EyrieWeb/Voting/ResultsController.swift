import EyrieCore
import EyrieStore
import Hummingbird

/// A challenge's results: the funnel and each method's ranking as tables and SVG charts, and the same numbers as CSV.
/// Stewards always see them; members once a steward publishes them.
struct ResultsController {
    let deps: VotingDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.voting.results, use: show)
        router.get(Site.voting.resultsCSV, use: csv)
        router.post(Site.voting.publish, use: publish)
    }

    struct View {
        var challengeID: Int64
        var links: ChallengeLinks
        var challengeTitle: String
        var isSteward: Bool
        var published: Bool
        var funnel: [FunnelRow]
        var funnelChart: String
        var sections: [Section]
        var hasIdeas: Bool
    }

    struct FunnelRow {
        var label: String
        var count: Int
        var unit: String
    }

    struct Section {
        var id: String
        var title: String
        var note: String
        var chart: String
        var unit: String
        var rows: [RankRow]
    }

    struct RankRow {
        var rank: Int
        var ideaID: Int64
        var href: String
        var title: String
        var stateLabel: String
        var value: String
        var detail: String
    }

    /// The results page.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, community, isSteward, settings) = try await deps.resultsReader.resultsScope(request, context: context)
        async let resultsRead = deps.resultsReader.results(of: challenge, settings: settings)
        // The stages as the portfolio and the health dashboard count them (one definition, in the store).
        async let stagesRead = deps.portfolio.funnel(challengeID: challenge.id, communityID: community.id)
        let (results, stages) = try await (resultsRead, stagesRead)
        let funnel = stages.stages.map { FunnelRow(label: $0.label, count: $0.count, unit: $0.unit) }
        let view = View(
            challengeID: challenge.id, links: ChallengeLinks(id: challenge.id, communitySlug: community.slug),
            challengeTitle: challenge.title, isSteward: isSteward, published: settings.resultsPublished,
            funnel: funnel,
            funnelChart: Charts.bars(id: "funnel", title: "Ideas at each stage", unit: "ideas",
                                     items: stages.stages.filter { $0.unit == "ideas" }
                                        .map { Charts.Bar(label: $0.label, value: Double($0.count)) }),
            sections: sections(results), hasIdeas: !results.all.isEmpty)
        return try deps.renderer.page(
            "voting/results", view, context: context, title: "Results: \(challenge.title)", community: community,
            crumbs: crumbs(community) + [Crumb(title: challenge.title, href: Site.challenges.show(challenge.id))])
    }

    /// The same numbers as a CSV download.
    @Sendable func csv(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, _, _, settings) = try await deps.resultsReader.resultsScope(request, context: context)
        let results = try await deps.resultsReader.results(of: challenge, settings: settings)
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"challenge-\(challenge.id)-results.csv\"",
        ], body: .init(byteBuffer: ByteBuffer(string: results.csv())))
    }

    /// A steward publishes the results to the members (or withdraws them).
    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.stewardedChallenge(request, context: context)
        let (challenge, community) = (scope.challenge, scope.community)
        let publish = context.form["published"] == "on"
        try await deps.results.setPublished(publish, challengeID: challenge.id, communityID: community.id)
        return redirect(to: Site.voting.results(challenge.id),
                        flash: publish ? "Results published to the community." : "Results are visible to stewards only.")
    }

    private func sections(_ results: ChallengeResults) -> [Section] {
        var sections: [Section] = []
        func rows(_ list: [ChallengeResults.Row], value: (ChallengeResults.Row) -> String,
                  detail: (ChallengeResults.Row) -> String = { _ in "" }) -> [RankRow] {
            list.prefix(20).enumerated().map {
                RankRow(rank: $0.offset + 1, ideaID: $0.element.idea.id, href: Site.ideas.show($0.element.idea.id), title: $0.element.idea.title,
                        stateLabel: $0.element.idea.state.label, value: value($0.element), detail: detail($0.element))
            }
        }
        let top = 15
        func counted(_ id: String, _ title: String, note: String, unit: String, chartTitle: String,
                     _ list: [ChallengeResults.Row], _ value: (IdeaSummary) -> Int) {
            guard !list.isEmpty else { return }
            sections.append(Section(
                id: id, title: title, note: note,
                chart: Charts.bars(id: "\(id)-chart", title: chartTitle, unit: unit.lowercased(),
                                   items: list.prefix(top).map { Charts.Bar(label: "#\($0.idea.id)", value: Double(value($0.idea))) }),
                unit: unit, rows: rows(list, value: { String(value($0.idea)) })))
        }
        counted("supports", "Supports", note: "One support per member per idea.", unit: "Supports",
                chartTitle: "Supports of the \(top) most supported ideas", results.bySupports, \.supportCount)
        counted("dots", "Dot voting", note: "Dots members spent on each idea.", unit: "Dots",
                chartTitle: "Dots on the \(top) ideas with most dots", results.byDots, \.dotCount)
        if !results.byPairwise.isEmpty {
            sections.append(Section(
                id: "pairwise", title: "Pairwise survey",
                note: "Score: the estimated chance that the idea beats a randomly chosen other idea, with its 95% interval, "
                    + "from \(Dates.count(results.pairwiseAnswers, "decided answer", "decided answers")).",
                chart: Charts.intervals(id: "pairwise-chart", title: "Pairwise scores of the \(top) best ideas with 95% intervals",
                                        items: results.byPairwise.prefix(top).compactMap { row in
                                            row.pairwise.map { Charts.Interval(label: "#\(row.idea.id)", score: $0.score, low: $0.low, high: $0.high) }
                                        }),
                unit: "Score",
                rows: rows(results.byPairwise, value: { percent($0.pairwise?.score) },
                           detail: { row in row.pairwise.map { "\(percent($0.low))–\(percent($0.high)), \($0.comparisons) comparisons" } ?? "" })))
        }
        if !results.byScorecard.isEmpty {
            sections.append(Section(
                id: "scorecards", title: "Reviewer scorecards",
                note: "Weighted mean of the reviewers' scores from 1 to 5; spread is the gap between the highest and "
                    + "lowest reviewer. Ideas where reviewers disagree by \(Charts.fmt(ScorecardSummary.disagreementSpread)) "
                    + "or more are flagged.",
                chart: Charts.bars(id: "scorecards-chart", title: "Weighted mean score of the \(top) best reviewed ideas",
                                   unit: "weighted mean (1–5)",
                                   items: results.byScorecard.prefix(top).map {
                                       Charts.Bar(label: "#\($0.idea.id)", value: (($0.scorecard?.weightedMean ?? 0) * 10).rounded() / 10)
                                   }),
                unit: "Mean",
                rows: rows(results.byScorecard, value: { Charts.fmt((($0.scorecard?.weightedMean ?? 0) * 100).rounded() / 100) },
                           detail: { row in
                               guard let card = row.scorecard else { return "" }
                               let spread = "spread \(String(format: "%.1f", card.spread)), \(Dates.count(card.reviewers, "reviewer", "reviewers"))"
                               let means = card.criterionMeans.map { String(format: "%.1f", $0) }.joined(separator: " / ")
                               return (card.disagreement ? "Reviewers disagree: " : "") + spread + "; by criterion " + means
                           })))
        }
        return sections
    }

    private func percent(_ value: Double?) -> String {
        guard let value else { return "" }
        return "\(Int((value * 100).rounded()))%"
    }
}
