import EyrieCore
import ArgumentParser
import EyrieDemo
import EyrieStore
import EyrieWeb
import Foundation
import Hummingbird
import HummingbirdBcrypt
import Logging
import PostgresNIO
import ServiceLifecycle

/// `eyrie serve`: runs the web app until SIGTERM or SIGINT, then shuts down within the grace period.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve Eyrie over HTTP.")

    @Option(help: "Address to listen on.") var host: String?
    @Option(help: "Port to listen on.") var port: Int?
    @Option(help: "Folder holding templates/ and static/.") var webDir: String?
    @Flag(help: "Load the demo data first if the database has no members yet.") var demo = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        var configuration = AppConfiguration.fromEnvironment()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let webDir { configuration.webDirectory = webDir }
        configuration.sqlDirectory = database.sqlDir
        if configuration.secretKey == nil {
            configuration.secretKey = try InstanceKeyFile.load(folder: database.dataDir, logger: logger)
        }
        let opened = try database.open(logger: logger, asServer: true)
        defer { opened.close() }
        // The pool says each failed connection attempt at info level, many a second while PostgreSQL is away.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .notice)
        let timeout = configuration.databaseTimeout
        let hosts = opened.pools(logger: poolLogger, standbyMaxLag: configuration.standbyMaxLag) { $0.boundWaits(to: timeout) }
        // Through PgBouncer in transaction mode, the boards' LISTEN needs the servers' own ports.
        let direct = try ProcessInfo.processInfo.environment["EYRIE_DATABASE_DIRECT_URL"].flatMap { $0.isEmpty ? nil : $0 }.map {
            DatabaseOptions.Opened(hosts: try DatabaseURL.hosts($0, poolSize: 2)).pools(logger: poolLogger) { $0.boundWaits(to: timeout) }
        }
        var app = try await buildApplication(configuration: configuration, hosts: hosts, direct: direct, logger: logger)
        if let cluster = opened.cluster { app.addServices(ClusterWatch(use: cluster, logger: logger)) }
        if let cluster = opened.cluster, let backups = cluster.cluster.backups {
            let environment = ProcessInfo.processInfo.environment
            guard let at = NightlyBackup.time(environment["EYRIE_BACKUP_AT"] ?? "03:00") else {
                throw ValidationError("EYRIE_BACKUP_AT: write the time of day as HH:MM (UTC), e.g. 03:00.")
            }
            app.addServices(NightlyBackup(folder: backups, url: cluster.cluster.url, database: "postgres",
                                          dataDirectory: cluster.cluster.baseDirectory, at: at,
                                          keep: Int(environment["EYRIE_BACKUP_KEEP"] ?? "") ?? 7, logger: logger))
        }
        // Digests go out in each member's language, from the same catalogues the pages use.
        let translations = try Translations.load(directory: "\(configuration.webDirectory)/locales", pseudo: configuration.pseudoLanguage)
        app.addServices(Postman(db: Database(hosts: hosts, logger: logger), configuration: configuration, logger: logger,
                                voices: translations.voices))
        if let every = configuration.healthRefresh {
            app.addServices(HealthKeeper(db: Database(hosts: hosts, logger: logger), every: every, logger: logger))
        }
        if demo {
            let (cost, sqlDirectory) = (configuration.bcryptCost, configuration.sqlDirectory)
            app.beforeServerStarts {
                let db = Database(hosts: hosts, logger: logger)
                try await Migrator(directory: sqlDirectory).migrate(db)
                if try await MemberRepository(db).count() == 0 {
                    let summary = try await DemoData(db: db).load(passwordHash: Bcrypt.hash(DemoData.password, cost: cost))
                    print(summary)
                }
            }
        }
        // On SIGTERM or SIGINT the server stops accepting and lets requests in flight finish; past the grace period
        // they are cancelled, and past two more seconds the process leaves regardless.
        let backstop = ExitBackstop(after: configuration.shutdownGrace + .seconds(3), logger: logger) { opened.close() }
        var group = ServiceGroupConfiguration(
            services: [.init(service: app), .init(service: backstop, successTerminationBehavior: .ignore)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = configuration.shutdownGrace
        group.maximumCancellationDuration = .seconds(2)
        do {
            try await ServiceGroup(configuration: group).run()
        } catch is DatabaseWait.Stopped {
            logger.info("Eyrie stopped before it served: the database never answered")
            return
        } catch let unreachable as DatabaseWait.Unreachable {
            FileHandle.standardError.write(Data("The database is unavailable: \(unreachable)\n".utf8))
            throw ExitCode(ExitCodes.databaseUnavailable)
        }
        logger.info("Eyrie stopped")
    }
}

/// `eyrie migrate`: applies pending migrations and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let applied = try await database.withDatabase(logger: logger) { client in
            try await Migrator(directory: database.sqlDir).migrate(Database(client: client, logger: logger))
        }
        print(applied.isEmpty ? say("Nothing to apply.") : say("Applied: \("migrations", applied.joined(separator: ", "))"))
    }
}

/// `eyrie demo`: loads realistic demo data (idempotent) and prints how to sign in.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load demo data (safe to run twice).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let cost = AppConfiguration.fromEnvironment().bcryptCost
        let summary = try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            try await Migrator(directory: database.sqlDir).migrate(db)
            return try await DemoData(db: db).load(passwordHash: Bcrypt.hash(DemoData.password, cost: cost))
        }
        print(summary)
    }
}

/// The last guarantee that a SIGTERM ends the process: once shutdown starts, an OS thread (which no stuck task can
/// hold up) waits a little past the grace period, leaves the embedded cluster as usual, and exits.
struct ExitBackstop: Service {
    let after: Duration
    let logger: Logger
    let beforeExit: @Sendable () -> Void

    func run() async throws {
        do { try await gracefulShutdown() } catch { return }
        let (after, logger, beforeExit) = (after, logger, beforeExit)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: Double(after.components.seconds) + Double(after.components.attoseconds) / 1e18)
            logger.warning("shutdown took longer than the grace period: exiting now")
            beforeExit()
            exit(0)
        }
    }
}
