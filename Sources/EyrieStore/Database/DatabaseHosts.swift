import Foundation
import Logging
import Metrics
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The database's hosts: one, or several when `DATABASE_URL` names them as libpq does
/// (`postgres://eyrie@db1:6432,db2:6432/eyrie`, what `pg_autoctl show uri` prints), a primary and its standbys.
/// Each host has its own pool; every statement goes to the one that takes writes, found as libpq's
/// `target_session_attrs=read-write` finds it (`SHOW transaction_read_only`) at start and checked again every
/// `checkEvery`. When pg_auto_failover promotes a standby, the next check moves every new statement to it;
/// statements caught on the old primary fail as a lost connection (the 503 page), never as a wrong answer.
///
/// The other hosts are standbys: each check also notes how far each has replayed and how far behind the primary that is
/// (`eyrie_standby_lag_seconds`, `eyrie_standby_lag_bytes`), and reads that tolerate lag (`StandbyRead`) go to a standby
/// that is within `standbyMaxLag` and has replayed past the reader's own last write.
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
    /// How far behind the primary (seconds) a standby may be and still serve reads; 0: reads never go to standbys.
    public let standbyMaxLag: Double
    private let primaryIndex = Atomic<Int>(0)
    private let standbys = Mutex<[Int: StandbyState]>([:])
    private let history = Mutex(PrimaryHistory())
    private let nextStandby = Atomic<Int>(0)

    public init(_ hosts: [Host], checkEvery: Duration = .seconds(1), checkLimit: Duration = .seconds(2),
                standbyMaxLag: Double = 5, logger: Logger) {
        precondition(!hosts.isEmpty, "a database needs a host")
        self.hosts = hosts
        self.checkEvery = checkEvery
        self.checkLimit = checkLimit
        self.standbyMaxLag = standbyMaxLag
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

    /// Whether reads may go to standbys at all: several hosts, and a lag bound above 0.
    public var readsFromStandbys: Bool { hosts.count > 1 && standbyMaxLag > 0 }

    /// The pool for a read: a standby that serves `request` (round robin among those that do), else the primary's.
    public func reader(for request: StandbyRead.Request) -> PostgresClient {
        guard readsFromStandbys else { return primary }
        let primaryAt = primaryIndex.load(ordering: .acquiring)
        let fit = standbys.withLock { states in
            states.filter { $0.key != primaryAt && $0.value.serves(after: request.after, maxLag: standbyMaxLag) }
                .map(\.key).sorted()
        }
        guard !fit.isEmpty else { return primary }
        return hosts[fit[nextStandby.add(1, ordering: .relaxed).oldValue % fit.count]].client
    }

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
        var found = await takesWrites(hosts[current]) == true
        if !found {
            for index in hosts.indices where index != current {
                if await takesWrites(hosts[index]) == true {
                    primaryIndex.store(index, ordering: .releasing)
                    logger.notice("the database's primary is now \(hosts[index].name) (was \(hosts[current].name))")
                    found = true
                    break
                }
            }
        }
        if found && hosts.count > 1 {
            await checkStandbys()
        } else if !found {
            standbys.withLock { $0 = [:] }  // no primary to measure against: no standby's lag is known
        }
        return found
    }

    /// Notes the primary's position, then how far each other host has replayed (the primary first, so a standby that
    /// keeps up shows no lag); a host that does not answer, or is not replaying, serves no reads until it does.
    private func checkStandbys() async {
        let primaryAt = primaryIndex.load(ordering: .acquiring)
        guard let head = await position(hosts[primaryAt], "SELECT pg_current_wal_lsn()::text") else {
            standbys.withLock { $0 = [:] }
            return
        }
        let now = Date().timeIntervalSince1970
        let marks = history.withLock { history in
            history.record(head, at: now)
            return history
        }
        var states: [Int: StandbyState] = [:]
        for index in hosts.indices where index != primaryAt {
            guard let replayed = await position(hosts[index], "SELECT pg_last_wal_replay_lsn()::text") else { continue }
            let lag = marks.lag(of: replayed, now: Date().timeIntervalSince1970)
            states[index] = StandbyState(replayed: replayed, lagSeconds: lag.seconds, lagBytes: lag.bytes)
            // made here, not at start: the metrics system is set up after the pools (a gauge made before it counts nowhere)
            Gauge(label: "eyrie_standby_lag_seconds", dimensions: [("host", hosts[index].name)]).record(lag.seconds)
            Gauge(label: "eyrie_standby_lag_bytes", dimensions: [("host", hosts[index].name)]).record(Int64(clamping: lag.bytes))
        }
        standbys.withLock { $0 = states }
    }

    /// A WAL position a host reports, or nil when it does not answer in time (or reports none: not a standby).
    private func position(_ host: Host, _ sql: String) async -> WALPosition? {
        do {
            return try await Deadline.run(checkLimit) {
                let rows = try await host.client.query(PostgresQuery(unsafeSQL: sql), logger: self.logger)
                for try await (text) in rows.decode(String?.self) { return text.flatMap(WALPosition.init) }
                return nil
            }
        } catch {
            return nil
        }
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
