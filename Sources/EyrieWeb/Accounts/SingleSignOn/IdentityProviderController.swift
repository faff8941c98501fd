import EyrieCore
import EyrieStore
import Hummingbird

/// A platform admin connects an organisation's identity provider: issuer, client, secret (sealed, never shown
/// again), the e-mail domains it speaks for and whether those domains must sign in through it. Saving reads the
/// provider's discovery document and keys first, so a typo is caught here and not by the first member.
struct IdentityProviderController {
    let deps: AccountsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.communities.organisationSignIn, use: form)
        router.post(Site.communities.organisationSignIn, use: save)
        router.post(Site.communities.removeOrganisationSignIn, use: remove)
    }

    struct SettingsView {
        var organisation: String
        var action: String
        var removeAction: String
        var redirectURI: String
        var isConfigured: Bool
        var hasSecret: Bool
        var form: FormState
        var required: Bool
        var canSeal: Bool
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        try deps.enforce(CommunityRules.check(.configureSignIn, actor: deps.actor(context, role: nil)), request)
        let (organisation, stored) = try await load(context)
        let values = stored.map { ["issuer": $0.issuer, "clientID": $0.clientID, "domains": $0.domains.joined(separator: "\n")] } ?? [:]
        return try render(organisation, stored: stored, form: FormState(values: values), required: stored?.required ?? false,
                          request: request, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        try deps.enforce(CommunityRules.check(.configureSignIn, actor: deps.actor(context, role: nil)), request)
        let (organisation, stored) = try await load(context)
        func invalid(_ errors: [FieldError]) throws -> Response {
            try render(organisation, stored: stored, form: FormState(values: context.form, errors: errors),
                       required: context.form["required"] == "on", request: request, context: context,
                       status: .unprocessableContent)
        }
        guard let secrets = deps.secrets else {
            return try invalid([FieldError("clientSecret", "This server has no instance key to seal the secret with: set EYRIE_SECRET_KEY and restart")])
        }
        let draft: IdentityProviderDraft
        do {
            draft = try IdentityProviderDraft.validate(context.form, hasSecret: stored != nil)
        } catch let errors as ValidationErrors {
            return try invalid(errors.errors)
        }
        // The provider must answer now: its discovery document, naming itself as entered, and usable keys.
        do {
            let metadata = try await deps.providers.metadata(issuer: draft.issuer)
            try await deps.providers.checkKeys(metadata)
        } catch {
            return try invalid([FieldError("issuer", "Eyrie could not use this provider: \("reason", error.description)")])
        }
        let sealed = draft.clientSecret.isEmpty ? nil : try secrets.seal(draft.clientSecret, context: String(organisation.id))
        do {
            try await deps.singleSignOn.save(organisationID: organisation.id, draft: draft, sealedSecret: sealed,
                                             by: context.viewer?.member.id ?? 0)
        } catch StoreError.conflict(let field) where field == "domains" {
            return try invalid([FieldError("domains", "One of these domains is already led to another organisation's provider")])
        }
        return redirect(to: Site.communities.organisationSignIn(organisation.id),
                        flash: "Sign-in through \("organisation", organisation.name)'s provider is saved.")
    }

    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        try deps.enforce(CommunityRules.check(.configureSignIn, actor: deps.actor(context, role: nil)), request)
        let (organisation, _) = try await load(context)
        try await deps.singleSignOn.remove(organisationID: organisation.id)
        return redirect(to: Site.communities.organisationSignIn(organisation.id),
                        flash: "\("organisation", organisation.name)'s provider is removed: its members sign in with a password again.")
    }

    private func load(_ context: AppContext) async throws -> (Organisation, SingleSignOnRepository.Provider?) {
        let id = try context.parameters.id()
        guard let organisation = try await deps.organisations.all().first(where: { $0.id == id }) else {
            throw HTTPError(.notFound)
        }
        return (organisation, try await deps.singleSignOn.provider(organisationID: id))
    }

    private func render(_ organisation: Organisation, stored: SingleSignOnRepository.Provider?, form: FormState,
                        required: Bool, request: Request, context: AppContext,
                        status: HTTPResponse.Status = .ok) throws -> Response {
        let view = SettingsView(organisation: organisation.name, action: Site.communities.organisationSignIn(organisation.id),
                                removeAction: Site.communities.removeOrganisationSignIn(organisation.id),
                                redirectURI: SingleSignOnController.redirectURI(request, config: deps.config),
                                isConfigured: stored != nil, hasSecret: stored != nil, form: form, required: required,
                                canSeal: deps.secrets != nil)
        return try deps.renderer.page("accounts/provider", view, context: context,
                                      title: say("Sign-in for \("organisation", organisation.name)"), status: status, errors: form.list)
    }
}
