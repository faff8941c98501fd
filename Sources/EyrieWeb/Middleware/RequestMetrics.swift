import Dispatch
import Hummingbird
import Metrics

/// Request counts, errors and durations per route (the names Hummingbird's `MetricsMiddleware` uses). The gauge of
/// requests in flight is kept by `DeadlineResponder` instead: it counts requests the server is answering, and a request
/// answered by the deadline stops counting then, even if the work behind it never ends.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let method = request.method.description
        do {
            let response = try await next(request, context)
            let dimensions = [("http.route", context.endpointPath ?? "Unknown"), ("http.request.method", method),
                              ("http.response.status_code", response.status.code.description)]
            Counter(label: "hb.requests", dimensions: dimensions).increment()
            Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds)
                .recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let dimensions = [("http.route", context.endpointPath ?? "NotFound"), ("http.request.method", method),
                              ("http.response.status_code", status.code.description)]
            Counter(label: "hb.requests", dimensions: dimensions).increment()
            Counter(label: "hb.request.errors", dimensions: dimensions).increment()
            throw error
        }
    }
}
