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

    public init(baseDirectory: String, port: Int = 5433, logger: Logger) throws {
        self.baseDirectory = URL(fileURLWithPath: baseDirectory).standardizedFileURL.path
        self.port = port
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
    public var url: String { "postgres://postgres@localhost:\(port)/postgres?host=\(socketDirectory)" }

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

    private static func findBinaries() -> String? {
        if let explicit = ProcessInfo.processInfo.environment["EYRIE_PG_BIN"] { return explicit }
        for version in [17, 16, 15, 14, 13] {
            let dir = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: "\(dir)/initdb") { return dir }
        }
        return nil
    }

    /// Runs a program and waits. `Foundation.Process` hangs on `pg_ctl start` (its child keeps the pipes),
    /// so this spawns directly with output sent to the cluster's log file.
    @discardableResult
    private func run(_ program: String, _ arguments: [String], asPostgres: Bool = true, quiet: Bool = false) throws -> Int32 {
        var argv = [program] + arguments
        if asPostgres && getuid() == 0 { argv = ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let output = quiet ? "/dev/null" : "\(baseDirectory)/eyrie-pg-tools.log"
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard spawned == 0 else { throw Failure(description: "could not start \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code = (status >> 8) & 0xff
        if code != 0 {
            throw Failure(description: "\(program.split(separator: "/").last ?? "") failed (exit \(code)); "
                + "see \(output) and \(logFile)")
        }
        return code
    }
}
