import EyrieStore
import Hummingbird

extension Services {
    /// A fresh session token at every sign-in (never reuse one from before).
    func startSession(memberID: Int64, next: String, flash: String) async throws -> Response {
        let session = try await sessions.create(memberID: memberID, lifetime: config.sessionLifetime)
        var response = redirect(to: next, flash: flash)
        response.setCookie(Cookie(name: Cookies.session, value: session.token, maxAge: Int(config.sessionLifetime),
                                  path: "/", secure: config.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
