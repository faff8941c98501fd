import EyrieStore
import Logging
import ServiceLifecycle

/// Before `serve` listens: waits for the database a bounded time (it may start after Eyrie, as under systemd), says
/// once that it waits, and gives up with a sentence an operator can act on. SIGTERM while it waits ends it at once.
public struct DatabaseWait: Sendable {
    public struct Unreachable: Error, CustomStringConvertible {
        var waited: Duration
        public var description: String {
            "the database did not answer within \(waited.components.seconds) s: is PostgreSQL running, and are "
                + "DATABASE_URL (or --data-dir) and EYRIE_STARTUP_WAIT right?"
        }
    }

    /// SIGTERM or SIGINT came while it waited: `serve` ends without serving, as asked.
    public struct Stopped: Error {}

    let database: Database
    let limit: Duration
    /// How long one try may take (`EYRIE_DB_TIMEOUT`): a busy database is not an absent one.
    let patience: Duration
    let logger: Logger

    func run() async throws {
        let deadline = ContinuousClock().now + limit
        let waited: Bool
        do { waited = try await wait(until: deadline) } catch is CancellationError where isShuttingDown {
            throw Stopped()
        }
        if waited { logger.notice("the database answers") }
    }

    private var isShuttingDown: Bool { Task.isShuttingDownGracefully || Task.isCancelled }

    private func wait(until deadline: ContinuousClock.Instant) async throws -> Bool {
        let clock = ContinuousClock()
        let (limit, logger, database, patience) = (limit, logger, database, max(patience, .seconds(2)))
        return try await cancelWhenGracefulShutdown {
            var said = false
            while true {
                let left = deadline - clock.now
                if await database.ping(timeout: max(min(left, patience), .milliseconds(100))) { return said }
                guard clock.now < deadline else { throw Unreachable(waited: limit) }
                if !said {
                    logger.warning("the database does not answer yet: waiting up to \(limit.components.seconds) s")
                    said = true
                }
                try await Task.sleep(for: min(.seconds(1), max(deadline - clock.now, .zero)))
            }
        }
    }
}
