import Crypto
import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// Sign-in through an organisation's OpenID Connect provider: the authorization code flow with PKCE, `state` (kept
/// hashed in the database and in a cookie of this browser) and `nonce`; the ID token verified against the provider's
/// keys; the first sign-in makes the member, a verified address of an existing account links it once the member gives
/// its password.
struct SingleSignOnController {
    let deps: AccountsDependencies

    static let stateCookie = "eyrie_sso"
    static let linkCookie = "eyrie_link"

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.accounts.signInWith, use: start)
        router.get(Site.accounts.signInCallback, use: callback)
        router.get(Site.accounts.signInLink, use: linkForm)
        router.post(Site.accounts.signInLink, use: link)
    }

    /// Where the provider sends members back: what an organisation registers at its provider.
    static func redirectURI(_ request: Request, config: AppConfiguration) -> String {
        (config.publicURL ?? "http://\(request.head.authority ?? "localhost")") + Site.accounts.signInCallback()
    }

    /// Sends the browser to the provider.
    @Sendable func start(_ request: Request, context: AppContext) async throws -> Response {
        guard let provider = try await deps.singleSignOn.provider(organisationID: try context.parameters.id()) else {
            throw HTTPError(.notFound)
        }
        let metadata: ProviderMetadata
        do {
            metadata = try await deps.providers.metadata(issuer: provider.issuer)
        } catch {
            return try failed(error, organisation: provider.organisationName, context: context)
        }
        let state = Token.random(), nonce = Token.random(), verifier = Token.random(bytes: 48)
        let next = SafePath.from(request.uri.queryParameters.get("next"))
        try await deps.singleSignOn.begin(state: state, attempt: .init(organisationID: provider.organisationID, nonce: nonce,
                                                                       codeVerifier: verifier, next: next))
        var query = [("response_type", "code"), ("client_id", provider.clientID),
                     ("redirect_uri", Self.redirectURI(request, config: deps.config)), ("scope", "openid email profile"),
                     ("state", state), ("nonce", nonce), ("code_challenge", Self.challenge(verifier)),
                     ("code_challenge_method", "S256")]
        if let hint = request.uri.queryParameters.get("email"), hint.count <= 254, hint.contains("@") {
            query.append(("login_hint", hint))
        }
        let separator = metadata.authorization_endpoint.contains("?") ? "&" : "?"
        let location = metadata.authorization_endpoint + separator
            + query.map { "\($0.0)=\(OpenIDProviders.formEncode($0.1))" }.joined(separator: "&")
        var response = Response(status: .seeOther, headers: [.location: location])
        response.setCookie(Cookie(name: Self.stateCookie, value: state, maxAge: SingleSignOnRepository.attemptLifetime,
                                  path: Site.accounts.signIn(), secure: deps.config.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    /// The provider sends the member back here with a code (or an error).
    @Sendable func callback(_ request: Request, context: AppContext) async throws -> Response {
        let query = request.uri.queryParameters
        let state = query.get("state") ?? ""
        let cookie = request.cookies[Self.stateCookie]?.value ?? ""
        var organisation = ""
        do {
            guard !state.isEmpty, state.count <= 200, Self.same(state, cookie) else {
                throw SignInFailure.staleAttempt("the state is not the one this browser was given")
            }
            guard let attempt = try await deps.singleSignOn.take(state: state) else {
                throw SignInFailure.staleAttempt("the state is unknown, used already or older than ten minutes")
            }
            guard let provider = try await deps.singleSignOn.provider(organisationID: attempt.organisationID) else {
                throw SignInFailure.misconfigured("the organisation's provider was removed during the sign-in")
            }
            organisation = provider.organisationName
            if let error = query.get("error") {
                let text = [error, query.get("error_description") ?? ""].filter { !$0.isEmpty }.joined(separator: ": ")
                throw SignInFailure.providerSaid(String(text.prefix(300)))
            }
            guard let code = query.get("code"), !code.isEmpty, code.count <= 4096 else {
                throw SignInFailure.providerSaid("no authorization code came back")
            }
            let claims = try await verifiedClaims(code: code, attempt: attempt, provider: provider, request: request)
            return try await arrive(claims, provider: provider, next: attempt.next, context: context)
        } catch let failure as SignInFailure {
            var response = try failed(failure, organisation: organisation, context: context)
            response.setCookie(Self.expired(Self.stateCookie, secure: deps.config.secureCookies))
            return response
        }
    }

    /// The code exchanged for the ID token, its signature and claims checked.
    private func verifiedClaims(code: String, attempt: SingleSignOnRepository.Attempt,
                                provider: SingleSignOnRepository.Provider, request: Request) async throws -> IDTokenClaims {
        let metadata = try await deps.providers.metadata(issuer: provider.issuer)
        guard let secrets = deps.secrets else { throw SignInFailure.misconfigured("no instance key (EYRIE_SECRET_KEY)") }
        let secret: String
        do { secret = try secrets.open(provider.sealedSecret, context: String(provider.organisationID)) } catch {
            throw SignInFailure.misconfigured("\(error)")
        }
        let token = try await deps.providers.idToken(code: code, verifier: attempt.codeVerifier,
                                                     redirectURI: Self.redirectURI(request, config: deps.config),
                                                     clientID: provider.clientID, secret: secret, metadata: metadata)
        let claims = try await deps.providers.claims(of: token, metadata: metadata)
        do {
            try IDTokenCheck.check(claims, issuer: provider.issuer, clientID: provider.clientID, nonce: attempt.nonce,
                                   domains: provider.domains, now: Date())
        } catch {
            throw SignInFailure.tokenRejected(error.description)
        }
        return claims
    }

    /// The member the identity leads to: signed in, made, or asked for their password to link.
    private func arrive(_ claims: IDTokenClaims, provider: SingleSignOnRepository.Provider, next: String,
                        context: AppContext) async throws -> Response {
        let email = (claims.email ?? "").lowercased()
        let arrival = try await deps.singleSignOn.arrive(organisationID: provider.organisationID, subject: claims.subject,
                                                         email: email, name: claims.displayName)
        let memberID: Int64, isNew: Bool
        switch arrival {
        case .known(let id): (memberID, isNew) = (id, false)
        case .created(let id): (memberID, isNew) = (id, true)
        case .existing(let id):
            guard claims.emailVerified else { throw SignInFailure.unverifiedAddress }
            // An account no password opens (an import made it): the provider vouches for its own domain's address.
            if (try? await deps.singleSignOn.linkPasswordless(organisationID: provider.organisationID, subject: claims.subject,
                                                              memberID: id)) == true {
                (memberID, isNew) = (id, true)
                break
            }
            let token = try await deps.singleSignOn.holdLink(.init(memberID: id, organisationID: provider.organisationID,
                                                                   subject: claims.subject, next: next))
            var response = redirect(to: Site.accounts.signInLink())
            response.setCookie(Cookie(name: Self.linkCookie, value: token, maxAge: SingleSignOnRepository.attemptLifetime,
                                      path: Site.accounts.signIn(), secure: deps.config.secureCookies, httpOnly: true,
                                      sameSite: .lax))
            response.setCookie(Self.expired(Self.stateCookie, secure: deps.config.secureCookies))
            return response
        }
        let name = try await deps.members.find(id: memberID)?.name ?? claims.displayName
        var response = try await deps.sessions.start(memberID: memberID, next: next, config: deps.config,
                                                     flash: isNew ? "Welcome to Eyrie, \("name", name)." : "Signed in as \("name", name).",
                                                     via: provider.organisationID)
        context.logger.info("signed in through an identity provider", metadata: [
            "organisation": .stringConvertible(provider.organisationID), "member": .stringConvertible(memberID)])
        response.setCookie(Self.expired(Self.stateCookie, secure: deps.config.secureCookies))
        return response
    }

    struct LinkView {
        var email: String
        var organisation: String
        var form: FormState
    }

    /// Asks for the existing account's password, once, to connect it to the provider.
    @Sendable func linkForm(_ request: Request, context: AppContext) async throws -> Response {
        guard let (_, view) = try await pendingLink(request, form: FormState()) else {
            return try failed(SignInFailure.staleAttempt("no pending link"), organisation: "", context: context)
        }
        return try deps.renderer.page("accounts/link", view, context: context, title: "Connect your account")
    }

    @Sendable func link(_ request: Request, context: AppContext) async throws -> Response {
        let password = context.form["password"] ?? ""
        guard let (pending, view) = try await pendingLink(request, form: FormState(values: [:])) else {
            return try failed(SignInFailure.staleAttempt("no pending link"), organisation: "", context: context)
        }
        func refuse(_ message: Phrase, status: HTTPResponse.Status = .unprocessableContent) throws -> Response {
            var again = view
            again.form = FormState(values: [:], errors: [FieldError("password", message)])
            return try deps.renderer.page("accounts/link", again, context: context, title: "Connect your account",
                                          status: status, errors: again.form.list)
        }
        guard !password.isEmpty else { return try refuse("Enter the password of your Eyrie account") }
        switch try await deps.passwords.check(email: view.email, password: password, address: context.remoteAddress) {
        case .tooManyAttempts: return try refuse("Too many failed attempts. Wait 15 minutes, then try again.", status: .tooManyRequests)
        case .wrong: return try refuse("That is not the password of this account")
        case .right: break
        }
        let token = request.cookies[Self.linkCookie]?.value ?? ""
        guard let linked = try await deps.singleSignOn.completeLink(token: token), linked.memberID == pending.memberID else {
            return try failed(SignInFailure.staleAttempt("the pending link was used already"), organisation: "", context: context)
        }
        var response = try await deps.sessions.start(
            memberID: linked.memberID, next: linked.next, config: deps.config,
            flash: "Your account is connected to \("organisation", view.organisation)'s sign-in: next time, continue with {organisation}.",
            via: linked.organisationID)
        response.setCookie(Self.expired(Self.linkCookie, secure: deps.config.secureCookies))
        return response
    }

    private func pendingLink(_ request: Request, form: FormState) async throws -> (SingleSignOnRepository.PendingLink, LinkView)? {
        guard let token = request.cookies[Self.linkCookie]?.value, !token.isEmpty, token.count <= 200,
              let pending = try await deps.singleSignOn.pendingLink(token: token),
              let member = try await deps.members.find(id: pending.memberID),
              let provider = try await deps.singleSignOn.provider(organisationID: pending.organisationID) else { return nil }
        return (pending, LinkView(email: member.email, organisation: provider.organisationName, form: form))
    }

    struct ProblemView {
        var heading: String
        var text: String
    }

    /// The calm page for a sign-in that did not happen; the reason goes to the log.
    private func failed(_ error: any Error, organisation: String, context: AppContext) throws -> Response {
        let failure = error as? SignInFailure ?? .unreachable("\(error)")
        context.logger.warning("single sign-on failed", metadata: ["reason": .string(failure.description),
                                                                    "organisation": .string(organisation)])
        let (title, text) = failure.explanation(organisation: organisation)
        return try deps.renderer.page("accounts/signin-problem", ProblemView(heading: title, text: text), context: context,
                                      title: title, status: failure.status)
    }

    /// PKCE's S256 challenge (RFC 7636 §4.2).
    static func challenge(_ verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Compares without leaking where two tokens differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func expired(_ name: String, secure: Bool) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: Site.accounts.signIn(), secure: secure, httpOnly: true, sameSite: .lax)
    }
}
