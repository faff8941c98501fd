import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The database's hosts: one, or several when `DATABASE_URL` names them as libpq does
/// (`postgres://eyrie@db1:6432,db2:6432/eyrie`, what `pg_autoctl show uri` prints), a primary and its standbys.
/// Each host has its own pool; every statement goes to the one that takes writes, found as libpq's
/// `target_session_attrs=read-write` finds it (`SHOW transaction_read_only`) at start and checked again every
/// `checkEvery`. When pg_auto_failover promotes a standby, the next check moves every new statement to it;
/// statements caught on the old primary fail as a lost connection (the 503 page), never as a wrong answer.
public final class DatabaseHosts: Service, Sendable {
    public struct Host: Sendable {
        public var name: String
        public var client: PostgresClient

        public init(name: String, client: PostgresClient) {
            self.name = name
            self.client = client
        }
    }

    public let hosts: [Host]
    let checkEvery: Duration
    let checkLimit: Duration
    let logger: Logger
    private let primaryIndex = Atomic<Int>(0)

    public init(_ hosts: [Host], checkEvery: Duration = .seconds(1), checkLimit: Duration = .seconds(2), logger: Logger) {
        precondition(!hosts.isEmpty, "a database needs a host")
        self.hosts = hosts
        self.checkEvery = checkEvery
        self.checkLimit = checkLimit
        self.logger = logger
    }

    /// One host, never checked (the embedded cluster, a single server, the tests).
    public convenience init(_ client: PostgresClient, logger: Logger) {
        self.init([Host(name: "database", client: client)], logger: logger)
    }

    /// The pool of the host that takes writes (the first host until one is known).
    public var primary: PostgresClient { hosts[primaryIndex.load(ordering: .acquiring)].client }

    /// The name of that host (the boards' listener follows it).
    public var primaryName: String { hosts[primaryIndex.load(ordering: .acquiring)].name }

    /// Runs every host's pool and, with several, the check.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for host in hosts { group.addTask { await host.client.run() } }
            if hosts.count > 1 {
                group.addTask { await self.watch() }
            }
        }
    }

    private func watch() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.check()
                try? await Task.sleep(for: self.checkEvery)
            }
        }
    }

    /// Keeps the primary if it still takes writes, else moves to the first host that does (none: stays, and every
    /// statement keeps failing fast until one does). Says whether a host takes writes.
    @discardableResult
    public func check() async -> Bool {
        let current = primaryIndex.load(ordering: .acquiring)
        if await takesWrites(hosts[current]) == true { return true }
        for index in hosts.indices where index != current {
            if await takesWrites(hosts[index]) == true {
                primaryIndex.store(index, ordering: .releasing)
                logger.notice("the database's primary is now \(hosts[index].name) (was \(hosts[current].name))")
                return true
            }
        }
        return false
    }

    /// At start, with several hosts: checks until one takes writes or `limit` has passed, so that the first
    /// statements (migrations) go to the primary.
    public func findPrimary(within limit: Duration) async {
        guard hosts.count > 1 else { return }
        let deadline = ContinuousClock.now + limit
        while await !check(), ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(500))
        }
    }

    /// Whether the host answers and takes writes; nil when it does not answer within `checkLimit`.
    func takesWrites(_ host: Host) async -> Bool? {
        do {
            return try await Deadline.run(checkLimit) {
                let rows = try await host.client.query("SHOW transaction_read_only", logger: self.logger)
                for try await (readOnly) in rows.decode(String.self) { return readOnly == "off" }
                return false
            }
        } catch {
            logger.debug("\(host.name) did not answer: \(String(reflecting: error))")
            return nil
        }
    }
}
