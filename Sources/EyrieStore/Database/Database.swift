import Foundation
import Logging
import PostgresNIO

/// The shared connection pool and logger that every repository uses, and the one place where transactions that lost a
/// race (serialization failure or deadlock) are tried again.
///
/// Lock order. Every transaction that changes several rows locks them in this order, each with the weakest lock that
/// serves (`FOR NO KEY UPDATE`, or a plain `UPDATE` of non-key columns, never `FOR UPDATE`: inserting a vote, comment or
/// event takes a key-share lock on its idea through the foreign key, which `FOR UPDATE` would wait for):
///
/// 00. a community's row `FOR NO KEY UPDATE`: an import takes it (`Importer`), for its whole transaction and
///    before anything below, so that two imports into one community take turns; it writes only that community's rows.
///    A health snapshot (`HealthSnapshot`) takes it too, and then writes only the health tables;
/// 0. a workshop's row `FOR NO KEY UPDATE` (its state, capacity and seat counters), then its registrations, its
///    activities and its board (notes in ascending id), before anything of 1–6 an output touches (a workshop turning
///    a note into an idea locks the workshop first; nothing that locks an idea or a challenge locks a workshop; a new
///    note takes the row only inside the one statement that numbers it, `BoardRepository.quickAdd`).
///    An offering's row `FOR NO KEY UPDATE` is at this level too, before what it holds (canvas entries and fits,
///    blueprint steps and arrows, KPIs and measurements, updates, milestones); nothing that locks an offering locks a
///    workshop. Making an offering locks the ideas it converts (2, in id order) before inserting its row, which no
///    one else can see until it commits;
/// 1. the challenge row `FOR SHARE` and its `voting_settings` (only the settings form takes them, to hold the phase
///    still while it saves; it locks no idea, so the count trigger's idea-then-challenge order never meets it);
/// 2. ideas, in ascending id (a vote, a comment, a state move or a merge locks its idea(s) *first*, then re-checks the
///    idea's state under the lock);
/// 3. the challenge's counters, `challenges` then `challenge_tags` in tag order (only the count trigger, which fires
///    on the idea row already locked);
/// 4. the vote rows themselves: `supports`, `dots`, `comments`, `scorecards`, `pairwise_prompts`;
/// 5. a member's budgets in the challenge: `support_budgets`, then `dot_budgets`;
/// 6. history rows (`idea_events`, `comment_events`, `challenge_events`, `workshop_events`, `offering_events`),
///    `notifications` (to followers, `FollowRepository.tellFollowers`) and `outbox` rows: insert-only.
///
/// On their own, never while holding any of the above: a nudge locks the chosen members' `memberships` rows in member
/// id order (`NudgeRepository`); the digest writer locks a batch of `members` rows `FOR NO KEY UPDATE SKIP LOCKED`
/// (`DigestWriter`); an outbox sender leases rows `FOR UPDATE SKIP LOCKED` in a statement of its own (`Outbox`); a
/// sign-up locks the organisation row it joins (an upsert) before inserting the member, and merging two organisations
/// locks both rows `FOR UPDATE` in id order, then the members, challenges and offerings that point at the one that goes
/// (`OrganisationRepository`). Saving an organisation's identity provider locks its `identity_providers` row (an upsert)
/// and then its domains; a first sign-in through a provider inserts the member and the identity in one transaction
/// (`SingleSignOnRepository`): neither takes any other lock.
///
/// The library (`LibraryRepository`, `AttachmentRepository`, `WorkLinkRepository`) locks a resource's row
/// `FOR NO KEY UPDATE` first, then its versions, authors, useful marks, attachments and the community's
/// `library_usage` row; nothing there locks anything of 0–6. Making a resource from something else locks that first —
/// a discussion's thread, a workshop's row (level 0) or an offering's update — then inserts the new resource, which
/// no one else can see until it commits.
///
/// Anything that still loses a race is retried here (`retrying`), a bounded number of times with jitter.
public struct Database: Sendable {
    private let pool: Pool
    public let logger: Logger
    public var retry: RetryPolicy

    private enum Pool: Sendable {
        case one(PostgresClient)
        case hosts(DatabaseHosts)
    }

    public init(client: PostgresClient, logger: Logger, retry: RetryPolicy = .standard) {
        pool = .one(client)
        self.logger = logger
        self.retry = retry
    }

    /// Statements go to whichever of `hosts` takes writes now.
    public init(hosts: DatabaseHosts, logger: Logger, retry: RetryPolicy = .standard) {
        pool = hosts.hosts.count == 1 ? .one(hosts.primary) : .hosts(hosts)
        self.logger = logger
        self.retry = retry
    }

    /// The pool of the host that takes writes; inside `readingFromStandby`, a standby that may serve the read.
    public var client: PostgresClient {
        switch pool {
        case .one(let client): client
        case .hosts(let hosts): StandbyRead.current.map(hosts.reader(for:)) ?? hosts.primary
        }
    }

    /// Runs `body`, whose statements only read and tolerate a little lag, on a standby that has replayed past
    /// `after` (the reader's last write) and is within the lag bound, or on the primary when none is. Nothing in
    /// `body` may write: a standby refuses (25006, answered as the 503 page).
    public func readingFromStandby<T: Sendable>(after: WALPosition?, _ body: () async throws -> T) async rethrows -> T {
        guard case .hosts(let hosts) = pool, hosts.readsFromStandbys else { return try await body() }
        return try await StandbyRead.$current.withValue(StandbyRead.Request(after: after)) { try await body() }
    }

    /// Whether reads may go to standbys (several hosts, a lag bound above 0): only then is a writer's position kept.
    public var readsFromStandbys: Bool {
        if case .hosts(let hosts) = pool { return hosts.readsFromStandbys }
        return false
    }

    /// Where the primary's WAL ends now: after a write commits, a position every later read of the writer must see.
    public func writePosition() async throws -> WALPosition? {
        guard case .hosts(let hosts) = pool, hosts.readsFromStandbys else { return nil }
        for try await (text) in try await hosts.primary.query("SELECT pg_current_wal_lsn()::text", logger: logger).decode(String.self) {
            return WALPosition(text)
        }
        return nil
    }

    /// Runs `body` in one transaction: everything or nothing. The body must be safe to repeat (database work only):
    /// a transaction that fails with a serialization failure or a deadlock is rolled back and run again.
    public func transaction<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await retrying {
            do {
                return try await client.withTransaction(logger: logger) { connection in
                    try await body(connection)
                }
            } catch let error as PostgresTransactionError {
                if let inner = error.closureError { throw inner }
                throw error
            }
        }
    }

    /// Runs `body` (one statement, or a transaction) again when PostgreSQL aborted it to resolve a conflict
    /// (`40001`, `40P01`); after `retry.attempts` tries it throws `StoreError.busy`.
    public func retrying<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch let error where error.isRetryable {
                guard attempt < retry.attempts else {
                    logger.warning("gave up after \(attempt) tries: \(error.sqlState ?? "")")
                    throw StoreError.busy
                }
                logger.notice("retrying a transaction", metadata: ["sqlstate": .string(error.sqlState ?? ""),
                                                                   "attempt": .stringConvertible(attempt)])
                try await Task.sleep(for: retry.delay(before: attempt + 1))
                attempt += 1
            }
        }
    }

    /// Whether the database answers within `timeout`.
    public func ping(timeout: Duration = .seconds(2)) async -> Bool {
        let client = client
        let logger = logger
        return (try? await Deadline.run(timeout) {
            let rows = try await client.query("SELECT 1", logger: logger)
            for try await _ in rows.decode(Int32.self) {}
            return true
        }) ?? false
    }
}

/// How often and how patiently a transaction that lost a race is tried again.
public struct RetryPolicy: Sendable {
    /// Tries in all, the first included.
    public var attempts: Int
    /// The wait before the second try; it doubles for each further try, times a random factor from 0.5 to 1.5.
    public var firstDelay: Duration

    public init(attempts: Int, firstDelay: Duration) {
        self.attempts = attempts
        self.firstDelay = firstDelay
    }

    public static let standard = RetryPolicy(attempts: 6, firstDelay: .milliseconds(4))

    func delay(before attempt: Int) -> Duration {
        firstDelay * (1 << min(attempt - 2, 10)) * Double.random(in: 0.5...1.5)
    }
}

/// Failures the store reports in domain terms.
public enum StoreError: Error, Equatable, Sendable {
    case notFound
    case conflict(String)
    /// A limit the database enforces (a CHECK constraint) would be passed: budgets, dots per idea.
    case limitReached(String)
    /// The transaction kept losing races with others (serialization failures or deadlocks) and was given up.
    case busy
}

extension Error {
    /// The violated constraint's name when this is a PostgreSQL unique violation (23505).
    public var uniqueViolation: String? { violation("23505") }

    /// The violated constraint's name when this is a PostgreSQL check violation (23514).
    public var checkViolation: String? { violation("23514") }

    /// The SQLSTATE PostgreSQL answered with, if this is a server error.
    public var sqlState: String? { psqlError?.serverInfo?[.sqlState] }

    /// A serialization failure or a deadlock: the transaction did nothing and may simply run again.
    var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// Whether this error means the database is away, overloaded or too slow, rather than a mistake in a request:
    /// connection failures, shutdowns, timeouts (`statement_timeout`, `lock_timeout`), too many connections, a lease
    /// given up because the request ran out of time, and races given up (`StoreError.busy`).
    public var isDatabaseUnavailable: Bool {
        if self is CancellationError || self is Deadline.Exceeded { return true }
        // The pool's own errors (lease cancelled, pool shut down) come from a module PostgresNIO does not export.
        if String(reflecting: type(of: self)).hasSuffix("ConnectionPoolError") { return true }
        if let store = self as? StoreError { return store == .busy }
        guard let psql = psqlError else { return false }
        guard psql.code == .server else { return psql.code != .tooManyParameters }
        let state = psql.serverInfo?[.sqlState] ?? ""
        // 25006: a write reached a host that has just become a standby (a failover under way).
        return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57") || state == "55P03"
            || state == "25006" || isRetryable
    }

    private var psqlError: PSQLError? {
        var error: any Error = self
        if let wrapped = error as? PostgresTransactionError {
            if let inner = wrapped.closureError { error = inner }
            else if let inner = wrapped.beginError { error = inner }
            else if let inner = wrapped.commitError { error = inner }
        }
        return error as? PSQLError
    }

    /// The violated constraint's name when this is a PostgreSQL foreign-key violation (23503).
    public var foreignKeyViolation: String? { violation("23503") }

    private func violation(_ state: String) -> String? {
        guard let psql = psqlError, psql.serverInfo?[.sqlState] == state else { return nil }
        return psql.serverInfo?[.constraintName] ?? ""
    }
}

extension PostgresRowSequence {
    /// The first row decoded as `T`, or nil.
    func first<T: PostgresDecodable & Sendable>(_ type: T.Type) async throws -> T? {
        for try await value in decode(T.self) { return value }
        return nil
    }
}
