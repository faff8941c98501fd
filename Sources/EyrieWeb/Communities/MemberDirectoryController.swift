import EyrieCore
import EyrieStore
import Hummingbird

/// A community's members on a page of their own: everyone who may see the community searches and pages through them;
/// stewards also see the requests to join first, filter by state, and change roles or approve requests for many
/// members at once, after a confirmation.
struct MemberDirectoryController {
    let deps: CommunitiesDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.communities.members, use: list)
        router.post(Site.communities.bulkMembers, use: bulk)
    }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.seeMembers), request, community: scope.community)
        let isSteward = scope.check(.manageMembers).isAllowed
        var params: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { params[String(key)] = String(value) }
        var asked = MemberQuery.parse(params)
        if !isSteward { asked.status = .active }  // requests to join are the stewards' business
        let query = asked
        let id = scope.community.id
        let showsRequests = isSteward && query.after == nil && query.status != .pending
        async let page = deps.memberDirectory.page(communityID: id, query: query, searchEmails: isSteward)
        async let pending = showsRequests
            ? deps.memberDirectory.page(communityID: id, query: MemberQuery(status: .pending, limit: 100), searchEmails: true)
            : nil
        async let organisations = deps.organisationCounts(communityID: id)
        let reads = try await MemberDirectoryPage.Reads(page: page, pending: pending, organisations: organisations)
        let view = MemberDirectoryPage(scope, query: query, reads: reads)
        return try deps.renderer.page("communities/members", view, context: context, title: say("Members of \("community", scope.community.name)"),
                                      community: scope.community,
                                      crumbs: [Crumb(title: scope.community.name, href: Site.communities.show(scope.community.slug))])
    }

    /// First the confirmation (who, and what will happen), then, with `confirm=yes`, the change.
    @Sendable func bulk(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.manageMembers), request, community: scope.community)
        let listPage = Site.communities.members(scope.community.slug)
        guard let action = BulkMemberAction(context.form["action"] ?? "") else {
            return redirect(to: listPage, flash: "Choose what to do with the members you picked.")
        }
        let picked = context.form.compactMap { key, value -> Int64? in
            key.hasPrefix("member-") && value == "on" ? Int64(key.dropFirst("member-".count)) : nil
        }.sorted()
        guard !picked.isEmpty, picked.count <= 500 else {
            return redirect(to: listPage, flash: picked.isEmpty ? "Pick at least one member first." : "Pick at most 500 members at once.")
        }
        guard context.form["confirm"] == "yes" else { return try await confirm(action, picked, scope: scope, context: context) }
        return try await apply(action, picked, scope: scope, context: context, listPage: listPage)
    }

    private func confirm(_ action: BulkMemberAction, _ picked: [Int64], scope: CommunityScope,
                         context: AppContext) async throws -> Response {
        let members = try await deps.communities.members(communityID: scope.community.id)
        let names = Dictionary(members.map { ($0.memberID, $0.memberName) }, uniquingKeysWith: { a, _ in a })
        let found = picked.compactMap { id in names[id].map { BulkConfirmationPage.Picked(field: "member-\(id)", name: $0) } }
        let view = BulkConfirmationPage(question: action.question(count: found.count),
                                        action: Site.communities.bulkMembers(scope.community.slug), value: action.rawValue,
                                        back: Site.communities.members(scope.community.slug), picked: found,
                                        button: "Yes, \(action == .approve ? "approve" : "change") \(Dates.count(found.count, "member", "members"))")
        return try deps.renderer.page("communities/members-confirm", view, context: context, title: "Confirm",
                                      community: scope.community)
    }

    private func apply(_ action: BulkMemberAction, _ picked: [Int64], scope: CommunityScope, context: AppContext,
                       listPage: String) async throws -> Response {
        let id = scope.community.id
        switch action {
        case .approve:
            let n = try await deps.memberDirectory.approve(communityID: id, memberIDs: picked)
            deps.organisationCountCache.forget(id)
            return redirect(to: listPage, flash: .plural("{count} request approved.", "{count} requests approved.", count: n))
        case .sponsor(let on):
            let n = try await deps.memberDirectory.setSponsor(on, communityID: id, memberIDs: picked)
            return redirect(to: listPage, flash: on ? .plural("{count} member marked as a sponsor.", "{count} members marked as sponsors.", count: n)
                : .plural("{count} member no longer marked as a sponsor.", "{count} members no longer marked as sponsors.", count: n))
        case .setRole(let role):
            // A steward does not step down by their own hand (the Core rule): their own box is left out.
            let own = context.viewer?.member.id
            let mayChangeOwn = CommunityRules.mayChangeRole(isOwn: true, to: role, actor: scope.actor).isAllowed
            let chosen = picked.filter { $0 != own || mayChangeOwn }
            let n = try await deps.memberDirectory.setRole(role, communityID: id, memberIDs: chosen)
            var said = say(.plural("{count} member now has the {role} role.", "{count} members now have the {role} role.", count: n,
                                   ["role": say(Phrase(role.label)).lowercased()]))
            if chosen.count < picked.count { said += " " + say("Your own role was left as it is: ask another steward.") }
            return redirect(to: listPage, saying: said)
        }
    }
}
