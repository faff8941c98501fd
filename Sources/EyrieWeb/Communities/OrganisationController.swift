import EyrieCore
import EyrieStore
import Hummingbird

/// Organisations: everyone signed in sees the list; platform admins add them.
struct OrganisationController {
    let deps: CommunitiesDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.communities.organisations, use: index)
        router.post(Site.communities.organisations, use: create)
    }

    struct IndexView {
        var organisations: [Organisation]
        var canCreate: Bool
        var form: FormState
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
            return redirect(to: Site.communities.organisations(), flash: "Organisation “\(draft.name)” added.")
        } catch let invalid as ValidationErrors {
            return try await render(FormState(values: context.form, errors: invalid.errors), context: context,
                                    status: .unprocessableContent)
        } catch StoreError.conflict {
            let errors = [FieldError("name", "An organisation with this name already exists")]
            return try await render(FormState(values: context.form, errors: errors), context: context,
                                    status: .unprocessableContent)
        }
    }

    private func render(_ form: FormState, context: AppContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        let view = IndexView(organisations: try await deps.organisations.all(),
                             canCreate: CommunityRules.check(.createOrganisation, actor: deps.actor(context, role: nil)).isAllowed, form: form)
        return try deps.renderer.page("communities/organisations", view, context: context, title: "Organisations",
                                          status: status, errors: form.list)
    }
}

