import EyrieCore
import Foundation
import PostgresNIO

/// The outbox every e-mail leaves through. Messages are written by the transaction that decides to send them;
/// senders lease a batch (`FOR UPDATE SKIP LOCKED`: two senders never hold one message), hand each to the mail server
/// and mark it sent once the server accepted it; a message whose lease ran out (a sender that died) is leased again.
/// A failure waits longer each time (1, 2, 4 … minutes by default, at most an hour) and gives up after `maxAttempts`.
public struct Outbox: Sendable {
    let db: Database
    /// The first wait after a failure, in seconds; it doubles with each try, up to an hour.
    let retryBase: Double

    public init(_ db: Database, retryBase: Double = 60) {
        self.db = db
        self.retryBase = retryBase
    }

    public static let maxAttempts = 12

    /// One message as a sender hands it over.
    public struct Message: Sendable, Equatable {
        public var id: Int64
        public var kind: String
        public var recipient: String
        public var subject: String
        public var body: String
        /// The one-click unsubscribe address, for `List-Unsubscribe`.
        public var unsubscribe: String?
        public var createdAt: Date
        public var attempts: Int
        public var lease: UUID

        public init(id: Int64, kind: String, recipient: String, subject: String, body: String, unsubscribe: String?,
                    createdAt: Date, attempts: Int, lease: UUID) {
            self.id = id; self.kind = kind; self.recipient = recipient; self.subject = subject; self.body = body
            self.unsubscribe = unsubscribe; self.createdAt = createdAt; self.attempts = attempts; self.lease = lease
        }
    }

    static func enqueue(_ connection: PostgresConnection, memberID: Int64?, kind: String, recipient: String,
                        subject: String, body: String, unsubscribe: String?, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO outbox (member_id, kind, recipient, subject, body, unsubscribe)
            VALUES (\(memberID), \(kind), \(recipient), \(subject), \(body), \(unsubscribe))
            """, logger: logger)
    }

    /// Leases up to `limit` messages due now for `leaseFor`.
    public func lease(limit: Int = 50, leaseFor: Duration = .seconds(120)) async throws -> [Message] {
        let lease = UUID()
        let seconds = Double(leaseFor.components.seconds)
        let rows = try await db.retrying {
            try await db.client.query("""
                UPDATE outbox o SET leased_until = now() + make_interval(secs => \(seconds)), lease = \(lease),
                       attempts = o.attempts + 1
                FROM (SELECT id FROM outbox
                      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                        AND (leased_until IS NULL OR leased_until < now())
                      ORDER BY next_attempt_at, id LIMIT \(limit) FOR UPDATE SKIP LOCKED) due
                WHERE o.id = due.id
                RETURNING o.id, o.kind, o.recipient, o.subject, o.body, o.unsubscribe, o.created_at, o.attempts
                """, logger: db.logger).collect()
        }
        var messages: [Message] = []
        for row in rows {
            let (id, kind, to, subject, body, unsubscribe, at, attempts) = try row.decode(
                (Int64, String, String, String, String, String?, Date, Int32).self)
            messages.append(Message(id: id, kind: kind, recipient: to, subject: subject, body: body,
                                    unsubscribe: unsubscribe, createdAt: at, attempts: Int(attempts), lease: lease))
        }
        return messages.sorted { $0.id < $1.id }
    }

    /// Marks a message sent, if this sender still holds its lease; false when another sender took it over. An
    /// invitation's body (its link opens an account) is not kept once it has left.
    @discardableResult
    public func sent(_ message: Message) async throws -> Bool {
        try await db.client.query("""
            UPDATE outbox SET sent_at = now(), leased_until = NULL, last_error = NULL,
                   body = CASE WHEN kind = 'invitation' THEN '(not kept: it held an invitation link)' ELSE body END
            WHERE id = \(message.id) AND lease = \(message.lease) AND sent_at IS NULL RETURNING 1
            """, logger: db.logger).first(Int32.self) != nil
    }

    /// A try that failed: due again after a backoff, or given up for good (`permanent`, or too many tries).
    public func failed(_ message: Message, error: String, permanent: Bool = false) async throws {
        let delay = min(retryBase * pow(2, Double(max(message.attempts - 1, 0))), 3600)
        let giveUp = permanent || message.attempts >= Self.maxAttempts
        try await db.client.query("""
            UPDATE outbox SET leased_until = NULL, last_error = \(String(error.prefix(500))),
                   next_attempt_at = now() + make_interval(secs => \(delay)),
                   failed_at = CASE WHEN \(giveUp) THEN now() END
            WHERE id = \(message.id) AND lease = \(message.lease) AND sent_at IS NULL
            """, logger: db.logger)
    }

    /// Counts for operators and tests: waiting, sent, failed.
    public func counts() async throws -> (waiting: Int, sent: Int, failed: Int) {
        let rows = try await db.client.query("""
            SELECT count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL)::int8,
                   count(*) FILTER (WHERE sent_at IS NOT NULL)::int8, count(*) FILTER (WHERE failed_at IS NOT NULL)::int8
            FROM outbox
            """, logger: db.logger)
        for try await (w, s, f) in rows.decode((Int64, Int64, Int64).self) { return (Int(w), Int(s), Int(f)) }
        return (0, 0, 0)
    }
}
