import ArgumentParser
import EyrieCore
import EyrieStore
import Foundation

/// `eyrie backup`: a base backup (`pg_basebackup`) into the backup folder, whose `wal/` PostgreSQL fills with its
/// archived WAL; `eyrie restore` brings both back to any moment since the oldest base backup kept.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Take a base backup into the backup folder (EYRIE_BACKUP_DIR), keeping the newest few.")
    @OptionGroup var database: DatabaseOptions

    @Option(help: "The backup folder (default EYRIE_BACKUP_DIR, or backups/ in the embedded cluster's data directory).")
    var to: String?

    @Option(help: "How many base backups to keep; older ones and the WAL only they need are removed.")
    var keep: Int = Int(ProcessInfo.processInfo.environment["EYRIE_BACKUP_KEEP"] ?? "") ?? 7

    func validate() throws {
        guard keep >= 1 else { throw ValidationError("--keep must be at least 1.") }
    }

    func run() async throws {
        let logger = makeLogger()
        let folder = try BackupFolder(path: to ?? database.backupDirectory)
        guard let bin = EmbeddedPostgres.binaries() else {
            throw CommandRefused(message: say("PostgreSQL's programs (pg_basebackup, pg_archivecleanup) are not installed: run `apt-get install -y postgresql`."))
        }
        let url = try database.replicationURL(logger: logger)
        let log = "\(folder.path)/backup.log"
        if ProcessInfo.processInfo.environment["DATABASE_URL"].map(\.isEmpty) ?? true {
            try folder.prepare()
            try folder.keepInstanceKey(from: database.dataDir)
        }
        let began = ContinuousClock.now
        let (archiving, taken) = try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            let (archiving, name) = (try await Recovery.archiving(db), try await Recovery.databaseName(db))
            return (archiving, try folder.takeBaseBackup(url: url, database: name, binDirectory: bin, log: log))
        }
        let seconds = String(format: "%.1f", (ContinuousClock.now - began).inSeconds)
        print(say("Base backup \("name", taken.name): \("size", megabytes(taken.bytes)) MB in \("seconds", seconds) s, in \("folder", taken.path)."))
        let removed = try folder.prune(keep: keep, binDirectory: bin, log: log)
        if !removed.isEmpty {
            print(say("Removed older base backups: \("names", removed.joined(separator: ", "))."))
        }
        if !archiving {
            print(say("The server does not archive its WAL (archive_mode is off): this backup restores to its own moment only. README, \"Backups and restores\", says how to turn archiving on."))
        }
    }
}

/// A size in megabytes with one decimal.
func megabytes(_ bytes: Int) -> String { String(format: "%.1f", Double(bytes) / 1_048_576) }
