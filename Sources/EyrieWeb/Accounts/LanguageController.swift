import EyrieCore
import EyrieStore
import Hummingbird

/// The footer's language switcher (a form: it works without JavaScript): the choice is kept in a cookie, and on the
/// member's account when signed in, then the same page comes back in that language.
struct LanguageController {
    let deps: AccountsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.post(Site.accounts.language, use: choose)
    }

    @Sendable func choose(_ request: Request, context: AppContext) async throws -> Response {
        guard let language = context.offeredLanguages.first(where: { $0.tag == context.form["language"] }) else {
            throw HTTPError(.unprocessableContent, message: "Choose one of the languages offered.")
        }
        if let viewer = context.viewer {
            try await deps.members.setLanguage(memberID: viewer.member.id, language: language.tag)
        }
        var response = redirect(to: SafePath.from(context.form["next"]))
        response.setCookie(Cookie(name: Cookies.language, value: language.tag, maxAge: 365 * 86400, path: "/",
                                  secure: deps.config.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}
