import EyrieStore
import Foundation
import Hummingbird
import HTTPTypes
import Metrics

/// Wraps the router so that every request is answered within the configured database timeout: past it, the visitor
/// gets the 503 page (with `Retry-After`) at once, and the work behind the request is cancelled and left to end by
/// itself (a connection lease gives up at once; a query ends with its connection or its `statement_timeout`). This is
/// what keeps pages from hanging while PostgreSQL is away, whatever state the pool is in.
public struct DeadlineResponder: HTTPResponder {
    public typealias Context = AppContext
    let inner: RouterResponder<AppContext>
    /// Every route the router holds, as it was added.
    public let routes: [RegisteredRoute]
    let limit: Duration
    let bodyLimits: BodyLimits
    let renderer: Renderer
    let translations: Translations

    /// Requests under way, one gauge per method, made once (a `Meter(label:)` per request asked the metrics factory's
    /// registry, under its lock, every time).
    static let activeMeters: [HTTPRequest.Method: Meter] = Dictionary(uniqueKeysWithValues:
        [HTTPRequest.Method.get, .head, .post, .put, .patch, .delete, .options].map {
            ($0, Meter(label: "http.server.active_requests", dimensions: [("http.request.method", $0.description)]))
        })

    public func respond(to request: Request, context: AppContext) async throws -> Response {
        let active = Self.activeMeters[request.method]
            ?? Meter(label: "http.server.active_requests", dimensions: [("http.request.method", request.method.description)])
        active.increment()
        defer { active.decrement() }
        var request = request
        // The body is read here, before the race, so that work left behind never touches the connection again.
        if request.method != .get && request.method != .head {
            let maxBodySize = bodyLimits.limit(for: request.uri.path)
            do {
                _ = try await request.collectBody(upTo: maxBodySize)
            } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                if request.uri.path.hasPrefix(ApiPaths.prefix) {
                    return Self.secured(ApiProblem(status: .contentTooLarge, detail: "The body is larger than \("limit", maxBodySize) bytes.")
                        .response(translations.messages(for: request)))
                }
                return Self.secured(renderer.error(.contentTooLarge, message: nil, context: context))
            }
        }
        let (inner, sent) = (inner, request)
        do {
            let response = try await Deadline.run(limit, late: Self.discard) {
                // Work still running after its visitor got the 503 page is counted apart, until it ends.
                let abandoned = AbandonedWork()
                return try await withTaskCancellationHandler {
                    defer { abandoned.ended() }
                    return try await inner.respond(to: sent, context: context)
                } onCancel: {
                    abandoned.cancelled()
                }
            }
            return Self.apiProblem(for: response, request: request, routes: routes, translations: translations) ?? response
        } catch is Deadline.Exceeded {
            context.logger.warning("no answer within the database timeout", metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
            ])
            if request.uri.path.hasPrefix(ApiPaths.prefix) {
                return Self.secured(ApiProblem(status: .serviceUnavailable, detail: "The database did not answer in time; try again shortly.",
                                               headers: [.retryAfter: "5"]).response(translations.messages(for: request)))
            }
            return Self.secured(Self.unavailable(renderer, context: context))
        }
    }

    /// An address under the API that the pages' machinery answered with HTML (a method the address does not take, met
    /// by the forms' checks): problem details instead, 405 with the methods it takes.
    static func apiProblem(for response: Response, request: Request, routes: [RegisteredRoute], translations: Translations) -> Response? {
        let path = request.uri.path
        guard path.hasPrefix(ApiPaths.prefix), path != Site.api.docs(),
              response.headers[.contentType]?.hasPrefix("text/html") == true else { return nil }
        let messages = translations.messages(for: request)
        let segments = path.split(separator: "/")
        let allowed = routes.filter { route in
            let pattern = route.pattern.split(separator: "/")
            return !pattern.contains("**") && pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.map(\.method)
        guard !allowed.isEmpty else {
            return secured(ApiProblem(status: .notFound, detail: "There is no \("path", path) in this API.").response(messages))
        }
        return secured(ApiProblem(status: .methodNotAllowed, detail: "\("path", path) takes \("methods", allowed.joined(separator: ", ")).",
                                  headers: [.allow: allowed.joined(separator: ", ")]).response(messages))
    }

    /// The 503 page for a database that is away or too slow, telling browsers and proxies when to try again.
    static func unavailable(_ renderer: Renderer, message: String? = nil, context: AppContext) -> Response {
        var response = renderer.error(.serviceUnavailable, message: message, context: context)
        response.headers[.retryAfter] = "5"
        return response
    }

    /// A response that came after the visitor got the 503 page is written nowhere, so that whatever waits for its body
    /// to be written (a file being streamed, a post-write hook) still finishes.
    @Sendable static func discard(_ response: Response) async {
        try? await response.body.write(Discarding())
    }

    private struct Discarding: ResponseBodyWriter {
        mutating func write(_ buffer: ByteBuffer) async throws {}
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }

    private static func secured(_ response: Response) -> Response {
        var response = response
        SecurityHeadersMiddleware<AppContext>.apply(to: &response)
        return response
    }
}

/// Counts work that was cancelled (its visitor already answered) and has not ended yet, in `eyrie_abandoned_requests`.
/// PostgresNIO can leave a query written to a connection at the instant it closes waiting forever; this gauge shows
/// how many such requests a server carries.
final class AbandonedWork: @unchecked Sendable {
    private static let gauge = Meter(label: "eyrie_abandoned_requests")
    private let lock = NSLock()
    private var state = (cancelled: false, ended: false)

    func cancelled() {
        let count = lock.withLock { () -> Bool in
            defer { state.cancelled = true }
            return !state.ended && !state.cancelled
        }
        if count { Self.gauge.increment() }
    }

    func ended() {
        let uncount = lock.withLock { () -> Bool in
            defer { state.ended = true }
            return state.cancelled && !state.ended
        }
        if uncount { Self.gauge.decrement() }
    }
}
