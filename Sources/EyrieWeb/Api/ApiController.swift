import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The JSON API under `/api/v1`, as `web/api/openapi.json` describes it. Every route starts from the same scope
/// function as its page (`visibleCommunity`, `visibleChallenge`, `ideaScope`, `workshopScope`, `offeringScope`), so
/// one place decides who may see and do what; `ApiMiddleware` in front handles tokens, limits, ETags and errors.
struct ApiController {
    let services: Services
    let docs: ApiDocs

    init(services: Services) throws {
        self.services = services
        docs = try ApiDocs(webDirectory: services.config.webDirectory)
    }

    static let routes: [(method: String, path: String)] = [
        ("GET", "/api/v1/communities"), ("GET", "/api/v1/communities/{slug}"),
        ("GET", "/api/v1/communities/{slug}/challenges"), ("GET", "/api/v1/communities/{slug}/workshops"),
        ("GET", "/api/v1/communities/{slug}/offerings"), ("GET", "/api/v1/challenges/{id}"),
        ("GET", "/api/v1/challenges/{id}/ideas"), ("POST", "/api/v1/challenges/{id}/ideas"),
        ("GET", "/api/v1/challenges/{id}/results"), ("GET", "/api/v1/challenges/{id}/pairwise"),
        ("POST", "/api/v1/challenges/{id}/pairwise"), ("GET", "/api/v1/ideas/{id}"),
        ("GET", "/api/v1/ideas/{id}/comments"), ("POST", "/api/v1/ideas/{id}/comments"),
        ("PUT", "/api/v1/ideas/{id}/support"), ("DELETE", "/api/v1/ideas/{id}/support"),
        ("POST", "/api/v1/ideas/{id}/dots"), ("DELETE", "/api/v1/ideas/{id}/dots"),
        ("GET", "/api/v1/workshops/{id}"), ("GET", "/api/v1/offerings/{id}"),
    ]

    func register(on router: Router<AppContext>) {
        let api = router.group("/api/v1").add(middleware: ApiMiddleware(services: services, anonymous: AddressLimiter()))
        api.get("/communities", use: communities)
        api.get("/communities/:slug", use: community)
        api.get("/communities/:slug/challenges", use: challenges)
        api.get("/communities/:slug/workshops", use: workshops)
        api.get("/communities/:slug/offerings", use: offerings)
        api.get("/challenges/:id", use: challenge)
        api.get("/challenges/:id/ideas", use: ideas)
        api.post("/challenges/:id/ideas", use: submitIdea)
        api.get("/challenges/:id/results", use: results)
        api.get("/challenges/:id/pairwise", use: pair)
        api.post("/challenges/:id/pairwise", use: answerPair)
        api.get("/ideas/:id", use: idea)
        api.get("/ideas/:id/comments", use: comments)
        api.post("/ideas/:id/comments", use: comment)
        api.put("/ideas/:id/support", use: support)
        api.delete("/ideas/:id/support", use: unsupport)
        api.post("/ideas/:id/dots", use: addDot)
        api.delete("/ideas/:id/dots", use: removeDot)
        api.get("/workshops/:id", use: workshop)
        api.get("/offerings/:id", use: offering)
        // The document itself and its reference page: plain files, outside the rate-limited group.
        router.get("/api/v1/openapi.json", use: document)
        router.get("/api/v1/docs", use: reference)
    }

    /// Communities the caller may see: open ones, and private ones they belong to (all for a platform admin).
    @Sendable func communities(_ request: Request, context: AppContext) async throws -> Response {
        let all = try await services.communities.all()
        var mine = Set<Int64>()
        if let viewer = context.viewer {
            mine = Set(try await services.communities.memberships(of: viewer.member.id).filter { $0.2 == .active }.map { $0.0.id })
        }
        let visible = all.filter { $0.visibility == .open || mine.contains($0.id) || context.viewer?.member.isAdmin == true }
        return try ApiJSON.ok(ApiResources.List(items: visible.map(ApiResources.CommunityItem.init)))
    }

    @Sendable func community(_ request: Request, context: AppContext) async throws -> Response {
        let (community, _) = try await services.visibleCommunity(request, context: context)
        return try ApiJSON.ok(ApiResources.CommunityItem(community))
    }

    @Sendable func challenges(_ request: Request, context: AppContext) async throws -> Response {
        let (community, actor) = try await services.visibleCommunity(request, context: context)
        let list = try await services.challenges.list(communityID: community.id)
            .filter { $0.phase() != .draft || actor.atLeast(.steward) }
        return try ApiJSON.ok(ApiResources.List(items: list.map { ApiResources.ChallengeItem($0, community: community.slug) }))
    }

    @Sendable func challenge(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, community, _) = try await ChallengeController(services: services).visibleChallenge(request, context: context)
        return try ApiJSON.ok(ApiResources.ChallengeItem(challenge, community: community.slug))
    }

    /// The challenge page's list: the same `sort`, `q`, `tag` and keyset cursor `after`, and `limit` (1–100).
    @Sendable func ideas(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, _, _) = try await ChallengeController(services: services).visibleChallenge(request, context: context)
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
        let page = try await services.ideaLists.page(challengeID: challenge.id, query: query,
                                                     unfilteredTotal: challenge.ideaCount)
        return try ApiJSON.ok(ApiResources.IdeaPage(ideas: page.ideas.map(ApiResources.IdeaItem.init), total: page.total,
                                                    next: page.next?.text))
    }

    @Sendable func idea(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await services.ideaScope(request, context: context)
        return try ApiJSON.ok(ApiResources.IdeaDetail(scope.idea))
    }

    @Sendable func comments(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await services.ideaScope(request, context: context)
        let steward = scope.actor.atLeast(.steward)
        let list = try await services.comments.list(ideaID: scope.idea.id).filter { $0.hiddenReason == nil || steward }
        return try ApiJSON.ok(ApiResources.List(items: list.map {
            ApiResources.CommentItem(id: $0.id, idea_id: $0.ideaID, parent_id: $0.parentID, author: $0.authorName,
                                     body: $0.body, created_at: $0.createdAt)
        }))
    }

    @Sendable func workshops(_ request: Request, context: AppContext) async throws -> Response {
        let (community, actor) = try await services.visibleCommunity(request, context: context)
        let drafts: WorkshopRepository.Drafts = actor.atLeast(.steward) ? .all
            : context.viewer.map { .facilitatedBy($0.member.id) } ?? .none
        let list = try await services.workshops.list(communityID: community.id, drafts: drafts, limit: 200)
        return try ApiJSON.ok(ApiResources.List(items: list.map { ApiResources.WorkshopItem($0, community: community.slug) }))
    }

    @Sendable func workshop(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await services.workshopScope(request, context: context)
        return try ApiJSON.ok(ApiResources.WorkshopItem(scope.workshop, community: scope.community.slug))
    }

    @Sendable func offerings(_ request: Request, context: AppContext) async throws -> Response {
        let (community, _) = try await services.visibleCommunity(request, context: context)
        let list = try await services.offerings.list(communityID: community.id)
        return try ApiJSON.ok(ApiResources.List(items: list.map { ApiResources.OfferingItem($0.offering, community: community.slug) }))
    }

    @Sendable func offering(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await services.offeringScope(request, context: context)
        return try ApiJSON.ok(ApiResources.OfferingItem(scope.offering, community: scope.community.slug))
    }

    /// Results as the results page shows them: stewards always, members once published.
    @Sendable func results(_ request: Request, context: AppContext) async throws -> Response {
        let controller = ResultsController(services: services)
        let (challenge, _, _, settings) = try await controller.access(request, context: context)
        let results = try await controller.load(challenge, settings: settings)
        func rows(_ list: [ChallengeResults.Row]) -> [ApiResources.ResultRow] {
            list.map { .init(idea: .init($0.idea), pairwise_score: $0.pairwise?.score, scorecard_mean: $0.scorecard?.weightedMean) }
        }
        var funnel: [String: Int] = [:]
        for (state, count) in results.funnel { funnel[state.rawValue] = count }
        return try ApiJSON.ok(ApiResources.Results(challenge_id: challenge.id, funnel: funnel, by_supports: rows(results.bySupports),
                                                   by_dots: rows(results.byDots), by_pairwise: rows(results.byPairwise),
                                                   pairwise_answers: results.pairwiseAnswers))
    }
}
