import EyrieCore
import EyrieStore
import Hummingbird

extension SessionRepository {
    /// A fresh session token at every sign-in (never reuse one from before): the 303 to `next` that sets its cookie.
    func start(memberID: Int64, next: String, config: AppConfiguration, flash: Phrase, via organisationID: Int64? = nil)
        async throws -> Response {
        let session = try await create(memberID: memberID, lifetime: config.sessionLifetime, via: organisationID)
        var response = redirect(to: next, flash: flash)
        response.setCookie(Cookie(name: Cookies.session, value: session.token, maxAge: Int(config.sessionLifetime),
                                  path: "/", secure: config.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
