import EyrieCore
import PostgresNIO

/// Supports: one per member per idea (the primary key forbids doubles); the idea's counter moves in the same statement.
public struct SupportRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Adds a support; returns the idea's new count, or nil when the member had already supported it.
    @discardableResult
    public func support(ideaID: Int64, memberID: Int64, communityID: Int64) async throws -> Int? {
        let rows = try await db.client.query("""
            WITH added AS (
                INSERT INTO supports (idea_id, member_id, community_id) VALUES (\(ideaID), \(memberID), \(communityID))
                ON CONFLICT DO NOTHING RETURNING idea_id)
            UPDATE ideas SET support_count = support_count + 1 WHERE id IN (SELECT idea_id FROM added)
            RETURNING support_count
            """, logger: db.logger)
        return try await rows.first(Int32.self).map(Int.init)
    }

    /// Withdraws a support; returns the new count, or nil when there was none.
    @discardableResult
    public func unsupport(ideaID: Int64, memberID: Int64) async throws -> Int? {
        let rows = try await db.client.query("""
            WITH removed AS (DELETE FROM supports WHERE idea_id = \(ideaID) AND member_id = \(memberID) RETURNING idea_id)
            UPDATE ideas SET support_count = support_count - 1 WHERE id IN (SELECT idea_id FROM removed)
            RETURNING support_count
            """, logger: db.logger)
        return try await rows.first(Int32.self).map(Int.init)
    }

    public func hasSupported(ideaID: Int64, memberID: Int64) async throws -> Bool {
        let rows = try await db.client.query("""
            SELECT 1 FROM supports WHERE idea_id = \(ideaID) AND member_id = \(memberID)
            """, logger: db.logger)
        return try await rows.first(Int32.self) != nil
    }

    /// The number of support rows, to check the kept counter against.
    public func count(ideaID: Int64) async throws -> Int {
        let rows = try await db.client.query("SELECT count(*)::int8 FROM supports WHERE idea_id = \(ideaID)", logger: db.logger)
        return Int(try await rows.first(Int64.self) ?? 0)
    }
}
