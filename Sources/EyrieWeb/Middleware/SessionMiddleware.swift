import EyrieCore
import EyrieStore
import Foundation
import Hummingbird
import HTTPTypes

/// Loads the signed-in member (or gives an anonymous visitor a CSRF cookie), reads the flash, and turns every
/// error below it into a real error page: sign-in redirects, 403/404/413/422 pages, 503 when the database is down.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let deps: MiddlewareDependencies
    private static let staticFiles = Site.staticFiles + "/"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        // Static files need no session: skip the database for them.
        if request.uri.path.hasPrefix(Self.staticFiles) { return try await next(request, context) }
        var context = context
        if deps.config.trustProxy, let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!],
           let client = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces), !client.isEmpty {
            context.remoteAddress = String(client.prefix(64))
        }
        if let token = request.cookies[Cookies.session]?.value, !token.isEmpty, token.count < 200 {
            do {
                if let found = try await deps.sessions.find(token: token) {
                    context.viewer = Viewer(member: found.member, csrf: found.csrf, unread: found.unread,
                                            language: found.language)
                    context.csrf = found.csrf
                }
            } catch {
                context.logger.warning("session lookup failed: \(String(reflecting: error))")
                return DeadlineResponder.unavailable(deps.renderer, context: context)
            }
        }
        if context.viewer == nil {
            if let cookie = request.cookies[Cookies.csrf]?.value, (20...100).contains(cookie.count) {
                context.csrf = cookie
            } else {
                context.csrf = Token.random()
                context.newCSRFCookie = context.csrf
            }
        }
        let chosen = context.viewer?.language ?? request.cookies[Cookies.language]?.value
        let offered = deps.translations.offered
        if let own = LanguageChoice.own(account: chosen, acceptLanguage: request.headers[.acceptLanguage], available: offered) {
            context.language = own
        } else {
            // No language of their own: the page's community may have one (a failed look-up means English).
            let path = request.uri.path
            let key = path.split(separator: "/", maxSplits: 2).prefix(2).joined(separator: "/")
            let community = try? await deps.communityLanguages.value(for: key) {
                try await deps.communities.language(path: path)
            }
            context.language = LanguageChoice.choose(account: nil, acceptLanguage: nil, community: community ?? nil,
                                                     available: offered)
        }
        context.messages = deps.translations.messages(context.language)
        context.offeredLanguages = deps.translations.offered
        if request.method == .get {
            context.here = SafePath.from(request.uri.path + (request.uri.query.map { "?" + $0 } ?? ""))
        }
        let hadFlash = request.cookies[Cookies.flash] != nil
        if let raw = request.cookies[Cookies.flash]?.value, let data = Data(base64Encoded: raw) {
            context.flash = String(decoding: data.prefix(300), as: UTF8.self)
        }
        // Everything below answers in the reader's language: `say` reads it from the task.
        let ready = context
        var response = await Messages.$current.withValue(context.messages) {
            do {
                return try await next(request, ready)
            } catch {
                return errorResponse(error, request: request, context: ready)
            }
        }
        if let token = context.newCSRFCookie {
            response.setCookie(Cookie(name: Cookies.csrf, value: token, path: "/", secure: deps.config.secureCookies,
                                      httpOnly: true, sameSite: .lax))
        }
        let setsFlash = response.headers[values: .setCookie].contains { $0.hasPrefix("\(Cookies.flash)=") }
        if hadFlash && !setsFlash && response.status != .seeOther {
            response.setCookie(Cookie(name: Cookies.flash, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .lax))
        }
        return response
    }

    private func errorResponse(_ error: any Error, request: Request, context: AppContext) -> Response {
        let renderer = deps.renderer
        switch error {
        case let signIn as SignInRequired:
            return redirect(to: Site.accounts.signIn(query: [("next", signIn.next)]))
        case let rendered as RenderedError:
            return rendered.response
        case let join as JoinRequired:
            return renderer.error(.forbidden,
                                  message: "Only members of \(join.prompt.name) can do this. Join, and you'll come back to this page.",
                                  join: join.prompt, context: context)
        case let http as HTTPError where http.status.code < 500:
            return renderer.error(http.status, message: http.body, context: context)
        case let http as any HTTPResponseError where http.status.code < 500:
            return renderer.error(http.status, message: nil, context: context)
        case StoreError.notFound:
            return renderer.error(.notFound, message: nil, context: context)
        case StoreError.conflict:
            return renderer.error(.conflict, message: "Someone else changed this at the same time. Reload and try again.",
                                  context: context)
        case StoreError.busy:
            context.logger.warning("request gave up after repeated conflicts")
            return DeadlineResponder.unavailable(renderer, message: "Many people are doing this at the same moment. "
                + "Nothing was changed: try again in a few seconds.", context: context)
        case let error where error.isDatabaseUnavailable:
            context.logger.warning("database unavailable: \(String(reflecting: error))")
            return DeadlineResponder.unavailable(renderer, context: context)
        default:
            context.logger.error("request failed: \(String(reflecting: error))")
            return renderer.error(.internalServerError, message: nil, context: context)
        }
    }
}
