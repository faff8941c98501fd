import Foundation
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A private PostgreSQL cluster under a data directory, made with the OS's `initdb` and run with `pg_ctl`
/// on a Unix socket. As root, the cluster belongs to the `postgres` system user (PostgreSQL refuses root).
public struct EmbeddedPostgres: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let baseDirectory: String
    public let port: Int
    public let logger: Logger
    public let binDirectory: String
    /// Where the cluster archives its WAL for point-in-time restores (`EYRIE_BACKUP_DIR`), or nil for no archiving.
    public let backups: BackupFolder?

    public init(baseDirectory: String, port: Int = 5433, backups: BackupFolder? = nil, logger: Logger) throws {
        self.baseDirectory = URL(fileURLWithPath: baseDirectory).standardizedFileURL.path
        self.port = port
        self.backups = backups
        self.logger = logger
        guard let bin = Self.findBinaries() else {
            throw Failure(description: "PostgreSQL is not installed: run `apt-get install -y postgresql` "
                + "(or set DATABASE_URL to use an existing server).")
        }
        self.binDirectory = bin
    }

    public var dataDirectory: String { "\(baseDirectory)/pgdata" }
    public var socketDirectory: String { "\(baseDirectory)/sock" }
    public var logFile: String { "\(baseDirectory)/postgres.log" }

    /// The URL that reaches this cluster over its socket.
    public var url: String { url(database: "postgres") }

    /// The URL of another database of this cluster.
    public func url(database: String) -> String { "postgres://postgres@localhost:\(port)/\(database)?host=\(socketDirectory)" }

    /// Creates the cluster on first use and starts it unless it runs already; true when this call started it.
    /// Fast (~1 s) when it already exists. Concurrent starts from several commands are serialised by a lock file.
    @discardableResult
    public func start() throws -> Bool {
        let files = FileManager.default
        try files.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        if getuid() == 0 { try run("/bin/chown", ["-R", "postgres:postgres", baseDirectory], asPostgres: false) }
        chmod(baseDirectory, 0o700)
        let gate = try LockFile(path: "\(baseDirectory)/start.lock")
        try gate.lock(exclusive: true, wait: true)
        defer { gate.close() }
        if !files.fileExists(atPath: "\(dataDirectory)/PG_VERSION") {
            logger.info("creating the embedded PostgreSQL cluster", metadata: ["dir": .string(dataDirectory)])
            try run("\(binDirectory)/initdb", ["-D", dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                               "--locale=C.UTF-8"])
        }
        try writeArchiveSettings()
        if isRunning() { return false }
        try? files.removeItem(atPath: "\(dataDirectory)/postmaster.pid")
        let options = "-k \(socketDirectory) -p \(port) -c listen_addresses='' -c max_connections=200"
        try run("\(binDirectory)/pg_ctl", ["-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", options, "start"])
        logger.info("embedded PostgreSQL started", metadata: ["socket": .string(socketDirectory)])
        return true
    }

    /// Stops the cluster quickly (open sessions are ended); immediately if a fast stop takes more than 15 s.
    public func stop() {
        guard isRunning() else { return }
        do {
            try run("\(binDirectory)/pg_ctl", ["-D", dataDirectory, "-m", "fast", "-w", "-t", "15", "stop"])
            logger.info("embedded PostgreSQL stopped")
        } catch {
            logger.warning("embedded PostgreSQL did not stop in time; stopping it immediately")
            _ = try? run("\(binDirectory)/pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "-t", "15", "stop"])
        }
    }

    /// Whether the cluster's postmaster is alive: the pid in `postmaster.pid` names a running `postgres` process.
    /// Read directly (no `pg_ctl`), so a server can check it every few seconds.
    public func isRunning() -> Bool {
        guard let text = try? String(contentsOfFile: "\(dataDirectory)/postmaster.pid", encoding: .utf8),
              let line = text.split(separator: "\n").first, let pid = pid_t(line.trimmingCharacters(in: .whitespaces)),
              pid > 0 else { return false }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        if let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8) {
            return name.hasPrefix("postgres")
        }
        return true
    }

    /// The archiving settings live in `eyrie-archive.conf`, included from `postgresql.conf`, rewritten at each start:
    /// WAL archived into the backup folder when there is one, nothing otherwise. (`archive_mode` takes effect when the
    /// cluster next starts.)
    private func writeArchiveSettings() throws {
        let main = "\(dataDirectory)/postgresql.conf"
        let include = "include_if_exists = 'eyrie-archive.conf'"
        let text = try String(contentsOfFile: main, encoding: .utf8)
        if !text.contains(include) {
            try (text + "\n# Eyrie's WAL archiving (EYRIE_BACKUP_DIR), rewritten at each start\n\(include)\n")
                .write(toFile: main, atomically: false, encoding: .utf8)
        }
        var lines = ["# Written by eyrie at each start of the embedded cluster: do not edit."]
        if let backups {
            try backups.prepare()
            lines += backups.archiveSettings.map { "\($0.key) = \($0.value)" }.sorted()
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: "\(dataDirectory)/eyrie-archive.conf", atomically: true,
                                                       encoding: .utf8)
        if getuid() == 0 { try run("/bin/chown", ["postgres:postgres", "\(dataDirectory)/eyrie-archive.conf", main], asPostgres: false) }
    }

    /// The folder of PostgreSQL's programs (initdb, pg_ctl, pg_basebackup): `EYRIE_PG_BIN`, or the newest installed.
    public static func binaries() -> String? { findBinaries() }

    private static func findBinaries() -> String? {
        if let explicit = ProcessInfo.processInfo.environment["EYRIE_PG_BIN"] { return explicit }
        for version in [17, 16, 15, 14, 13] {
            let dir = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: "\(dir)/initdb") { return dir }
        }
        return nil
    }

    /// Runs one of PostgreSQL's programs (or `chown`), its output going to the cluster's tool log.
    private func run(_ program: String, _ arguments: [String], asPostgres: Bool = true) throws {
        try Program.mustRun([program] + arguments, asPostgres: asPostgres, output: "\(baseDirectory)/eyrie-pg-tools.log",
                            alsoSee: logFile)
    }
}
