import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A community's health for its stewards (and platform admins): levels, movement, drift, newcomers, organisations,
/// who works with whom and the challenge funnels, each with its numbers and a CSV download; the thresholds; a
/// refresh. Everyone else: a 404 for a private community they cannot see, a 403 otherwise.
struct HealthController {
    let services: Services

    func register(on router: Router<AppContext>) {
        router.get("/communities/:slug/health", use: show)
        router.post("/communities/:slug/health/refresh", use: refresh)
        router.post("/communities/:slug/health/settings", use: saveSettings)
        router.get("/communities/:slug/health/download/:table", use: csv)
    }

    /// The community, once the viewer is known to be one of its stewards or an admin.
    func stewardCommunity(_ request: Request, context: AppContext) async throws -> Community {
        let (community, actor) = try await services.visibleCommunity(request, context: context)
        try services.enforce(CommunityRules.check(.viewHealth, actor: actor, visibility: community.visibility), request)
        return community
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        // The first visit works the history out; after that the serve loop and "Refresh" keep it current.
        if try await services.health.latest(communityID: community.id) == nil {
            _ = try await services.healthSnapshots.take(communityID: community.id)
        }
        return try await render(community, form: nil, context: context)
    }

    func render(_ community: Community, form: FormState?, context: AppContext,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let dashboard = try await services.health.dashboard(communityID: community.id)
        let view = HealthPage.view(dashboard, community: community, form: form)
        return try services.renderer.page("communities/health", view, context: context, title: "Health of \(community.name)",
                                          status: status, community: community, crumbs: crumbs(community),
                                          errors: form?.list ?? [])
    }

    @Sendable func refresh(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        _ = try await services.healthSnapshots.take(communityID: community.id)
        return redirect(to: "/communities/\(community.slug)/health", flash: "The figures are up to date.")
    }

    @Sendable func saveSettings(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        do {
            let thresholds = try HealthThresholds.validate(context.form)
            try await services.health.save(thresholds, communityID: community.id)
            _ = try await services.healthSnapshots.take(communityID: community.id)
            return redirect(to: "/communities/\(community.slug)/health#thresholds",
                            flash: "Thresholds saved; every month was worked out again by them.")
        } catch let invalid as ValidationErrors {
            return try await render(community, form: FormState(values: context.form, errors: invalid.errors),
                                    context: context, status: .unprocessableContent)
        }
    }

    @Sendable func csv(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        let name = context.parameters.get("table") ?? ""
        guard name.hasSuffix(".csv"), let table = HealthPage.Table(rawValue: String(name.dropLast(4))) else {
            throw HTTPError(.notFound)
        }
        let dashboard = try await services.health.dashboard(communityID: community.id, limit: nil)
        return download(CSV.document(HealthPage.rows(table, dashboard)), type: "text/csv; charset=utf-8",
                        name: "\(community.slug)-\(table.rawValue).csv")
    }
}
