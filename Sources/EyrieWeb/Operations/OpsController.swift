import EyrieStore
import Hummingbird
import Metrics
import Prometheus

/// Health check and Prometheus metrics for operators.
struct OpsController {
    let deps: OperationsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.operations.health, use: health)
        router.get(Site.operations.metrics, use: metrics)
    }

    /// 200 when the database answers within the configured timeout, 503 when it does not.
    @Sendable func health(_ request: Request, context: AppContext) async throws -> Response {
        let up = await deps.db.ping(timeout: deps.config.databaseTimeout)
        return Response(status: up ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: up ? "ok\n" : "database unavailable\n")))
    }

    /// Request counts and durations in the Prometheus text format.
    @Sendable func metrics(_ request: Request, context: AppContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                 body: .init(byteBuffer: ByteBuffer(string: Telemetry.registry.emitToString())))
    }
}

/// The process-wide metrics registry; bootstrapping swift-metrics twice traps, so it happens once, here.
enum Telemetry {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()
}
