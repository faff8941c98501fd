import EyrieCore
import EyrieStore
import Hummingbird

/// Organisations: everyone signed in sees the list; platform admins add them, and confirm or merge the ones newcomers
/// named at sign-up.
struct OrganisationController {
    let deps: CommunitiesDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.communities.organisations, use: index)
        router.post(Site.communities.organisations, use: create)
        router.post(Site.communities.confirmOrganisation, use: confirm)
        router.post(Site.communities.mergeOrganisation, use: merge)
    }

    struct IndexView {
        var organisations: [Line]
        var canCreate: Bool
        var form: FormState
        var unconfirmed: [Line]
        var hasUnconfirmed: Bool
        var canConfigureSignIn: Bool
    }

    /// An organisation in the list; for admins, an unconfirmed one carries its forms and where it may be merged.
    struct Line {
        var id: Int64
        var name: String
        var memberCount: Int
        var isConfirmed: Bool
        var confirmAction: String
        var mergeAction: String
        var mergeOptions: [Option]
        var signInAction: String
        var hasProvider: Bool
    }

    /// The list of organisations with their member counts.
    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        try await render(FormState(), context: context)
    }

    /// Adds an organisation (admin).
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        try deps.enforce(CommunityRules.check(.createOrganisation, actor: deps.actor(context, role: nil)), request)
        do {
            let draft = try OrganisationDraft.validate(context.form)
            _ = try await deps.organisations.create(draft)
            return redirect(to: Site.communities.organisations(), flash: "Organisation “\("name", draft.name)” added.")
        } catch let invalid as ValidationErrors {
            return try await render(FormState(values: context.form, errors: invalid.errors), context: context,
                                    status: .unprocessableContent)
        } catch StoreError.conflict {
            let errors = [FieldError("name", "An organisation with this name already exists")]
            return try await render(FormState(values: context.form, errors: errors), context: context,
                                    status: .unprocessableContent)
        }
    }

    /// A platform admin vouches for an organisation a newcomer named.
    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        try deps.enforce(CommunityRules.check(.confirmOrganisation, actor: deps.actor(context, role: nil)), request)
        guard try await deps.organisations.confirm(id: try context.parameters.id()) else { throw HTTPError(.notFound) }
        return redirect(to: Site.communities.organisations(), flash: "Organisation confirmed.")
    }

    /// A platform admin merges an unconfirmed organisation into another (its members, challenges and offerings move).
    @Sendable func merge(_ request: Request, context: AppContext) async throws -> Response {
        try deps.enforce(CommunityRules.check(.confirmOrganisation, actor: deps.actor(context, role: nil)), request)
        guard let into = Int64(context.form["into"] ?? ""), into > 0 else {
            throw HTTPError(.unprocessableContent, message: "Choose the organisation to merge it into.")
        }
        do {
            try await deps.organisations.merge(try context.parameters.id(), into: into)
        } catch StoreError.notFound {
            throw HTTPError(.notFound)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "Only an unconfirmed organisation can be merged, into another one.")
        }
        deps.organisationCountCache.forgetAll()  // its members now count for the other organisation everywhere
        return redirect(to: Site.communities.organisations(), flash: "Organisations merged.")
    }

    private func render(_ form: FormState, context: AppContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        let all = try await deps.organisations.all()
        let isAdmin = CommunityRules.check(.confirmOrganisation, actor: deps.actor(context, role: nil)).isAllowed
        let canConfigure = CommunityRules.check(.configureSignIn, actor: deps.actor(context, role: nil)).isAllowed
        let withProvider = canConfigure ? Set(try await deps.singleSignOn.all().map(\.organisationID)) : []
        let lines = all.map { organisation in
            Line(id: organisation.id, name: organisation.name, memberCount: organisation.memberCount, isConfirmed: organisation.isConfirmed,
                 confirmAction: Site.communities.confirmOrganisation(organisation.id),
                 mergeAction: Site.communities.mergeOrganisation(organisation.id),
                 mergeOptions: all.filter { $0.id != organisation.id && $0.isConfirmed }
                    .map { Option(value: String($0.id), label: $0.name, selected: false) },
                 signInAction: Site.communities.organisationSignIn(organisation.id),
                 hasProvider: withProvider.contains(organisation.id))
        }
        let unconfirmed = isAdmin ? lines.filter { !$0.isConfirmed } : []
        let view = IndexView(organisations: lines,
                             canCreate: CommunityRules.check(.createOrganisation, actor: deps.actor(context, role: nil)).isAllowed,
                             form: form, unconfirmed: unconfirmed, hasUnconfirmed: !unconfirmed.isEmpty,
                             canConfigureSignIn: canConfigure)
        return try deps.renderer.page("communities/organisations", view, context: context, title: "Organisations",
                                          status: status, errors: form.list)
    }
}

