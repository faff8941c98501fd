import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A point-in-time restore, prepared for PostgreSQL to carry out: a base backup unpacked into a new data directory,
/// with the settings that replay the archived WAL up to the chosen moment and then open the database for writes.
/// The restored cluster stands alone: no standby to wait for, no archiving into the folder it came from, only its own
/// Unix socket (the embedded cluster's layout, so `eyrie serve --data-dir` runs it).
public struct RestorePlan: Sendable {
    public let folder: BackupFolder
    public let base: BackupFolder.BaseBackup
    /// The moment to stop at (UTC); nil replays everything archived.
    public let target: Date?
    public let dataDirectory: String

    /// Chooses the newest base backup finished by `target`; refuses a `dataDirectory` that already holds something.
    public init(folder: BackupFolder, target: Date?, dataDirectory: String) throws {
        guard let base = try folder.baseBackup(before: target) else {
            let first = try folder.baseBackups().first.map { " (the first finished at \(Self.moment($0.finished)))" } ?? ""
            throw BackupFolder.Failure(description: "no base backup in \(folder.path) finished before "
                + (target.map(Self.moment) ?? "now") + first)
        }
        let files = FileManager.default
        if let existing = try? files.contentsOfDirectory(atPath: dataDirectory), !existing.isEmpty {
            throw BackupFolder.Failure(description: "\(dataDirectory) is not empty: restore into a new folder")
        }
        self.folder = folder
        self.base = base
        self.target = target
        self.dataDirectory = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
    }

    /// The settings the restored cluster starts with (appended to `postgresql.auto.conf`, read last); the recovery
    /// ones are reset once it has opened (`settingsToReset`).
    public var settings: [(String, String)] {
        var lines: [(String, String)] = [
            ("restore_command", "'cp \"\(folder.walDirectory)/%f\" \"%p\"'"),
            ("recovery_target_action", "'promote'"),
            ("recovery_target_timeline", "'latest'"),
            // alone now: no synchronous standby to wait for, no primary to follow, nothing archived into the source's folder
            ("archive_mode", "'off'"),
            ("synchronous_standby_names", "''"),
            ("primary_conninfo", "''"),
            ("primary_slot_name", "''"),
            ("hot_standby", "'on'"),
            // its log goes where the embedded cluster's does (`postgres.log`), whatever the source's logging was
            ("logging_collector", "'off'"),
            ("shared_preload_libraries", "''"),
        ]
        if let target { lines.append(("recovery_target_time", "'\(Self.moment(target))'")) }
        return lines
    }

    /// What `ALTER SYSTEM RESET` takes away once recovery is over, so the cluster archives again if told to.
    public static let settingsToReset = ["restore_command", "recovery_target_action", "recovery_target_timeline",
                                         "recovery_target_time", "archive_mode"]

    /// Unpacks the base backup and its WAL, writes the settings and `recovery.signal`, and lets only local
    /// connections in (`pg_hba.conf`), like the embedded cluster.
    public func prepare(log: String) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: "\(dataDirectory)/pg_wal", withIntermediateDirectories: true)
        chmod(dataDirectory, 0o700)
        try Program.mustRun(["/bin/tar", "-xzf", "\(base.path)/base.tar.gz", "-C", dataDirectory], asPostgres: false, output: log)
        if files.fileExists(atPath: "\(base.path)/pg_wal.tar.gz") {
            try Program.mustRun(["/bin/tar", "-xzf", "\(base.path)/pg_wal.tar.gz", "-C", "\(dataDirectory)/pg_wal"],
                                asPostgres: false, output: log)
        }
        for leftover in ["standby.signal", "postmaster.pid", "postmaster.opts"] {
            try? files.removeItem(atPath: "\(dataDirectory)/\(leftover)")
        }
        let auto = "\(dataDirectory)/postgresql.auto.conf"
        let before = (try? String(contentsOfFile: auto, encoding: .utf8)) ?? ""
        let restore = settings.map { "\($0.0) = \($0.1)" }.joined(separator: "\n")
        try (before + "\n# eyrie restore from \(base.name)\n" + restore + "\n").write(toFile: auto, atomically: true, encoding: .utf8)
        try "".write(toFile: "\(dataDirectory)/recovery.signal", atomically: true, encoding: .utf8)
        try "local all all trust\nlocal replication all trust\n"
            .write(toFile: "\(dataDirectory)/pg_hba.conf", atomically: true, encoding: .utf8)
    }

    /// A moment as PostgreSQL reads it: `2026-12-05 10:30:00.250+00`.
    public static func moment(_ date: Date) -> String { momentFormat.string(from: date) }

    /// Reads a moment as an operator writes it: ISO 8601 (`2026-12-05T10:30:00Z`, with or without fractions or an
    /// offset) or PostgreSQL's own form (`2026-12-05 10:30:00+00`); without an offset, UTC.
    public static func parseMoment(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for pattern in ["yyyy-MM-dd'T'HH:mm:ss.SSSXXXXX", "yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd HH:mm:ss.SSSXXXXX",
                        "yyyy-MM-dd HH:mm:ssXXXXX", "yyyy-MM-dd HH:mm:ss.SSSx", "yyyy-MM-dd HH:mm:ssx",
                        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm"] {
            if let date = utc(pattern).date(from: trimmed) { return date }
        }
        return nil
    }

    private static let momentFormat = utc("yyyy-MM-dd HH:mm:ss.SSS'+00'")

    /// A formatter of `pattern` in UTC, independent of the machine's locale.
    static func utc(_ pattern: String) -> DateFormatter {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(identifier: "UTC")
        format.dateFormat = pattern
        return format
    }
}
