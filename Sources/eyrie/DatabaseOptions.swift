import ArgumentParser
import EyrieStore
import Foundation
import Logging
import PostgresNIO

/// Where the database is: `DATABASE_URL`, or an embedded cluster under `--data-dir`.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Folder of the embedded PostgreSQL cluster, used when DATABASE_URL is not set.")
    var dataDir: String = ".eyrie"

    @Option(help: "Folder holding the numbered SQL migrations.")
    var sqlDir: String = ProcessInfo.processInfo.environment["EYRIE_SQL_DIR"] ?? "sql"

    @Option(help: "Largest number of pooled database connections.")
    var poolSize: Int = Int(ProcessInfo.processInfo.environment["EYRIE_DB_POOL_SIZE"] ?? "") ?? 20

    /// Opens the database (starting the embedded cluster if needed), runs `body` while the pool runs, then
    /// closes the pool and stops the embedded cluster again.
    func withDatabase<T: Sendable>(logger: Logger, _ body: @Sendable (PostgresClient, EmbeddedPostgres?) async throws -> T) async throws -> T {
        let (configuration, embedded) = try open(logger: logger)
        defer { embedded?.stop() }
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client, embedded)
        }
    }

    func open(logger: Logger) throws -> (PostgresClient.Configuration, EmbeddedPostgres?) {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            return (try DatabaseURL.configuration(url, poolSize: poolSize), nil)
        }
        let embedded = try EmbeddedPostgres(baseDirectory: dataDir, logger: logger)
        try embedded.start()
        return (try DatabaseURL.configuration(embedded.url, poolSize: poolSize), embedded)
    }
}

func makeLogger() -> Logger {
    var logger = Logger(label: "eyrie")
    logger.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "") ?? .info
    return logger
}
