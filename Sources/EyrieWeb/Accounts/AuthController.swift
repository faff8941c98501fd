import EyrieCore
import EyrieStore
import Foundation
import Hummingbird
import HummingbirdBcrypt
import NIOPosix

/// Sign up, sign in and sign out.
struct AuthController {
    let deps: AccountsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.accounts.signUp, use: signUpForm)
        router.post(Site.accounts.signUp, use: signUp)
        router.get(Site.accounts.signIn, use: signInForm)
        router.post(Site.accounts.signIn, use: signIn)
        router.post(Site.accounts.signOut, use: signOut)
    }

    struct SignUpView {
        var form: FormState
        var organisations: [Option]
        var independentChosen: Bool
        var newChosen: Bool
        var next: String
    }

    struct SignInView {
        var form: FormState
        var next: String
        /// "Continue with <Organisation>" for every organisation whose provider is connected.
        var providers: [ProviderButton]
        var hasProviders: Bool

        init(form: FormState, next: String, providers: [ProviderButton]) {
            self.form = form; self.next = next; self.providers = providers; hasProviders = !providers.isEmpty
        }
    }

    struct ProviderButton {
        var name: String
        var href: String
    }

    struct SignedOutView {
        var organisation: String
        var providerSignOut: String
    }

    /// The sign-up page.
    @Sendable func signUpForm(_ request: Request, context: AppContext) async throws -> Response {
        try await renderSignUp(FormState(), next: SafePath.from(request.uri.queryParameters.get("next")), context: context)
    }

    /// Creates the account, signs the newcomer in and sends them on.
    @Sendable func signUp(_ request: Request, context: AppContext) async throws -> Response {
        let next = SafePath.from(context.form["next"])
        let input: SignUp
        do {
            input = try SignUp.validate(context.form)
        } catch let invalid as ValidationErrors {
            return try await renderSignUp(FormState(values: context.form, errors: invalid.errors), next: next,
                                          context: context, status: .unprocessableContent)
        }
        if let provider = try await deps.singleSignOn.provider(email: input.email), provider.required {
            let error = FieldError("email", "\("organisation", provider.organisationName) signs its people in through its own sign-in: use “Continue with {organisation}” on the sign-in page.")
            return try await renderSignUp(FormState(values: context.form, errors: [error]), next: next,
                                          context: context, status: .unprocessableContent)
        }
        let cost = deps.config.bcryptCost
        let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input.password, cost: cost) }
        let memberID: Int64
        do {
            memberID = try await deps.members.signUp(name: input.name, email: input.email, passwordHash: hash,
                                                     organisation: input.organisation)
        } catch StoreError.conflict(let field) {
            let error = field == "email"
                ? FieldError("email", "An account with this email address already exists. Sign in instead.")
                : FieldError("organisation", "Choose your home organisation")
            return try await renderSignUp(FormState(values: context.form, errors: [error]), next: next,
                                          context: context, status: .unprocessableContent)
        }
        return try await deps.sessions.start(memberID: memberID, next: next, config: deps.config, flash: "Welcome to Eyrie, \("name", input.name).")
    }

    /// The sign-in page.
    @Sendable func signInForm(_ request: Request, context: AppContext) async throws -> Response {
        let next = SafePath.from(request.uri.queryParameters.get("next"))
        let view = SignInView(form: FormState(), next: next, providers: try await providerButtons(next: next))
        return try deps.renderer.page("accounts/signin", view, context: context, title: "Sign in")
    }

    private func providerButtons(next: String, email: String? = nil) async throws -> [ProviderButton] {
        try await deps.singleSignOn.all().map { ProviderButton(name: $0.organisationName,
                                                                href: Self.providerStart($0.organisationID, next: next, email: email)) }
    }

    /// Where sign-in through an organisation's provider starts, carrying where to go after and the address typed.
    static func providerStart(_ organisationID: Int64, next: String, email: String? = nil) -> String {
        var items = [URLQueryItem(name: "next", value: next)]
        if let email, !email.isEmpty { items.append(URLQueryItem(name: "email", value: email)) }
        var components = URLComponents()
        components.queryItems = items
        return Site.accounts.signInWith(organisationID) + (components.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// Checks the password; refuses for a while after repeated failures for this account or address.
    @Sendable func signIn(_ request: Request, context: AppContext) async throws -> Response {
        let next = SafePath.from(context.form["next"])
        var errors: [FieldError] = []
        let email = Email.validate(context.form["email"], into: &errors)
        let password = context.form["password"] ?? ""
        func failed(_ errors: [FieldError], status: HTTPResponse.Status = .unprocessableContent) async throws -> Response {
            let view = SignInView(form: FormState(values: context.form, errors: errors), next: next,
                                  providers: try await providerButtons(next: next))
            return try deps.renderer.page("accounts/signin", view, context: context, title: "Sign in", status: status, errors: errors)
        }
        // An address of a domain with a provider: without a password it leads there (home-realm discovery); where the
        // organisation requires it, only there.
        if errors.isEmpty, let provider = try await deps.singleSignOn.provider(email: email) {
            if password.isEmpty {
                return redirect(to: Self.providerStart(provider.organisationID, next: next, email: email))
            }
            if provider.required {
                return try await failed([.init("email", "\("organisation", provider.organisationName) signs its people in through its own sign-in: choose “Continue with {organisation}”, or leave the password empty.")])
            }
        }
        if password.isEmpty { errors.append(.init("password", "Enter your password")) }
        guard errors.isEmpty else { return try await failed(errors) }
        switch try await deps.passwords.check(email: email, password: password, address: context.remoteAddress) {
        case .tooManyAttempts:
            return try await failed([.init("email", "Too many failed attempts. Wait 15 minutes, then try again.")],
                                    status: .tooManyRequests)
        case .wrong:
            return try await failed([.init("email", "The email address or password is not right")])
        case .right(let member):
            return try await deps.sessions.start(memberID: member.id, next: next, config: deps.config,
                                                 flash: "Signed in as \("name", member.name).")
        }
    }

    /// Ends the session server-side, so a copied cookie stops working.
    /// A session that came through a provider advertising its own sign-out (`end_session_endpoint`) ends on a page
    /// that offers it: the member may still be signed in there.
    @Sendable func signOut(_ request: Request, context: AppContext) async throws -> Response {
        var via: Int64?
        if let token = request.cookies[Cookies.session]?.value {
            via = try await deps.sessions.delete(token: token)
        }
        var response = redirect(to: Site.communities.home(), flash: "You have signed out.")
        if let via, let provider = try await deps.singleSignOn.provider(organisationID: via),
           let metadata = try? await deps.providers.metadata(issuer: provider.issuer),
           let endpoint = metadata.end_session_endpoint, var components = URLComponents(string: endpoint) {
            let back = deps.config.publicURL ?? "http://\(request.head.authority ?? "localhost")"
            components.queryItems = (components.queryItems ?? []) + [URLQueryItem(name: "client_id", value: provider.clientID),
                                                                     URLQueryItem(name: "post_logout_redirect_uri", value: back + "/")]
            var signedOut = context
            signedOut.viewer = nil
            let view = SignedOutView(organisation: provider.organisationName, providerSignOut: components.string ?? endpoint)
            response = try deps.renderer.page("accounts/signed-out", view, context: signedOut, title: "You have signed out")
        }
        response.setCookie(Cookie(name: Cookies.session, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        return response
    }

    private func renderSignUp(_ form: FormState, next: String, context: AppContext,
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        // Only confirmed organisations are offered: a name a newcomer typed is listed once an admin confirms it.
        let organisations = try await deps.organisations.all().filter(\.isConfirmed)
            .filter { $0.name != OrganisationChoice.independentName }
        let chosen = form.values["organisation"]
        let view = SignUpView(form: form, organisations: organisations.options(selected: chosen),
                              independentChosen: chosen == "independent",
                              newChosen: chosen == "new" || (chosen ?? "").isEmpty && !(form.values["new_organisation"] ?? "").isEmpty,
                              next: next)
        return try deps.renderer.page("accounts/signup", view, context: context, title: "Create an account", status: status,
                                          errors: form.list)
    }
}
