import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The JSON API under `/api/v1`, as `web/api/openapi.json` describes it. Every route starts from the same scope
/// function as its page (`communityScope`, `challengeScope`, `ideaScope`, `workshopScope`, `offeringScope`), so
/// one place decides who may see and do what; `ApiMiddleware` in front handles tokens, limits, ETags and errors.
struct ApiController {
    let deps: ApiDependencies
    let docs: ApiDocs

    init(deps: ApiDependencies) throws {
        self.deps = deps
        docs = try ApiDocs(webDirectory: deps.config.webDirectory)
    }

    func register(on router: some RouterMethods<AppContext>) {
        let api = router.group().add(middleware: ApiMiddleware(deps: deps, anonymous: AddressLimiter()))
        api.get(Site.api.communities, use: communities)
        api.get(Site.api.community, use: community)
        api.get(Site.api.challenges, use: challenges)
        api.get(Site.api.workshops, use: workshops)
        api.get(Site.api.offerings, use: offerings)
        api.get(Site.api.challenge, use: challenge)
        api.get(Site.api.ideas, use: ideas)
        api.post(Site.api.ideas, use: submitIdea)
        api.get(Site.api.results, use: results)
        api.get(Site.api.pairwise, use: pair)
        api.post(Site.api.pairwise, use: answerPair)
        api.get(Site.api.idea, use: idea)
        api.get(Site.api.comments, use: comments)
        api.post(Site.api.comments, use: comment)
        api.put(Site.api.support, use: support)
        api.delete(Site.api.support, use: unsupport)
        api.post(Site.api.dots, use: addDot)
        api.delete(Site.api.dots, use: removeDot)
        api.get(Site.api.workshop, use: workshop)
        api.get(Site.api.offering, use: offering)
        registerPractice(on: api)
        // Any other address under the API is a problem-details 404, not the site's HTML page: before tokens and
        // limits are asked for, since there is nothing there to protect.
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] {
            router.on(Site.api.unknown, method: method, use: unknown)
        }
        // The document itself: a plain file, outside the rate-limited group.
        router.get(Site.api.document, use: document)
    }

    /// The reference page, registered with the pages (after the session is read) so that it knows who is signed in.
    func registerPages(on router: some RouterMethods<AppContext>) {
        router.get(Site.api.docs, use: reference)
    }

    @Sendable func unknown(_ request: Request, context: AppContext) async throws -> Response {
        ApiProblem(status: .notFound, detail: "There is no \("method", request.method.rawValue) \("path", request.uri.path) in this API: see /api/v1/openapi.json.")
            .response(deps.translations.messages(for: request))
    }

    /// Communities the caller may see: open ones, and private ones they belong to (all for a platform admin).
    @Sendable func communities(_ request: Request, context: AppContext) async throws -> Response {
        let all = try await deps.communities.all()
        var roles: [Int64: CommunityRole] = [:]
        if let viewer = context.viewer {
            for membership in try await deps.communities.memberships(of: viewer.member.id) where membership.status == .active {
                roles[membership.community.id] = membership.role
            }
        }
        let visible = all.filter {
            CommunityRules.check(.view, actor: deps.actor(context, role: roles[$0.id]), visibility: $0.visibility).isAllowed
        }
        return try ApiJSON.ok(ApiResources.List(items: visible.map(ApiResources.CommunityItem.init)))
    }

    @Sendable func community(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await deps.communityScope(request, context: context).community
        return try ApiJSON.ok(ApiResources.CommunityItem(community))
    }

    @Sendable func challenges(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        let (community, actor) = (scope.community, scope.actor)
        let list = try await deps.standby(context) { try await deps.challenges.list(communityID: community.id) }
            .filter { ChallengeRules.lists($0.phase(), for: actor) }
        return try ApiJSON.ok(ApiResources.List(items: list.map { ApiResources.ChallengeItem($0, community: community.slug) }))
    }

    @Sendable func challenge(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.challengeScope(request, context: context)
        let (challenge, community) = (scope.challenge, scope.community)
        return try ApiJSON.ok(ApiResources.ChallengeItem(challenge, community: community.slug))
    }

    /// The challenge page's list: the same `sort`, `q`, `tag` and keyset cursor `after`, and `limit` (1–100).
    @Sendable func ideas(_ request: Request, context: AppContext) async throws -> Response {
        let challenge = try await deps.challengeScope(request, context: context).challenge
        var params: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { params[String(key)] = String(value) }
        var query = IdeaQuery.parse(params)
        if let raw = params["limit"] {
            guard let limit = Int(raw), (1...100).contains(limit) else {
                throw ApiProblem(status: .unprocessableContent, detail: "limit must be a whole number from 1 to 100.",
                                 errors: [.init("limit", "Use a whole number from 1 to 100")])
            }
            query.limit = limit
        }
        if let sort = params["sort"], IdeaSort(rawValue: sort) == nil {
            throw ApiProblem(status: .unprocessableContent, detail: "sort must be new, supported or discussed.",
                             errors: [.init("sort", "Use new, supported or discussed")])
        }
        if let after = params["after"], IdeaCursor(after) == nil {
            throw ApiProblem(status: .unprocessableContent, detail: "after must be the next cursor of a previous page.",
                             errors: [.init("after", "Use the next value of a previous page")])
        }
        let page = try await deps.standby(context) {
            try await deps.ideaLists.page(challengeID: challenge.id, query: query, unfilteredTotal: challenge.ideaCount)
        }
        return try ApiJSON.ok(ApiResources.IdeaPage(ideas: page.ideas.map(ApiResources.IdeaItem.init), total: page.total,
                                                    next: page.next?.text))
    }

    @Sendable func idea(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        return try ApiJSON.ok(ApiResources.IdeaDetail(scope.idea))
    }

    @Sendable func comments(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        let moderates = scope.check(.moderate).isAllowed
        let list = try await deps.standby(context) { try await deps.comments.list(ideaID: scope.idea.id) }.filter { $0.hiddenReason == nil || moderates }
        return try ApiJSON.ok(ApiResources.List(items: list.map {
            ApiResources.CommentItem(id: $0.id, idea_id: $0.ideaID, parent_id: $0.parentID, author: $0.authorName,
                                     body: $0.body, created_at: $0.createdAt)
        }))
    }

    @Sendable func workshops(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        let (community, actor) = (scope.community, scope.actor)
        let drafts = deps.workshopDrafts(actor, context: context)
        let list = try await deps.standby(context) { try await deps.workshops.list(communityID: community.id, drafts: drafts, limit: 200) }
        return try ApiJSON.ok(ApiResources.List(items: list.map { ApiResources.WorkshopItem($0, community: community.slug) }))
    }

    @Sendable func workshop(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        return try ApiJSON.ok(ApiResources.WorkshopItem(scope.workshop, community: scope.community.slug))
    }

    @Sendable func offerings(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await deps.communityScope(request, context: context).community
        let list = try await deps.standby(context) { try await deps.offerings.list(communityID: community.id) }
        return try ApiJSON.ok(ApiResources.List(items: list.map { ApiResources.OfferingItem($0.offering, community: community.slug) }))
    }

    @Sendable func offering(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        return try ApiJSON.ok(ApiResources.OfferingItem(scope.offering, community: scope.community.slug))
    }

    /// Results as the results page shows them, to those who may read them there.
    @Sendable func results(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, _, _, settings) = try await deps.resultsReader.resultsScope(request, context: context)
        // The results page reads narrow rows; the API gives each idea as its idea list does, so it reads them in full
        // and builds the results from those.
        let (summaries, results) = try await deps.standby(context) {
            let summaries = try await deps.resultsReader.results.summaries(challengeID: challenge.id)
            return (summaries, try await deps.resultsReader.results(of: challenge, settings: settings, ideas: summaries.map(ResultIdea.init)))
        }
        let byID = Dictionary(summaries.map { ($0.id, ApiResources.IdeaItem($0)) }, uniquingKeysWith: { a, _ in a })
        func rows(_ list: [ChallengeResults.Row]) -> [ApiResources.ResultRow] {
            list.compactMap { row in
                byID[row.idea.id].map { .init(idea: $0, pairwise_score: row.pairwise?.score, scorecard_mean: row.scorecard?.weightedMean) }
            }
        }
        var funnel: [String: Int] = [:]
        for (state, count) in results.funnel { funnel[state.rawValue] = count }
        return try ApiJSON.ok(ApiResources.Results(challenge_id: challenge.id, funnel: funnel, by_supports: rows(results.bySupports),
                                                   by_dots: rows(results.byDots), by_pairwise: rows(results.byPairwise),
                                                   pairwise_answers: results.pairwiseAnswers,
                                                   agreed_ranking: results.agreed.entries.compactMap { entry in
                                                       byID[entry.idea.id].map {
                                                           .init(idea: $0, rank: entry.rank, score: (entry.score * 10).rounded() / 10,
                                                                 methods: entry.evidence.map(\.method.rawValue))
                                                       }
                                                   },
                                                   agreed_rule: AgreedRanking.rule.description))
    }
}
