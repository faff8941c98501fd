import EyrieCore
import EyrieStore
import Hummingbird

/// A community's settings, for its stewards: name, domain, who may join, whether authors may support their own ideas.
struct CommunitySettingsController {
    let deps: CommunitiesDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.communities.settings, use: form)
        router.post(Site.communities.settings, use: save)
    }

    struct SettingsView {
        var form: FormState
        var action: String
        var back: String
        var isPrivate: Bool
        var authorsMaySupport: Bool
        /// The default language's choices: none (English), then each language offered.
        var languages: [Option]
    }

    @Sendable func form(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.configure), request, community: scope.community)
        let current = CommunitySettings(scope.community)
        let values = ["name": current.name, "domain": current.domain, "visibility": current.visibility.rawValue,
                      "authorsMaySupport": current.authorsMaySupport ? "on" : "", "language": current.language ?? ""]
        return try render(FormState(values: values), scope: scope, context: context)
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.configure), request, community: scope.community)
        do {
            let settings = try CommunitySettings.validate(context.form, languages: context.offeredLanguages
                .filter { $0 != .pseudo }.map(\.tag))
            guard try await deps.communities.save(settings, communityID: scope.community.id) else { throw HTTPError(.notFound) }
            deps.communityLanguages.forgetAll()  // its pages' visitors read the new language at once
            return redirect(to: Site.communities.show(scope.community.slug), flash: "Community settings saved.")
        } catch let invalid as ValidationErrors {
            return try render(FormState(values: context.form, errors: invalid.errors), scope: scope, context: context,
                              status: .unprocessableContent)
        }
    }

    private func render(_ form: FormState, scope: CommunityScope, context: AppContext,
                        status: HTTPResponse.Status = .ok) throws -> Response {
        let slug = scope.community.slug
        let view = SettingsView(form: form, action: Site.communities.settings(slug), back: Site.communities.show(slug),
                                isPrivate: form.values["visibility"] == "private",
                                authorsMaySupport: form.values["authorsMaySupport"] == "on",
                                languages: [Option(value: "", label: say("The reader's own (English when they have none)"),
                                                   selected: (form.values["language"] ?? "").isEmpty)]
                                    + context.offeredLanguages.filter { $0 != .pseudo }.map {
                                        Option(value: $0.tag, label: $0.name, selected: form.values["language"] == $0.tag)
                                    })
        return try deps.renderer.page("communities/settings", view, context: context, title: "Settings", status: status,
                                      community: scope.community,
                                      crumbs: [Crumb(title: scope.community.name, href: Site.communities.show(slug))],
                                      errors: form.list)
    }
}
