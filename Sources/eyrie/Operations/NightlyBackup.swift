import EyrieStore
import Foundation
import Logging
import ServiceLifecycle

/// The embedded cluster's own backups (`eyrie serve` with `EYRIE_BACKUP_DIR`): a base backup when there is none yet,
/// then one each day at `EYRIE_BACKUP_AT` (UTC, default 03:00), keeping the newest `EYRIE_BACKUP_KEEP` (default 7).
/// With the WAL the cluster archives between them, any moment since the oldest kept can be restored.
struct NightlyBackup: Service {
    let folder: BackupFolder
    let url: String
    let database: String
    /// The embedded cluster's folder, whose instance key is kept with the backups.
    let dataDirectory: String
    let at: (hour: Int, minute: Int)
    let keep: Int
    let logger: Logger

    /// `03:00` → (3, 0); nil for anything else.
    static func time(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":").compactMap { Int($0) }
        guard parts.count == 2, (0..<24).contains(parts[0]), (0..<60).contains(parts[1]) else { return nil }
        return (parts[0], parts[1])
    }

    /// The next moment after `now` at the configured time of day, in UTC.
    static func next(after now: Date, at: (hour: Int, minute: Int)) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.nextDate(after: now, matching: DateComponents(hour: at.hour, minute: at.minute, second: 0),
                                 matchingPolicy: .nextTime) ?? now.addingTimeInterval(86_400)
    }

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await Task.sleep(for: .seconds(10))  // let the server start first
                if (try? folder.baseBackups().isEmpty) ?? true { await take() }
                while true {
                    let wait = Self.next(after: Date(), at: at).timeIntervalSinceNow
                    try await Task.sleep(for: .seconds(max(wait, 1)))
                    await take()
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// One base backup and the pruning after it, on a thread of its own (`pg_basebackup` runs for minutes on a large
    /// database, and the wait for it blocks).
    func take() async {
        let (folder, url, database, keep, logger, dataDirectory) = (folder, url, database, keep, logger, dataDirectory)
        let log = "\(folder.path)/backup.log"
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                do {
                    guard let bin = EmbeddedPostgres.binaries() else { throw Program.Failure(description: "pg_basebackup not found") }
                    try folder.keepInstanceKey(from: dataDirectory)
                    let taken = try folder.takeBaseBackup(url: url, database: database, binDirectory: bin, log: log)
                    let removed = try folder.prune(keep: keep, binDirectory: bin, log: log)
                    logger.notice("base backup taken", metadata: [
                        "name": .string(taken.name), "bytes": .stringConvertible(taken.bytes),
                        "removed": .string(removed.joined(separator: ",")),
                    ])
                } catch {
                    logger.error("the base backup failed", metadata: ["error": .string(String(describing: error))])
                }
                done.resume()
            }
        }
    }
}
