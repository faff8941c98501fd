import Crypto
import Foundation
import Logging
import PostgresNIO

/// Applies `sql/NNNN_name.sql` files in order, each once and in one transaction, recorded in
/// `schema_migrations` with a checksum; refuses to run when a file that was already applied has changed.
public struct Migrator: Sendable {
    public struct Migration: Sendable {
        public var version: Int
        public var name: String
        public var sql: String
        public var checksum: String
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    public func load() throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
        return try names.map { file in
            guard let version = Int(file.prefix { $0.isNumber }), file.contains("_") else {
                throw Failure(description: "\(directory)/\(file): migration files are named NNNN_name.sql")
            }
            let sql = try String(contentsOfFile: "\(directory)/\(file)", encoding: .utf8)
            let digest = SHA256.hash(data: Data(sql.utf8)).map { String(format: "%02x", $0) }.joined()
            return Migration(version: version, name: file, sql: sql, checksum: digest)
        }
    }

    /// Applies pending migrations; returns the names applied.
    @discardableResult
    public func migrate(_ database: Database) async throws -> [String] {
        let migrations = try load()
        let logger = database.logger
        try await database.client.query("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger)
        var applied: [Int: (String, String)] = [:]
        let rows = try await database.client.query("SELECT version, name, checksum FROM schema_migrations", logger: logger)
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            applied[version] = (name, checksum)
        }
        for migration in migrations {
            if case let (name, checksum)? = applied[migration.version],
               checksum != migration.checksum || name != migration.name {
                throw Failure(description: "\(migration.name) changed after it was applied as \(name); "
                    + "never edit an applied migration, add a new one")
            }
        }
        var done: [String] = []
        for migration in migrations where applied[migration.version] == nil {
            try await database.transaction { connection in
                // Serialise concurrent migrators (two servers starting at once).
                try await connection.query("SELECT pg_advisory_xact_lock(7216001)", logger: logger)
                // A migration may rewrite a large table: the server's request timeouts do not apply to it.
                try await connection.query("SET LOCAL statement_timeout = 0", logger: logger)
                try await connection.query("SET LOCAL lock_timeout = 0", logger: logger)
                let exists = try await connection.query(
                    "SELECT count(*) FROM schema_migrations WHERE version = \(migration.version)", logger: logger
                ).first(Int.self) ?? 0
                if exists > 0 { return }
                // The extended protocol takes one statement at a time.
                for statement in SQLScript.statements(migration.sql) {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("""
                    INSERT INTO schema_migrations (version, name, checksum)
                    VALUES (\(migration.version), \(migration.name), \(migration.checksum))
                    """, logger: logger)
            }
            logger.info("applied migration", metadata: ["file": .string(migration.name)])
            done.append(migration.name)
        }
        return done
    }
}
