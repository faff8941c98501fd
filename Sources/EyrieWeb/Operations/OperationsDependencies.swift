import EyrieStore

/// What the health check and metrics use, and nothing more.
struct OperationsDependencies: Sendable {
    let config: AppConfiguration
    let db: Database

    init(_ services: Services) {
        config = services.config
        db = services.db
    }
}
