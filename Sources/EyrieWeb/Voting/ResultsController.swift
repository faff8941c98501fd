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

    /// The results page.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, community, isSteward, settings) = try await deps.resultsReader.resultsScope(request, context: context)
        let reads = try await deps.standby(context) { try await read(challenge, community: community, settings: settings) }
        let showsAll = request.uri.queryParameters["ranking"] == "all"
        return try render(ResultsPage(reads, isSteward: isSteward, showsAll: showsAll), challenge: challenge,
                          community: community, context: context)
    }

    private func read(_ challenge: Challenge, community: Community, settings: VotingSettings) async throws -> ResultsPage.Reads {
        async let resultsRead = deps.resultsReader.results(of: challenge, settings: settings)
        // The stages as the portfolio and the health dashboard count them (one definition, in the store).
        async let stagesRead = deps.portfolio.funnel(challengeID: challenge.id, communityID: community.id)
        async let decisionsRead = deps.results.decisions(challengeID: challenge.id)
        let (results, stages, decisions) = try await (resultsRead, stagesRead, decisionsRead)
        return ResultsPage.Reads(challenge: challenge, community: community, settings: settings, results: results,
                                 stages: stages.stages, decisions: decisions)
    }

    private func render(_ page: ResultsPage, challenge: Challenge, community: Community, context: AppContext,
                        status: HTTPResponse.Status = .ok) throws -> Response {
        try deps.renderer.page(
            "voting/results", page, context: context, title: say("Results: \("challenge", challenge.title)"), status: status, community: community,
            crumbs: crumbs(community) + [Crumb(title: challenge.title, href: Site.challenges.show(challenge.id))])
    }

    /// The same numbers as a CSV download.
    @Sendable func csv(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, _, _, settings) = try await deps.resultsReader.resultsScope(request, context: context)
        let results = try await deps.standby(context) { try await deps.resultsReader.results(of: challenge, settings: settings) }
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"challenge-\(challenge.id)-results.csv\"",
        ], body: .init(byteBuffer: ByteBuffer(string: results.csv())))
    }

    /// A steward chooses who reads the results (stewards, also the sponsor's members, everyone) and the day they
    /// expect to publish them; a bad day is shown beside its field on the results page.
    @Sendable func publish(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.stewardedChallenge(request, context: context)
        let (challenge, community) = (scope.challenge, scope.community)
        let release: ResultsRelease
        do {
            release = try ResultsRelease.validate(context.form)
        } catch let invalid as ValidationErrors {
            let settings = try await deps.votingSettings.find(challengeID: challenge.id)
            let reads = try await read(challenge, community: community, settings: settings)
            let page = ResultsPage(reads, isSteward: true, form: FormState(values: context.form, errors: invalid.errors))
            return try render(page, challenge: challenge, community: community, context: context, status: .unprocessableContent)
        }
        try await deps.results.release(to: release.audience, expectedAt: release.expectedAt, challengeID: challenge.id,
                                       communityID: community.id)
        let flash: Phrase = switch release.audience {
        case .stewards: "Only the stewards can read the results now."
        case .sponsor: "Results shared with members of \("sponsor", challenge.sponsorName), the sponsor."
        case .community: "Results published to everyone who can see the challenge."
        }
        return redirect(to: Site.voting.results(challenge.id), flash: flash)
    }
}
