import Crypto
import EyrieCore
import EyrieStore
import Foundation
import Hummingbird
import HTTPTypes

/// In front of every `/api/v1` route: who is asking (a personal token as `Authorization: Bearer eyr_…`, else an
/// anonymous reader; session cookies are not used, so no request can ride on a signed-in browser), the rate limit
/// with its `RateLimit` headers (429 and `Retry-After` beyond it), writes only with a write token, JSON bodies read
/// within the size limit, `ETag`s on reads (304 for `If-None-Match`), and every error as problem details.
struct ApiMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let deps: ApiDependencies
    let anonymous: AddressLimiter

    static let window = 60

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        // Problems and field messages in the client's language; `say` below reads it from the task.
        let messages = deps.translations.messages(for: request)
        var rate: RateDecision
        do {
            rate = try await authenticate(request, &context)
        } catch {
            return ApiProblem.from(error, context: context).response(messages)
        }
        var response: Response
        if !rate.allowed {
            response = ApiProblem(status: .tooManyRequests, detail: "Too many requests: wait \("seconds", rate.reset) s, then try again.",
                                  headers: [.retryAfter: String(rate.reset)]).response(messages)
        } else {
            do {
                let request = try await readBody(request, &context)
                let ready = context
                response = try await Messages.$current.withValue(messages) { try await next(request, ready) }
                if request.method == .get, response.status == .ok { response = try await tagged(response, request) }
            } catch {
                response = ApiProblem.from(error, context: context).response(messages)
            }
        }
        response.headers[HTTPField.Name("RateLimit-Policy")!] = "\"\(context.apiCanWrite == nil ? "address" : "token")\";q=\(rate.limit);w=\(Self.window)"
        response.headers[HTTPField.Name("RateLimit")!] = "\"\(context.apiCanWrite == nil ? "address" : "token")\";r=\(rate.remaining);t=\(rate.reset)"
        response.headers[.vary] = "Authorization"
        return response
    }

    /// The token's member and scope, or an anonymous reader; writes need a write token.
    private func authenticate(_ request: Request, _ context: inout AppContext) async throws -> RateDecision {
        context.viewer = nil
        let writes = request.method != .get && request.method != .head
        guard let header = request.headers[.authorization] else {
            if writes {
                throw ApiProblem(status: .unauthorized, detail: "Writing needs a personal API token with the write scope (make one on your profile), sent as Authorization: Bearer <token>.",
                                 headers: [.wwwAuthenticate: "Bearer"])
            }
            return await anonymous.count(context.remoteAddress, limit: deps.config.apiAnonymousRateLimit, window: Self.window)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].count < 200,
              let use = try await deps.apiTokens.use(token: String(parts[1]), limit: deps.config.apiRateLimit,
                                                        window: Self.window) else {
            throw ApiProblem(status: .unauthorized, detail: "This token is not known or has been revoked.",
                             headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""])
        }
        context.viewer = Viewer(member: use.member, csrf: "")
        context.apiCanWrite = use.canWrite
        if writes && !use.canWrite {
            throw ApiProblem(status: .forbidden, detail: "This token may only read: make one with the write scope to change things.",
                             headers: [.wwwAuthenticate: "Bearer error=\"insufficient_scope\""])
        }
        return use.rate
    }

    /// A JSON object body, kept in the context as fields (the handlers read them like form fields).
    private func readBody(_ request: Request, _ context: inout AppContext) async throws -> Request {
        guard request.method == .post || request.method == .put else { return request }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: deps.config.maxBodySize)
        } catch {
            throw ApiProblem(status: .contentTooLarge, detail: "The body is larger than \("limit", deps.config.maxBodySize) bytes.")
        }
        guard buffer.readableBytes > 0 else { return request }
        guard (request.headers[.contentType] ?? "").hasPrefix("application/json") else {
            throw ApiProblem(status: .unsupportedMediaType, detail: "Send the body as application/json.")
        }
        do {
            guard case .object(let fields) = try JSONParser.parse(String(buffer: buffer), maxDepth: 4) else {
                throw ApiProblem(status: .badRequest, detail: "The body must be a JSON object.")
            }
            for (key, value) in fields { context.apiBody[key] = value }
        } catch let syntax as JSONSyntaxError {
            throw ApiProblem(status: .badRequest, detail: "The body is not valid JSON: \("reason", syntax.reason) (line \("line", syntax.line), character \("column", syntax.column)).")
        }
        return request
    }

    /// Reads answer with a strong `ETag` of their body; a matching `If-None-Match` gets 304 without it.
    private func tagged(_ response: Response, _ request: Request) async throws -> Response {
        var response = response
        let collector = BodyCollector()
        try await response.body.write(collector)
        let body = collector.buffer
        let tag = "\"" + SHA256.hash(data: Data(body.readableBytesView)).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
        response.headers[.eTag] = tag
        response.headers[.cacheControl] = "private, no-cache"
        if let match = request.headers[.ifNoneMatch], match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0 == "*" }) {
            var headers = response.headers
            headers[.contentLength] = nil
            return Response(status: .notModified, headers: headers)
        }
        response.body = .init(byteBuffer: body)
        return response
    }
}

/// Collects a response body into one buffer (to hash it for the ETag).
final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()
    func write(_ buffer: ByteBuffer) async throws { self.buffer.writeImmutableBuffer(buffer) }
    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Anonymous API readers' fixed windows per address, on this instance (tokens' windows are in the database).
actor AddressLimiter {
    private var windows: [String: (start: Date, count: Int)] = [:]

    func count(_ address: String, limit: Int, window: Int, now: Date = Date()) -> RateDecision {
        if windows.count > 50_000 { windows = windows.filter { now.timeIntervalSince($0.value.start) < Double(window) } }
        var entry = windows[address] ?? (now, 0)
        if now.timeIntervalSince(entry.start) >= Double(window) { entry = (now, 0) }
        entry.count += 1
        windows[address] = entry
        return RateDecision(count: entry.count, limit: limit, secondsLeft: Double(window) - now.timeIntervalSince(entry.start))
    }
}
