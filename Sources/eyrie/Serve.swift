import ArgumentParser
import EyrieStore
import EyrieWeb
import Hummingbird
import HummingbirdBcrypt
import Logging
import PostgresNIO

/// `eyrie serve`: runs the web app until SIGTERM or SIGINT, then shuts down cleanly.
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
        let (pgConfiguration, embedded) = try database.open(logger: logger)
        defer { embedded?.stop() }
        let client = PostgresClient(configuration: pgConfiguration, backgroundLogger: logger)
        var app = try await buildApplication(configuration: configuration, client: client, logger: logger)
        if demo {
            let (cost, sqlDirectory) = (configuration.bcryptCost, configuration.sqlDirectory)
            app.beforeServerStarts {
                let db = Database(client: client, logger: logger)
                try await Migrator(directory: sqlDirectory).migrate(db)
                if try await MemberRepository(db).count() == 0 {
                    let summary = try await DemoData(db: db).load(passwordHash: Bcrypt.hash(DemoData.password, cost: cost))
                    print(summary)
                }
            }
        }
        logger.info("Eyrie serves on http://\(configuration.host):\(configuration.port)")
        try await app.runService()
    }
}

/// `eyrie migrate`: applies pending migrations and exits.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let applied = try await database.withDatabase(logger: logger) { client, _ in
            try await Migrator(directory: database.sqlDir).migrate(Database(client: client, logger: logger))
        }
        print(applied.isEmpty ? "Nothing to apply." : "Applied: \(applied.joined(separator: ", "))")
    }
}

/// `eyrie demo`: loads realistic demo data (idempotent) and prints how to sign in.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load demo data (safe to run twice).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let cost = AppConfiguration.fromEnvironment().bcryptCost
        let summary = try await database.withDatabase(logger: logger) { client, _ in
            let db = Database(client: client, logger: logger)
            try await Migrator(directory: database.sqlDir).migrate(db)
            return try await DemoData(db: db).load(passwordHash: Bcrypt.hash(DemoData.password, cost: cost))
        }
        print(summary)
    }
}
