import EyrieStore
import Foundation
import Logging
import PostgresNIO

/// Real PostgreSQL for tests: a template database migrated once per test run, and a fresh clone of it per test.
/// The server comes from `EYRIE_TEST_DATABASE_URL` (scripts/test.sh starts a throwaway cluster and sets it).
public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "eyrie-test")
        logger.logLevel = .warning
        return logger
    }()

    /// The pools' own log: errors only. A test's first query may ask for a connection a moment before the pool's
    /// `run()` task has started, which PostgresNIO reports as a warning per query (harmless: the lease waits for it);
    /// hundreds of them buried the failures that matter in the CI log.
    public static let poolLogger: Logger = {
        var logger = Logger(label: "eyrie-test-pool")
        logger.logLevel = .error
        return logger
    }()

    /// The repository's root folder, found from this file's path (tests do not depend on the working directory).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static func serverURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment["EYRIE_TEST_DATABASE_URL"], !url.isEmpty else {
            throw Missing()
        }
        return url
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "EYRIE_TEST_DATABASE_URL is not set: run the tests with `make test`" }
    }

    /// A new database cloned from the migrated template; returns its client configuration (the client is not running).
    public static func clone() async throws -> PostgresClient.Configuration {
        try await Template.shared.ensure()
        let name = "t_\(UInt64.random(in: 0...UInt64.max))"
        try await withAdmin { admin in
            for attempt in 0..<50 {
                do {
                    try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE eyrie_template"),
                                          logger: logger)
                    return
                } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" && attempt < 49 {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        return try configuration(database: name)
    }

    /// Runs `body` with a fresh clone's configuration, then drops the clone (a whole run would otherwise leave
    /// hundreds of databases, gigabytes, on a machine whose disk may be small).
    @discardableResult
    public static func withClone<T: Sendable>(_ body: (PostgresClient.Configuration) async throws -> T) async throws -> T {
        let configuration = try await clone()
        do {
            let result = try await body(configuration)
            try? await drop(configuration)
            return result
        } catch {
            try? await drop(configuration)
            throw error
        }
    }

    /// Runs `body` with a running client on a fresh clone.
    @discardableResult
    public static func withDatabase<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        try await withClone { configuration in
            try await withClient(configuration) { client in
                try await body(Database(client: client, logger: logger))
            }
        }
    }

    static func drop(_ configuration: PostgresClient.Configuration) async throws {
        guard let name = configuration.database, name.hasPrefix("t_") else { return }
        try await withAdmin { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    /// Up to eight tests run at once (scripts/test.sh): a pool of 24 per test still lets races run wide, while the suite's
    /// peak stays far under the test cluster's `max_connections` (a refused connection makes the pool back off).
    public static func configuration(database: String, poolSize: Int = 24) throws -> PostgresClient.Configuration {
        var configuration = try DatabaseURL.configuration(try serverURL(), poolSize: poolSize)
        configuration.database = database
        return configuration
    }

    public static func withAdmin<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        try await withClient(try configuration(database: "postgres", poolSize: 2), body)
    }

    @discardableResult
    static func withClient<T: Sendable>(_ configuration: PostgresClient.Configuration,
                                        _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }
}

/// Builds the migrated template once per process (concurrent callers share one build).
actor Template {
    static let shared = Template()
    private var build: Task<Void, any Error>?

    func ensure() async throws {
        if build == nil { build = Task { try await Self.create() } }
        try await build!.value
    }

    private static func create() async throws {
        try await TestDatabase.withAdmin { admin in
            try await admin.query("DROP DATABASE IF EXISTS eyrie_template WITH (FORCE)", logger: TestDatabase.logger)
            try await admin.query("CREATE DATABASE eyrie_template", logger: TestDatabase.logger)
        }
        try await TestDatabase.withClient(try TestDatabase.configuration(database: "eyrie_template", poolSize: 1)) { client in
            try await Migrator(directory: TestDatabase.root + "/sql").migrate(Database(client: client, logger: TestDatabase.logger))
        }
    }
}
