import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A community's health for its stewards (and platform admins): levels, movement, drift, newcomers, organisations,
/// who works with whom and the challenge funnels, each with its numbers and a CSV download; the thresholds; a
/// refresh. Everyone else: a 404 for a private community they cannot see, a 403 otherwise.
struct HealthController {
    let deps: HealthDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.health.show, use: show)
        router.post(Site.health.refresh, use: refresh)
        router.post(Site.health.settings, use: saveSettings)
        router.get(Site.health.download, use: csv)
        router.post(Site.health.nudges, use: nudge)
    }

    /// The community, once the viewer is known to be one of its stewards or an admin.
    func stewardCommunity(_ request: Request, context: AppContext) async throws -> Community {
        let scope = try await deps.communityScope(request, context: context)
        let (community, actor) = (scope.community, scope.actor)
        try deps.enforce(CommunityRules.check(.viewHealth, actor: actor, visibility: community.visibility), request)
        return community
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        return try await render(community, form: nil, context: context)
    }

    func render(_ community: Community, form: FormState?, nudgeForm: FormState? = nil, context: AppContext,
                status: HTTPResponse.Status = .ok) async throws -> Response {
        var (dashboard, links) = try await deps.standby(context) {
            async let dashboardRead = deps.health.dashboard(communityID: community.id)
            async let linksRead = nudgeLinks(community)
            return try await (dashboardRead, linksRead)
        }
        // The first visit works the history out; after that the serve loop and "Refresh" keep it current.
        if dashboard.takenAt == nil {
            _ = try await deps.healthSnapshots.take(communityID: community.id)
            dashboard = try await deps.health.dashboard(communityID: community.id)
        }
        var view = HealthPage.view(dashboard, community: community, form: form)
        let nudge = nudgeForm ?? FormState()
        view.nudgeForm = nudge
        view.nudgeLinks = [Option(value: "", label: say("The community's page"), selected: (nudge.values["link"] ?? "").isEmpty)]
            + links.map { Option(value: $0.path, label: $0.label, selected: nudge.values["link"] == $0.path) }
        let chosen = Set(FormList.ids(nudge.values, prefix: "member-"))
        for i in view.drifting.indices { view.drifting[i].chosen = chosen.contains(view.drifting[i].id) }
        for i in view.newcomers.indices { view.newcomers[i].chosen = chosen.contains(view.newcomers[i].id) }
        return try deps.renderer.page("health/show", view, context: context, title: say("Health of \("community", community.name)"),
                                          status: status, community: community, crumbs: crumbs(community),
                                          errors: (form?.list ?? []) + (nudgeForm?.list ?? []))
    }

    /// What a nudge may point to: the community's challenges open for ideas or votes, and its coming workshops.
    func nudgeLinks(_ community: Community) async throws -> [(path: String, label: String)] {
        async let challenges = deps.challenges.list(communityID: community.id)
        async let workshops = deps.workshops.list(communityID: community.id, drafts: .none)
        let open = try await challenges.filter { [.open, .voting].contains($0.phase()) }
        let coming = try await workshops.filter { $0.state == .scheduled && $0.startsAt > Date() }
        return open.map { (Site.challenges.show($0.id), say("Challenge: \("challenge", $0.title)")) }
            + coming.map { (Site.workshops.show($0.id), say("Workshop: \("workshop", $0.title)")) }
    }

    /// A steward writes to drifting members or newcomers; members nudged in the last 30 days are left out.
    @Sendable func nudge(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        do {
            let links = Set(try await nudgeLinks(community).map(\.path))
            let draft = try NudgeDraft.validate(context.form, links: links)
            let outcome = try await deps.nudges.send(draft, communityID: community.id, stewardID: context.viewer!.member.id,
                                                         site: deps.config.site,
                                                         links: try await UnsubscribeLink.load(deps.db),
                                                         voices: Messages.current.voices)
            var flash = say(outcome.sent.isEmpty ? "Nobody was written to."
                : .plural("Message sent to {count} member.", "Message sent to {count} members.", count: outcome.sent.count))
            if !outcome.skipped.isEmpty {
                flash += " " + say(.plural("{count} member was left out: nudged in the last {days} days already.",
                                           "{count} members were left out: nudged in the last {days} days already.",
                                           count: outcome.skipped.count, ["days": String(NudgeDraft.quietDays)]))
            }
            return redirect(to: Site.health.show(community.slug) + "#drifting-title", saying: flash)
        } catch let invalid as ValidationErrors {
            return try await render(community, form: nil, nudgeForm: FormState(values: context.form, errors: invalid.errors),
                                    context: context, status: .unprocessableContent)
        }
    }

    @Sendable func refresh(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        _ = try await deps.healthSnapshots.take(communityID: community.id)
        return redirect(to: Site.health.show(community.slug), flash: "The figures are up to date.")
    }

    @Sendable func saveSettings(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        do {
            let thresholds = try HealthThresholds.validate(context.form)
            try await deps.health.save(thresholds, communityID: community.id)
            _ = try await deps.healthSnapshots.take(communityID: community.id)
            return redirect(to: Site.health.show(community.slug) + "#thresholds",
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
        let dashboard = try await deps.standby(context) { try await deps.health.dashboard(communityID: community.id, limit: nil) }
        return download(CSV.document(HealthPage.rows(table, dashboard)), type: "text/csv; charset=utf-8",
                        name: "\(community.slug)-\(table.rawValue).csv")
    }
}
