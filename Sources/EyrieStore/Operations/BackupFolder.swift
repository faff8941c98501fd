import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A folder of backups, laid out for PostgreSQL's own tools:
///
///     <folder>/base/<finished, UTC>/base.tar.gz, pg_wal.tar.gz, backup_manifest   one per `pg_basebackup`
///     <folder>/wal/000000010000000000000005 …                                     the archived WAL, continuous
///
/// A base backup restores to its own end; with the archived WAL after it, to any moment up to the last archived
/// segment (point in time). The archive is filled by PostgreSQL's `archive_command` (`archiveSettings`).
public struct BackupFolder: Sendable, Equatable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// One base backup: its folder, when it finished and the WAL segment it starts from.
    public struct BaseBackup: Sendable, Equatable {
        public var name: String
        public var path: String
        public var finished: Date
        public var bytes: Int
        /// The first WAL segment a restore of it replays (from its manifest); older archived segments serve no restore
        /// that starts here.
        public var firstSegment: String?
        /// The database Eyrie's tables were in on the server backed up (`postgres` for the embedded cluster).
        public var database: String
    }

    public let path: String
    public var baseDirectory: String { "\(path)/base" }
    public var walDirectory: String { "\(path)/wal" }

    public init(path: String) throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        // The path goes into PostgreSQL settings and shell commands inside double quotes.
        guard !absolute.contains(where: { "\"'`$\\\n".contains($0) }) else {
            throw Failure(description: "the backup folder's path may not contain quotes, $, ` or \\: \(absolute)")
        }
        self.path = absolute
    }

    /// Creates the folders; the WAL folder belongs to `postgres` (its server writes there) when this runs as root.
    public func prepare() throws {
        let files = FileManager.default
        try files.createDirectory(atPath: baseDirectory, withIntermediateDirectories: true)
        try files.createDirectory(atPath: walDirectory, withIntermediateDirectories: true)
        if getuid() == 0 {
            try Program.mustRun(["/bin/chown", "postgres:postgres", path, walDirectory], asPostgres: false, output: "/dev/null")
        }
    }

    /// PostgreSQL's settings that archive each finished WAL segment here: copied under a temporary name then renamed
    /// (a restore never reads half a segment), never overwriting one already archived, and a segment switched at least
    /// every minute so a quiet server's last writes reach the archive too.
    public var archiveSettings: [String: String] {
        let wal = walDirectory
        return [
            "archive_mode": "on",
            "archive_command": "'test ! -f \"\(wal)/%f\" && cp %p \"\(wal)/%f.part\" && mv \"\(wal)/%f.part\" \"\(wal)/%f\"'",
            "archive_timeout": "'60s'",
        ]
    }

    /// The base backups, oldest first.
    public func baseBackups() throws -> [BaseBackup] {
        let files = FileManager.default
        guard let names = try? files.contentsOfDirectory(atPath: baseDirectory) else { return [] }
        return names.compactMap { name -> BaseBackup? in
            guard let finished = Self.stamp.date(from: name) else { return nil }  // a `.partial` one is left out
            let folder = "\(baseDirectory)/\(name)"
            let bytes = ((try? files.contentsOfDirectory(atPath: folder)) ?? []).reduce(0) { sum, file in
                sum + ((try? files.attributesOfItem(atPath: "\(folder)/\(file)")[.size] as? Int) ?? 0)
            }
            return BaseBackup(name: name, path: folder, finished: finished, bytes: bytes,
                              firstSegment: Self.firstSegment(manifest: "\(folder)/backup_manifest"),
                              database: (try? String(contentsOfFile: "\(folder)/database", encoding: .utf8))?
                                  .trimmingCharacters(in: .whitespacesAndNewlines) ?? "postgres")
        }.sorted { $0.finished < $1.finished }
    }

    /// The newest base backup that had finished by `moment` (or the newest of all), from which a restore replays.
    public func baseBackup(before moment: Date?) throws -> BaseBackup? {
        let all = try baseBackups()
        guard let moment else { return all.last }
        return all.last { $0.finished <= moment }
    }

    /// Takes a base backup with `pg_basebackup` from the server `url` names (a libpq URL; not through PgBouncer):
    /// compressed tar, with the WAL it needs streamed alongside, so it restores on its own even without the archive.
    public func takeBaseBackup(url: String, database: String, binDirectory: String, log: String) throws -> BaseBackup {
        try prepare()
        let partial = "\(baseDirectory)/\(Self.stamp.string(from: Date())).partial"
        try? FileManager.default.removeItem(atPath: partial)
        try Program.mustRun(["\(binDirectory)/pg_basebackup", "--dbname=\(url)", "--pgdata=\(partial)", "--format=tar",
                             "--gzip", "--wal-method=stream", "--checkpoint=fast", "--label=eyrie backup",
                             "--no-password"],
                            asPostgres: false, output: log)
        try database.write(toFile: "\(partial)/database", atomically: true, encoding: .utf8)
        // Named by the moment it finished: a restore to any later moment can start from it.
        let name = Self.stamp.string(from: Date())
        try FileManager.default.moveItem(atPath: partial, toPath: "\(baseDirectory)/\(name)")
        guard let taken = try baseBackups().first(where: { $0.name == name }) else {
            throw Failure(description: "the base backup \(name) is not where it was written")
        }
        return taken
    }

    /// The embedded cluster's instance key (`secret.key` beside it: stored client secrets open with it) is kept with
    /// the backups, and a restore puts it beside the restored cluster. (`EYRIE_SECRET_KEY`, when set, is the operator's
    /// to keep.)
    public func keepInstanceKey(from dataDirectory: String) throws {
        let source = "\(dataDirectory)/secret.key", copy = "\(path)/secret.key"
        guard let key = FileManager.default.contents(atPath: source), FileManager.default.contents(atPath: copy) != key else { return }
        try? FileManager.default.removeItem(atPath: copy)
        FileManager.default.createFile(atPath: copy, contents: key, attributes: [.posixPermissions: 0o600])
    }

    /// Puts the kept instance key beside a restored cluster (nothing when none was kept).
    public func restoreInstanceKey(into dataDirectory: String) throws {
        guard let key = FileManager.default.contents(atPath: "\(path)/secret.key") else { return }
        FileManager.default.createFile(atPath: "\(dataDirectory)/secret.key", contents: key, attributes: [.posixPermissions: 0o600])
    }

    /// Keeps the newest `keep` base backups and the archived WAL that restores from the oldest of them onwards
    /// (`pg_archivecleanup`); the names of the base backups removed.
    @discardableResult
    public func prune(keep: Int, binDirectory: String, log: String) throws -> [String] {
        let all = try baseBackups()
        guard keep >= 1, all.count > keep else { return [] }
        let removed = all.dropLast(keep)
        for backup in removed { try FileManager.default.removeItem(atPath: backup.path) }
        if let oldestKept = all.suffix(keep).first?.firstSegment {
            try Program.mustRun(["\(binDirectory)/pg_archivecleanup", walDirectory, oldestKept], asPostgres: false, output: log)
        }
        return removed.map(\.name)
    }

    /// Base backups are named by when they finished, in UTC, to the second: `20261205T103000Z`.
    public static let stamp = RestorePlan.utc("yyyyMMdd'T'HHmmss'Z'")

    /// The WAL segment file holding a backup's start: timeline, then the LSN's segment (16 MB segments, PostgreSQL's
    /// default), as PostgreSQL names archived files.
    static func firstSegment(manifest: String) -> String? {
        guard let data = FileManager.default.contents(atPath: manifest),
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let range = (json["WAL-Ranges"] as? [[String: Any]])?.first,
              let timeline = range["Timeline"] as? Int, let start = range["Start-LSN"] as? String else { return nil }
        return segmentName(timeline: timeline, lsn: start)
    }

    /// `0/5000028` on timeline 1 → `000000010000000000000005`.
    static func segmentName(timeline: Int, lsn: String) -> String? {
        let parts = lsn.split(separator: "/")
        guard parts.count == 2, let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16) else { return nil }
        let segmentSize: UInt64 = 16 * 1024 * 1024
        let segment = ((high << 32) | low) / segmentSize
        let perId = 0x1_0000_0000 / segmentSize
        return String(format: "%08X%08X%08X", timeline, Int(segment / perId), Int(segment % perId))
    }
}
