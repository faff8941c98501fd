import EyrieCore
import Hummingbird
import HTTPTypes

/// For state-changing requests: reads the body up to the route's limit (413 beyond), decodes the form, urlencoded or
/// `multipart/form-data` with files (400 for text that is not UTF-8 or parts that do not parse) and checks the CSRF
/// token against the session's (403 when it differs).
struct FormMiddleware: RouterMiddleware {
    typealias Context = AppContext
    /// One-click unsubscribe posts come from mail clients, without a CSRF token.
    private static let unsubscribe = Site.following.unsubscribe.prefix
    let bodyLimits: BodyLimits

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard request.method != .get && request.method != .head else { return try await next(request, context) }
        var request = request
        var context = context
        let buffer = try await request.collectBody(upTo: bodyLimits.limit(for: request.uri.path))
        let type = request.headers[.contentType] ?? ""
        if type.hasPrefix("application/x-www-form-urlencoded") {
            do {
                context.form = try FormData.parse(buffer.readableBytesView)
            } catch {
                throw HTTPError(.badRequest, message: "The form could not be read: it is not valid UTF-8 text.")
            }
        } else if type.lowercased().hasPrefix("multipart/form-data") {
            do {
                (context.form, context.files) = try MultipartForm.parse(buffer, contentType: type)
            } catch {
                throw HTTPError(.badRequest, message: "The form could not be read: its parts are not well formed.")
            }
        } else if buffer.readableBytes > 0 {
            throw HTTPError(.unsupportedMediaType, message: "Send forms as application/x-www-form-urlencoded or multipart/form-data.")
        }
        // A mail client's one-click unsubscribe (RFC 8058) posts without cookies; the signed token in the address
        // is what authorises it, so it is the one form without a CSRF token.
        if request.uri.path.hasPrefix(Self.unsubscribe) { return try await next(request, context) }
        guard let sent = context.form["_csrf"], !context.csrf.isEmpty, Self.same(sent, context.csrf) else {
            throw HTTPError(.forbidden, message: "This form has expired or did not come from Eyrie. Go back, reload the page and try again.")
        }
        return try await next(request, context)
    }

    /// Compares without stopping at the first difference, so timing does not reveal the token.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
