import Dispatch
import Foundation
import Hummingbird
import Metrics

/// Request counts, errors and durations per route (the names Hummingbird's `MetricsMiddleware` uses). The gauge of
/// requests in flight is kept by `DeadlineResponder` instead: it counts requests the server is answering, and a request
/// answered by the deadline stops counting then, even if the work behind it never ends.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let cache = RouteMetrics()

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        do {
            let response = try await next(request, context)
            let metrics = cache.metrics(route: context.endpointPath ?? "Unknown", method: request.method.description,
                                        status: response.status.code)
            metrics.requests.increment()
            metrics.duration.recordNanoseconds(DispatchTime.now().uptimeNanoseconds - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            let metrics = cache.metrics(route: context.endpointPath ?? "NotFound", method: request.method.description,
                                        status: status.code)
            metrics.requests.increment()
            metrics.errors.increment()
            throw error
        }
    }
}

/// The metric objects of each route, method and status, made once: looking them up by name in the registry on every
/// request would cost a lock and a string-keyed search there.
final class RouteMetrics: @unchecked Sendable {
    struct Metrics {
        var requests: Counter
        var errors: Counter
        var duration: Timer
    }

    private struct Key: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private let lock = NSLock()
    private var made: [Key: Metrics] = [:]

    func metrics(route: String, method: String, status: Int) -> Metrics {
        let key = Key(route: route, method: method, status: status)
        return lock.withLock {
            if let found = made[key] { return found }
            let dimensions = [("http.route", route), ("http.request.method", method),
                              ("http.response.status_code", String(status))]
            let metrics = Metrics(requests: Counter(label: "hb.requests", dimensions: dimensions),
                                  errors: Counter(label: "hb.request.errors", dimensions: dimensions),
                                  duration: Timer(label: "http.server.request.duration", dimensions: dimensions,
                                                  preferredDisplayUnit: .seconds))
            made[key] = metrics
            return metrics
        }
    }
}
