import EyrieCore
import Foundation
import PostgresNIO

/// An offering's progress: dated updates (each telling its contributors) and milestones. Changes lock the
/// offering's row first (see `OfferingRepository`).
public struct ProgressRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Posts an update: it becomes the offering's overall progress, and every contributor of its ideas is told once.
    @discardableResult
    public func post(_ draft: ProgressDraft, offeringID: Int64, actorID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let logger = db.logger
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: logger)
            let rows = try await connection.query("""
                WITH posted AS (
                    INSERT INTO offering_updates (offering_id, author_id, note, percent)
                    VALUES (\(offeringID), \(actorID), \(draft.note), \(Int32(draft.percent))) RETURNING id)
                UPDATE offerings o SET progress = \(Int32(draft.percent)), updated_at = now() FROM posted
                WHERE o.id = \(offeringID) RETURNING posted.id, o.name
                """, logger: logger)
            var posted: (Int64, String)?
            for try await row in rows.decode((Int64, String).self) { posted = row }
            guard let (id, name) = posted else { throw StoreError.notFound }
            try await NotificationRepository.tellContributors(
                connection, offeringID: offeringID, kind: "update",
                telling: "“\("offering", name)”, which your idea fed, is \("percent", draft.percent) % along: \("note", draft.note.prefix(140))", logger: logger)
            try await FollowRepository.tellFollowers(
                connection, .offering(offeringID), except: actorID, kind: "update",
                telling: "“\("offering", name)” is \("percent", draft.percent) % along: \("note", draft.note.prefix(140))", link: "/offerings/\(offeringID)",
                offeringID: offeringID, logger: logger)
            return id
        }
    }

    /// The offering's updates, newest first (or only the update `only`, when it is the offering's).
    public func updates(offeringID: Int64, only updateID: Int64? = nil, limit: Int = 50) async throws -> [ProgressUpdate] {
        let rows = try await db.client.query("""
            SELECT u.id, u.note, u.percent, coalesce(m.name, 'Someone'), u.created_at
            FROM offering_updates u LEFT JOIN members m ON m.id = u.author_id
            WHERE u.offering_id = \(offeringID) AND (\(updateID)::int8 IS NULL OR u.id = \(updateID))
            ORDER BY u.id DESC LIMIT \(limit)
            """, logger: db.logger)
        var updates: [ProgressUpdate] = []
        for try await (id, note, percent, author, at) in rows.decode((Int64, String, Int32, String, Date).self) {
            updates.append(ProgressUpdate(id: id, note: note, percent: Int(percent), authorName: author, at: at))
        }
        return updates
    }

    @discardableResult
    public func addMilestone(_ draft: MilestoneDraft, offeringID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: db.logger)
            let id = try await connection.query("""
                INSERT INTO milestones (offering_id, title, due) VALUES (\(offeringID), \(draft.title), (\(draft.due)::timestamptz AT TIME ZONE 'UTC')::date)
                RETURNING id
                """, logger: db.logger).first(Int64.self)
            return id ?? 0
        }
    }

    /// Marks a milestone done (now) or not done.
    public func setDone(milestoneID: Int64, done: Bool, offeringID: Int64) async throws {
        try await db.transaction { connection in
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: db.logger)
            let changed = try await connection.query("""
                UPDATE milestones SET done_at = CASE WHEN \(done) THEN coalesce(done_at, now()) END
                WHERE id = \(milestoneID) AND offering_id = \(offeringID) RETURNING 1
                """, logger: db.logger).first(Int32.self)
            guard changed != nil else { throw StoreError.notFound }
        }
    }

    /// The milestones by due day.
    public func milestones(offeringID: Int64) async throws -> [Milestone] {
        let rows = try await db.client.query("""
            SELECT id, title, due::timestamp AT TIME ZONE 'UTC', done_at FROM milestones WHERE offering_id = \(offeringID) ORDER BY due, id
            """, logger: db.logger)
        var list: [Milestone] = []
        for try await (id, title, due, done) in rows.decode((Int64, String, Date, Date?).self) {
            list.append(Milestone(id: id, title: title, due: due, doneAt: done))
        }
        return list
    }
}
