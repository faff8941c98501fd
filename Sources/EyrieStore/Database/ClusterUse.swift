import Foundation

/// One `eyrie` process's use of the embedded cluster. Every command pointed at the same data directory shares the
/// cluster, so it has one owner: the process that started it. Each process holds a shared lock on `users.lock` while it
/// uses the cluster; on the way out, the owner stops the cluster only if it can take that lock exclusively (no other
/// eyrie process uses it). Otherwise it leaves the cluster running and hands the stop to whoever leaves last. A command
/// that finds the cluster already running uses it and leaves it running.
public final class ClusterUse: @unchecked Sendable {
    public let cluster: EmbeddedPostgres
    private let users: LockFile
    private let state = NSLock()
    private var startedHere: Bool

    private init(cluster: EmbeddedPostgres, users: LockFile, startedHere: Bool) {
        self.cluster = cluster
        self.users = users
        self.startedHere = startedHere
    }

    /// Joins the cluster's users (waiting while another process is stopping it), then starts it if it is not running.
    public static func begin(_ cluster: EmbeddedPostgres) throws -> ClusterUse {
        try FileManager.default.createDirectory(atPath: cluster.baseDirectory, withIntermediateDirectories: true)
        let users = try LockFile(path: "\(cluster.baseDirectory)/users.lock")
        try users.lock(exclusive: false, wait: true)
        let started = try cluster.start()
        return ClusterUse(cluster: cluster, users: users, startedHere: started)
    }

    /// Whether this process started the cluster (at first, or by restarting it after it died).
    public var owns: Bool { state.withLock { startedHere } }

    /// Starts the cluster again if it died under this process (killed, out of memory); true when it did.
    @discardableResult
    public func restartIfStopped() throws -> Bool {
        guard !cluster.isRunning() else { return false }
        let started = try cluster.start()
        if started { state.withLock { startedHere = true } }
        return started
    }

    /// Ends this process's use, stopping the cluster only when this process owns it and nobody else uses it.
    public func end() {
        let handover = "\(cluster.baseDirectory)/stop-when-unused"
        let files = FileManager.default
        defer { users.close() }
        guard owns || files.fileExists(atPath: handover) else { return }
        if (try? users.lock(exclusive: true, wait: false)) == true {
            cluster.stop()
            try? files.removeItem(atPath: handover)
        } else {
            files.createFile(atPath: handover, contents: nil)
            cluster.logger.info("embedded PostgreSQL left running: another eyrie command is using it")
        }
    }

    /// Makes this process the only `eyrie serve` on the data directory, for as long as it runs; a second one gets a
    /// one-line refusal naming the first one's pid.
    public static func claimServer(_ cluster: EmbeddedPostgres) throws -> LockFile {
        try FileManager.default.createDirectory(atPath: cluster.baseDirectory, withIntermediateDirectories: true)
        let claim = try LockFile(path: "\(cluster.baseDirectory)/serve.lock")
        guard try claim.lock(exclusive: true, wait: false) else {
            let pid = claim.read()
            throw EmbeddedPostgres.Failure(description: "Another eyrie serve\(pid.isEmpty ? "" : " (pid \(pid))") is "
                + "already running on \(cluster.baseDirectory): stop it first, or give this one its own --data-dir.")
        }
        claim.write("\(getpid())\n")
        return claim
    }
}
