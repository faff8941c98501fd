/// For operators: liveness and Prometheus metrics.
struct OperationsPaths: Sendable {
    let health = Path("/healthz")
    let metrics = Path("/metrics")
}
