import EyrieCore
import EyrieStore
import Hummingbird

/// Communities: the list, a community's page, joining, and stewards managing members.
struct CommunityController {
    let deps: CommunitiesDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.communities.index, use: index)
        router.post(Site.communities.index, use: create)
        router.get(Site.communities.show, use: show)
        router.get(Site.communities.join, use: invitation)
        router.post(Site.communities.join, use: join)
        router.post(Site.communities.memberRole, use: setRole)
        router.post(Site.communities.approveMember, use: approve)
        router.post(Site.communities.memberSponsor, use: setSponsor)
    }

    struct IndexView {
        var communities: [CommunityCard]
        var canCreate: Bool
        var form: FormState
        var isPrivateChecked: Bool
    }

    /// Every community the viewer may know about.
    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        try await renderIndex(FormState(), context: context)
    }

    /// Creates a community (admin); its creator becomes its first steward.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try deps.enforce(CommunityRules.check(.createCommunity, actor: deps.actor(context, role: nil)), request)
        do {
            let draft = try CommunityDraft.validate(context.form)
            let community = try await deps.communities.create(draft, stewardID: context.viewer!.member.id)
            return redirect(to: Site.communities.show(community.slug), flash: "Community “\("name", community.name)” created.")
        } catch let invalid as ValidationErrors {
            return try await renderIndex(FormState(values: context.form, errors: invalid.errors), context: context,
                                         status: .unprocessableContent)
        } catch StoreError.conflict {
            return try await renderIndex(FormState(values: context.form, errors: [.init("name", "A community with this name already exists")]),
                                         context: context, status: .unprocessableContent)
        }
    }

    /// A community's page: domain, members by organisation, challenges; for stewards, requests and roles.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await find(context)
        let (actor, membership) = try await deps.actor(context, communityID: community.id)
        let decision = CommunityRules.check(.view, actor: actor, visibility: community.visibility)
        if decision == .signInRequired { throw SignInRequired(next: returnPath(request)) }
        let scope = CommunityScope(community: community, actor: actor)
        let reads = decision.isAllowed ? try await CommunityPage.load(scope, deps: deps, context: context) : nil
        let page = CommunityPage(scope, membership: membership, signedIn: context.viewer != nil, reads: reads,
                                 zone: ViewerZone.from(request))
        return try deps.renderer.page("communities/show", page, context: context, title: community.name,
                                      community: community, crumbs: [Crumb(title: "Communities", href: Site.communities.index())])
    }

    struct InvitationView {
        var community: CommunityCard
        var links: CommunityLinks
        var code: String
        var isValid: Bool
    }

    /// The page an invitation link opens: it explains, and a button joins (a GET never changes anything).
    @Sendable func invitation(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await find(context)
        guard context.viewer != nil else { throw SignInRequired(next: returnPath(request)) }
        let code = request.uri.queryParameters.get("code") ?? ""
        let view = InvitationView(community: CommunityCard(community), links: CommunityLinks(slug: community.slug), code: code,
                                  isValid: FormMiddleware.same(code, community.inviteCode))
        return try deps.renderer.page("communities/join", view, context: context, title: say("Join \("community", community.name)"),
                                          community: community)
    }

    /// Joins an open community, or a private one with a valid invitation code; otherwise asks the stewards.
    @Sendable func join(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await find(context)
        let (actor, _) = try await deps.actor(context, communityID: community.id)
        try deps.enforce(CommunityRules.check(.join, actor: actor, visibility: community.visibility), request)
        let invited = FormMiddleware.same(context.form["code"] ?? "", community.inviteCode)
        let status: MembershipStatus = community.visibility == .open || invited ? .active : .pending
        try await deps.communities.join(communityID: community.id, memberID: context.viewer!.member.id, status: status)
        deps.organisationCountCache.forget(community.id)
        guard status == .active else {
            return redirect(to: Site.communities.show(community.slug), flash: "Your request to join was sent to the stewards.")
        }
        // Joined from a page that needed membership (a challenge, an idea, a 403): go back there.
        let back = SafePath.from(context.form["next"], fallback: Site.communities.show(community.slug))
        return redirect(to: back, flash: "You joined \("name", community.name).")
    }

    /// A steward changes a member's role.
    @Sendable func setRole(_ request: Request, context: AppContext) async throws -> Response {
        let (community, memberID) = try await stewardAction(request, context: context)
        guard let role = CommunityRole(rawValue: context.form["role"] ?? "") else {
            throw HTTPError(.unprocessableContent, message: "Choose member, facilitator or steward.")
        }
        try deps.enforce(CommunityRules.mayChangeRole(isOwn: memberID == context.viewer?.member.id, to: role,
                                                          actor: deps.actor(context, role: nil)), request)
        guard try await deps.communities.setRole(communityID: community.id, memberID: memberID, role: role) else {
            throw HTTPError(.notFound)
        }
        return redirect(to: Site.communities.show(community.slug), flash: "Role changed to \("role", say(Phrase(role.label))).")
    }

    /// A steward marks a member as a sponsor: on challenges sponsored by their organisation, sponsors move ideas
    /// through the funnel (into design, selected, declined).
    @Sendable func setSponsor(_ request: Request, context: AppContext) async throws -> Response {
        let (community, memberID) = try await stewardAction(request, context: context)
        let on = context.form["sponsor"] == "on"
        guard try await deps.communities.setSponsor(communityID: community.id, memberID: memberID, isSponsor: on) else {
            throw HTTPError(.notFound)
        }
        return redirect(to: Site.communities.show(community.slug), flash: on ? "Marked as a sponsor." : "No longer a sponsor.")
    }

    /// A steward accepts a request to join a private community.
    @Sendable func approve(_ request: Request, context: AppContext) async throws -> Response {
        let (community, memberID) = try await stewardAction(request, context: context)
        guard try await deps.communities.approve(communityID: community.id, memberID: memberID) else {
            throw HTTPError(.notFound)
        }
        deps.organisationCountCache.forget(community.id)
        return redirect(to: Site.communities.show(community.slug), flash: "Request approved.")
    }

    private func stewardAction(_ request: Request, context: AppContext) async throws -> (Community, Int64) {
        let community = try await find(context)
        let memberID = try context.parameters.id()
        let (actor, _) = try await deps.actor(context, communityID: community.id)
        try deps.enforce(CommunityRules.check(.manageMembers, actor: actor, visibility: community.visibility), request)
        return (community, memberID)
    }

    private func find(_ context: AppContext) async throws -> Community {
        guard let slug = context.parameters.get("slug"), slug.count <= 80,
              let community = try await deps.communities.find(slug: slug) else { throw HTTPError(.notFound) }
        return community
    }

    private func renderIndex(_ form: FormState, context: AppContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        var cards: [CommunityCard] = []
        let mine = context.viewer == nil ? [] : try await deps.communities.memberships(of: context.viewer!.member.id)
        for community in try await deps.communities.all() {
            let membership = mine.first { $0.community.id == community.id }
            cards.append(CommunityCard(community, role: membership?.role, status: membership?.status))
        }
        let view = IndexView(communities: cards, canCreate: CommunityRules.check(.createCommunity, actor: deps.actor(context, role: nil)).isAllowed, form: form,
                             isPrivateChecked: form.values["visibility"] == "private")
        return try deps.renderer.page("communities/index", view, context: context, title: "Communities",
                                          status: status, errors: form.list)
    }
}
