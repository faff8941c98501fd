import ArgumentParser
import EyrieCore
import EyrieStore
import Foundation
import Logging

/// `eyrie restore`: a new data directory holding the database as it was at a moment (point in time), from the backup
/// folder's newest base backup before that moment and the archived WAL after it. PostgreSQL does the replay; this
/// prepares it, waits for it, then checks the result as `eyrie check` would and prints the counts to compare.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore the backups into a new data directory, as at a moment (--to-time) or as late as archived.")

    @Option(help: "The backup folder (default EYRIE_BACKUP_DIR, or .eyrie/backups).")
    var from: String?

    @Option(help: "A new folder for the restored cluster; serve it with `eyrie serve --data-dir` that folder.")
    var into: String

    @Option(help: "The moment to restore to, e.g. 2026-12-05T10:30:00Z (UTC unless an offset is given).")
    var toTime: String?

    @Option(help: "Seconds to wait for PostgreSQL to replay up to the moment.")
    var wait: Int = 600

    func validate() throws {
        if let toTime, RestorePlan.parseMoment(toTime) == nil {
            throw ValidationError("--to-time: \(toTime) is not a moment; write it like 2026-12-05T10:30:00Z.")
        }
    }

    func run() async throws {
        let logger = makeLogger()
        let folder = try BackupFolder(path: from ?? ProcessInfo.processInfo.environment["EYRIE_BACKUP_DIR"] ?? ".eyrie/backups")
        let target = toTime.flatMap(RestorePlan.parseMoment)
        let cluster = try EmbeddedPostgres(baseDirectory: into, logger: logger)
        // Only into a folder of its own: a failed restore removes what it made, and nothing else may be there.
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: cluster.baseDirectory), !existing.isEmpty {
            throw CommandRefused(message: say("\("folder", cluster.baseDirectory) is not empty: restore into a new folder."))
        }
        let plan = try RestorePlan(folder: folder, target: target, dataDirectory: cluster.dataDirectory)
        let began = ContinuousClock.now
        print(say("Restoring from the base backup \("name", plan.base.name) and the WAL archived after it…"))
        let counts: TableCounts, mismatches: [String]
        do {
            try plan.prepare(log: "\(cluster.baseDirectory)/eyrie-pg-tools.log")
            try folder.restoreInstanceKey(into: cluster.baseDirectory)
            let use = try ClusterUse.begin(cluster)
            defer { use.end() }
            (counts, mismatches) = try await replay(cluster, source: plan.base.database, logger: logger)
        } catch {
            // a failed restore leaves no half-restored folder behind to trip the next attempt
            let (stopped, log) = (!cluster.isRunning(), Program.tail(of: cluster.logFile, lines: 20))
            cluster.stop()
            try? FileManager.default.removeItem(atPath: cluster.baseDirectory)
            guard stopped else { throw error }
            if log.contains("recovery ended before configured recovery target was reached") {
                throw CommandRefused(message: say("The archive ends before that moment: restore to an earlier one, or without --to-time to go as far as it reaches. PostgreSQL archives its latest writes within a minute (archive_timeout)."))
            }
            throw CommandRefused(message: say("PostgreSQL stopped while restoring: \("log", log)"))
        }
        let seconds = String(format: "%.1f", (ContinuousClock.now - began).inSeconds)
        for line in counts.lines { print(line) }
        for line in mismatches { print(line) }
        print(say("Restored to \("moment", target.map(RestorePlan.moment) ?? say("the end of the archive")) in \("seconds", seconds) s, into \("folder", cluster.dataDirectory). Serve it with: eyrie serve --data-dir \("into", into)"))
        guard mismatches.isEmpty else {
            print(say(.plural("{count} counter differs from its rows.", "{count} counters differ from their rows.",
                              count: mismatches.count)))
            throw ExitCode(1)
        }
        print(say("Every counter equals its recount."))
    }

    /// Waits for PostgreSQL to replay and open, names the restored database `postgres` (the embedded cluster's), then
    /// reads what the restore is checked by.
    private func replay(_ cluster: EmbeddedPostgres, source: String, logger: Logger) async throws -> (TableCounts, [String]) {
        let (wait, log) = (wait, cluster.logFile)
        try await Self.connected(cluster, database: "template1", logger: logger) { db in
            // PostgreSQL replays, then opens for writes at the moment (or at the archive's end); a moment past the
            // archive's end stops it with a FATAL in its log.
            let deadline = ContinuousClock.now + .seconds(wait)
            while try await Recovery.inProgress(db) {
                guard ContinuousClock.now < deadline else {
                    throw CommandRefused(message: say("PostgreSQL was still replaying after \("seconds", String(wait)) s: see \("log", log)."))
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            try await Recovery.forgetSettings(db)
            try await Recovery.makeDefault(database: source, db)
        }
        return try await Self.connected(cluster, database: "postgres", logger: logger) { db in
            (try await TableCounts.read(db), try await CounterCheck(db).mismatches())
        }
    }

    private static func connected<T: Sendable>(_ cluster: EmbeddedPostgres, database: String, logger: Logger,
                                               _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let opened = DatabaseOptions.Opened(hosts: [(database, try DatabaseURL.configuration(cluster.url(database: database), poolSize: 2))])
        return try await DatabaseOptions.with(opened, logger: logger) { client in try await body(Database(client: client, logger: logger)) }
    }
}
