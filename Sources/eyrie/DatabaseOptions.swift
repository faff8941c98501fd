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

    /// An opened database: the client configuration and, for the embedded cluster, this process's use of it.
    struct Opened {
        /// Each host's configuration: one, or a primary and its standbys (`DatabaseHosts`).
        var hosts: [(name: String, configuration: PostgresClient.Configuration)]
        var cluster: ClusterUse?
        var serverClaim: LockFile?

        init(hosts: [(name: String, configuration: PostgresClient.Configuration)], cluster: ClusterUse? = nil,
             serverClaim: LockFile? = nil) {
            self.hosts = hosts
            self.cluster = cluster
            self.serverClaim = serverClaim
        }

        /// The hosts' pools, each configured by `adjust` (time limits), logging through `logger`.
        /// `standbyMaxLag`: how far behind a standby may be to serve reads that tolerate lag (0: never; commands never
        /// read from standbys).
        func pools(logger: Logger, standbyMaxLag: Double = 0,
                   _ adjust: (inout PostgresClient.Configuration) -> Void = { _ in }) -> DatabaseHosts {
            DatabaseHosts(hosts.map { host in
                var configuration = host.configuration
                adjust(&configuration)
                return DatabaseHosts.Host(name: host.name, client: PostgresClient(configuration: configuration, backgroundLogger: logger))
            }, standbyMaxLag: standbyMaxLag, logger: logger)
        }

        /// Leaves the embedded cluster: stopped only if this process started it and no other eyrie process uses it.
        func close() {
            cluster?.end()
            serverClaim?.close()
        }
    }

    /// Opens the database (starting the embedded cluster if needed), runs `body` while the pool runs, then closes the
    /// pool and leaves the cluster as `Opened.close` says.
    func withDatabase<T: Sendable>(logger: Logger, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        try await Self.with(try open(logger: logger), logger: logger, body)
    }

    /// Runs `body` with the pools of a database already opened, then closes them and leaves it (`Opened.close`).
    static func with<T: Sendable>(_ opened: Opened, logger: Logger,
                                  _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        defer { opened.close() }
        // A command's pools say nothing short of an error: a failed statement reaches the command as an error anyway,
        // and PostgresNIO warns of a lease that comes before its pool has started, which `findPrimary` may do.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .error)
        let hosts = opened.pools(logger: poolLogger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await hosts.run() }
            defer { group.cancelAll() }
            await hosts.findPrimary(within: .seconds(10))  // with several hosts, the one that takes writes
            return try await body(hosts.primary)
        }
    }

    /// With `asServer`, also claims the data directory for this `eyrie serve` (a second one is refused).
    func open(logger: Logger, asServer: Bool = false) throws -> Opened {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty {
            return Opened(hosts: try DatabaseURL.hosts(url, poolSize: poolSize))
        }
        let embedded = try EmbeddedPostgres(baseDirectory: dataDir, backups: try archiveFolder(), logger: logger)
        let claim = asServer ? try ClusterUse.claimServer(embedded) : nil
        let use = try ClusterUse.begin(embedded)
        return Opened(hosts: [("embedded", try DatabaseURL.configuration(embedded.url, poolSize: poolSize))], cluster: use,
                      serverClaim: claim)
    }
}

extension DatabaseOptions {
    /// Where backups go: `EYRIE_BACKUP_DIR`, or `backups/` beside the embedded cluster.
    var backupDirectory: String {
        ProcessInfo.processInfo.environment["EYRIE_BACKUP_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(dataDir)/backups"
    }

    /// The embedded cluster archives its WAL only when told where (`EYRIE_BACKUP_DIR`): archiving costs a copy of
    /// every 16 MB of writes, which a trial run on a laptop need not pay.
    func archiveFolder() throws -> BackupFolder? {
        try ProcessInfo.processInfo.environment["EYRIE_BACKUP_DIR"].flatMap { $0.isEmpty ? nil : $0 }.map(BackupFolder.init(path:))
    }

    /// A URL `pg_basebackup` can use: the servers' own ports (`EYRIE_DATABASE_DIRECT_URL`, since PgBouncer does not
    /// speak replication), else `DATABASE_URL`, else the embedded cluster's socket.
    func replicationURL(logger: Logger) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        for name in ["EYRIE_DATABASE_DIRECT_URL", "DATABASE_URL"] {
            if let url = environment[name], !url.isEmpty { return url }
        }
        return try EmbeddedPostgres(baseDirectory: dataDir, logger: logger).url
    }
}

func makeLogger() -> Logger {
    var logger = Logger(label: "eyrie")
    logger.logLevel = Logger.Level(rawValue: ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "") ?? .info
    return logger
}
