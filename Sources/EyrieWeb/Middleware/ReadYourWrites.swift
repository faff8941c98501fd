import EyrieStore
import Hummingbird
import HTTPTypes

/// Read-your-writes across standbys and instances: after a write that succeeded, the response carries where the
/// primary's WAL ended (`eyrie_written` cookie for browsers, `Eyrie-Written-Lsn` header for API clients, who send it
/// back on their next reads); a read that tolerates lag (`StandbyReads`) then goes to a standby only once it has
/// replayed that far. Without standbys to read from, it does nothing.
struct ReadYourWritesMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let db: Database
    let secureCookies: Bool

    static let cookie = "eyrie_written"
    static let header = HTTPField.Name("Eyrie-Written-Lsn")!

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard db.readsFromStandbys else { return try await next(request, context) }
        var context = context
        let sent = [request.headers[Self.header], request.cookies[Self.cookie]?.value].compactMap { $0.flatMap(WALPosition.init) }
        context.written = sent.max()
        var response = try await next(request, context)
        guard ![.get, .head, .options].contains(request.method), response.status.code < 400,
              let position = try? await db.writePosition() else { return response }
        response.headers[Self.header] = position.description
        // long enough for any standby within the lag bound to have replayed it; a standby past the bound serves no one
        response.setCookie(Cookie(name: Self.cookie, value: position.description, maxAge: 3600, path: "/",
                                  secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }
}

/// The reads of pages that tolerate a little lag (results, health, the portfolio, the API's lists): on a standby that
/// has the reader's own last write and is within the lag bound, else on the primary. Only reads go inside.
struct StandbyReads: Sendable {
    let db: Database

    func callAsFunction<T: Sendable>(_ context: AppContext, _ body: () async throws -> T) async throws -> T {
        try await db.readingFromStandby(after: context.written, body)
    }
}
