import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs one of PostgreSQL's (or the system's) programs and waits for it. `Foundation.Process` hangs on `pg_ctl start`
/// (its child keeps the pipes), so this spawns directly, with the program's output appended to a file.
public enum Program {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Runs `argv` (as the `postgres` system user when this process is root and `asPostgres`), output appended to
    /// `output`; the exit status, or a thrown `Failure` if it could not start.
    @discardableResult
    public static func run(_ argv: [String], asPostgres: Bool = true, output: String,
                           environment: [String: String] = [:]) throws -> Int32 {
        var argv = argv
        if asPostgres && getuid() == 0 { argv = ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid: pid_t = 0
        let cArgs = argv.map { strdup($0) } + [nil]
        defer { cArgs.forEach { free($0) } }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        let cEnv = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { cEnv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard spawned == 0 else { throw Failure(description: "could not start \(argv[0]): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xff
    }

    /// Runs `argv` like `run`, throwing when it exits with a status other than 0; the message names the program and
    /// where its output went.
    public static func mustRun(_ argv: [String], asPostgres: Bool = true, output: String,
                               environment: [String: String] = [:], alsoSee: String? = nil) throws {
        let code = try run(argv, asPostgres: asPostgres, output: output, environment: environment)
        guard code == 0 else {
            let name = argv[0].split(separator: "/").last.map(String.init) ?? argv[0]
            throw Failure(description: "\(name) failed (exit \(code)); see \(output)" + (alsoSee.map { " and \($0)" } ?? ""))
        }
    }

    /// The last `lines` lines of a text file (a program's log), for a message.
    public static func tail(of path: String, lines: Int = 5) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}
