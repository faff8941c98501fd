import EyrieCore
import Foundation
import PostgresNIO

/// What Eyrie tells members inside the app: a list per member, newest first, with an unread count. Notifications
/// are written by the transaction of the change that causes them, so a change is never told twice or lost.
public struct NotificationRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// One notification as its member reads it.
    public struct Item: Sendable, Equatable {
        public var id: Int64
        public var kind: String
        /// What it says, in words for `say` (an English text as it is for a notification written before phrases).
        public var body: Phrase
        public var link: String
        public var at: Date
        public var read: Bool
    }

    /// Tells each contributor of the offering's ideas once: the authors and co-authors of its ideas and of every idea
    /// merged into them, at any depth.
    static func tellContributors(_ connection: PostgresConnection, offeringID: Int64, kind: String, telling body: Phrase,
                                 logger: Logger) async throws {
        try await connection.query("""
            WITH RECURSIVE sources(id) AS (
                SELECT id FROM ideas WHERE offering_id = \(offeringID)
                UNION SELECT i.id FROM ideas i JOIN sources s ON i.merged_into_id = s.id)
            INSERT INTO notifications (member_id, community_id, kind, offering_id, body, phrase, link)
            SELECT DISTINCT a.member_id, o.community_id, \(kind), o.id, \(body.description), \(body.stored)::jsonb,
                   '/offerings/' || o.id
            FROM sources s JOIN idea_authors a ON a.idea_id = s.id JOIN offerings o ON o.id = \(offeringID)
            """, logger: logger)
    }

    public func list(memberID: Int64, limit: Int = 50) async throws -> [Item] {
        let rows = try await db.client.query("""
            SELECT id, kind, body, phrase::text, link, created_at, read_at IS NOT NULL FROM notifications
            WHERE member_id = \(memberID) ORDER BY id DESC LIMIT \(limit)
            """, logger: db.logger)
        var items: [Item] = []
        for try await (id, kind, body, phrase, link, at, read) in rows.decode((Int64, String, String, String?, String, Date, Bool).self) {
            items.append(Item(id: id, kind: kind, body: .stored(phrase, else: body), link: link, at: at, read: read))
        }
        return items
    }

    public func unreadCount(memberID: Int64) async throws -> Int {
        let count = try await db.client.query("""
            SELECT count(*)::int8 FROM notifications WHERE member_id = \(memberID) AND read_at IS NULL
            """, logger: db.logger).first(Int64.self)
        return Int(count ?? 0)
    }

    /// Marks one of the member's notifications read (another member's is left alone); returns its link.
    public func markRead(id: Int64, memberID: Int64) async throws -> String? {
        try await db.client.query("""
            UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = \(id) AND member_id = \(memberID)
            RETURNING link
            """, logger: db.logger).first(String.self)
    }

    public func markAllRead(memberID: Int64) async throws {
        try await db.client.query("""
            UPDATE notifications SET read_at = now() WHERE member_id = \(memberID) AND read_at IS NULL
            """, logger: db.logger)
    }
}
