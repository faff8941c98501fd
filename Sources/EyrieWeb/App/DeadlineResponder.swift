import EyrieStore
import Hummingbird
import HTTPTypes

/// Wraps the router so that every request is answered within the configured database timeout: past it, the visitor
/// gets the 503 page (with `Retry-After`) at once, and the work behind the request is cancelled and left to end by
/// itself (a connection lease gives up at once; a query ends with its connection or its `statement_timeout`). This is
/// what keeps pages from hanging while PostgreSQL is away, whatever state the pool is in.
public struct DeadlineResponder: HTTPResponder {
    public typealias Context = AppContext
    let inner: RouterResponder<AppContext>
    let limit: Duration
    let maxBodySize: Int
    let renderer: Renderer

    public func respond(to request: Request, context: AppContext) async throws -> Response {
        var request = request
        // The body is read here, before the race, so that work left behind never touches the connection again.
        if request.method != .get && request.method != .head {
            do {
                _ = try await request.collectBody(upTo: maxBodySize)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                return Self.secured(renderer.error(.contentTooLarge, message: nil, context: context))
            }
        }
        let (inner, sent) = (inner, request)
        do {
            return try await Deadline.run(limit) { try await inner.respond(to: sent, context: context) }
        } catch is Deadline.Exceeded {
            context.logger.warning("no answer within the database timeout", metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
            ])
            return Self.secured(Self.unavailable(renderer, context: context))
        }
    }

    /// The 503 page for a database that is away or too slow, telling browsers and proxies when to try again.
    static func unavailable(_ renderer: Renderer, message: String? = nil, context: AppContext) -> Response {
        var response = renderer.error(.serviceUnavailable, message: message, context: context)
        response.headers[.retryAfter] = "5"
        return response
    }

    private static func secured(_ response: Response) -> Response {
        var response = response
        SecurityHeadersMiddleware<AppContext>.apply(to: &response)
        return response
    }
}
