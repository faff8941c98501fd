import PostgresNIO

/// What `eyrie backup` and `eyrie restore` ask the server about its WAL: whether it archives, whether it still replays.
public enum Recovery {
    /// Whether the server is still replaying WAL (a standby, or a restore not yet at its target).
    public static func inProgress(_ db: Database) async throws -> Bool {
        for try await (recovering,) in try await db.client.query("SELECT pg_is_in_recovery()").decode((Bool,).self) {
            return recovering
        }
        return false
    }

    /// After a restore has opened: forgets the recovery settings (`RestorePlan.settingsToReset`) and rereads the rest.
    public static func forgetSettings(_ db: Database) async throws {
        for setting in RestorePlan.settingsToReset {
            _ = try await db.client.query(PostgresQuery(unsafeSQL: "ALTER SYSTEM RESET \(setting)"))
        }
        _ = try await db.client.query("SELECT pg_reload_conf()")
    }

    /// Whether PostgreSQL archives WAL (`archive_mode`), for `eyrie backup` to warn when a point-in-time restore
    /// would have nothing to replay.
    public static func archiving(_ db: Database) async throws -> Bool {
        for try await (mode,) in try await db.client.query("SELECT current_setting('archive_mode')").decode((String,).self) {
            return mode != "off"
        }
        return false
    }

    /// Makes `database` (restored from a server where Eyrie's database had another name) the cluster's `postgres`
    /// database, where the embedded cluster keeps Eyrie's tables. Run from another database (`template1`).
    public static func makeDefault(database: String, _ db: Database) async throws {
        guard database != "postgres" else { return }
        let name = "\"" + database.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        _ = try await db.client.query("DROP DATABASE postgres")
        _ = try await db.client.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \(name) RENAME TO postgres"))
    }

    /// The name of the database this connection is in.
    public static func databaseName(_ db: Database) async throws -> String {
        for try await (name,) in try await db.client.query("SELECT current_database()::text").decode((String,).self) {
            return name
        }
        return "postgres"
    }
}
