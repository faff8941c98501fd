import EyrieCore
import Foundation
import PostgresNIO

/// From talk to work: what a discussion became (an idea, a resource), who it credits, and keeping it in the library.
extension DiscussionRepository {
    /// What a discussion became: the idea and the resource it turned into, by id and title.
    public struct Outcomes: Sendable, Equatable {
        public var idea: (id: Int64, title: String)?
        public var resource: (id: Int64, title: String)?

        public static func == (a: Outcomes, b: Outcomes) -> Bool {
            a.idea?.id == b.idea?.id && a.resource?.id == b.resource?.id
        }
    }

    public func outcomes(discussionID: Int64) async throws -> Outcomes {
        let rows = try await db.client.query("""
            SELECT i.id, i.title, r.id, r.title FROM threads t
            LEFT JOIN ideas i ON i.id = t.idea_id LEFT JOIN resources r ON r.id = t.resource_id
            WHERE t.id = \(discussionID)
            """, logger: db.logger)
        var out = Outcomes()
        for try await (ideaID, ideaTitle, resourceID, resourceTitle) in rows.decode((Int64?, String?, Int64?, String?).self) {
            if let ideaID, let ideaTitle { out.idea = (ideaID, ideaTitle) }
            if let resourceID, let resourceTitle { out.resource = (resourceID, resourceTitle) }
        }
        return out
    }

    /// The discussion an idea came from, if any (id and title), when it is not hidden.
    public func origin(ideaID: Int64) async throws -> (id: Int64, title: String)? {
        let rows = try await db.client.query("""
            SELECT id, title FROM threads WHERE idea_id = \(ideaID) AND hidden_reason IS NULL ORDER BY id LIMIT 1
            """, logger: db.logger)
        for try await row in rows.decode((Int64, String).self) { return row }
        return nil
    }

    /// Who a discussion credits when it becomes work: its asker and the author of its accepted answer, while they are
    /// active members of its community.
    public func contributors(discussionID: Int64) async throws -> [Int64] {
        let rows = try await db.client.query("""
            SELECT DISTINCT x.member_id FROM threads t
            CROSS JOIN LATERAL (VALUES (t.author_id), ((SELECT author_id FROM replies WHERE id = t.accepted_reply_id))) AS x(member_id)
            JOIN memberships ms ON ms.community_id = t.community_id AND ms.member_id = x.member_id AND ms.status = 'active'
            WHERE t.id = \(discussionID)
            """, logger: db.logger)
        var out: [Int64] = []
        for try await id in rows.decode(Int64.self) { out.append(id) }
        return out.sorted()
    }

    /// Records the idea a discussion of the same community became.
    public func linkIdea(discussionID: Int64, ideaID: Int64) async throws {
        try await db.client.query("""
            UPDATE threads t SET idea_id = \(ideaID) FROM ideas i
            WHERE t.id = \(discussionID) AND i.id = \(ideaID) AND i.community_id = t.community_id
            """, logger: db.logger)
    }

    /// Keeps the discussion in the library as a resource (the question, its answer, a link back), its asker and the
    /// answer's author credited with the member who kept it; returns the resource. Locks the discussion first.
    public func keepAsResource(discussionID: Int64, kind: ResourceKind, actorID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let logger = db.logger
            let rows = try await connection.query("""
                SELECT t.community_id, t.title, t.body, t.language, a.body, t.resource_id
                FROM threads t LEFT JOIN replies a ON a.id = t.accepted_reply_id
                WHERE t.id = \(discussionID) FOR NO KEY UPDATE OF t
                """, logger: logger)
            var found: (Int64, String, String, String, String?, Int64?)?
            for try await row in rows.decode((Int64, String, String, String, String?, Int64?).self) { found = row }
            guard let (communityID, title, body, language, answer, existing) = found else { throw StoreError.notFound }
            if let existing { return existing }
            let text = DiscussionKeeping.resourceText(question: body, answer: answer, discussionLink: "/discussions/\(discussionID)")
            let id = try await LibraryRepository.write(connection, communityID: communityID, kind: kind, title: String(title.prefix(160)),
                                                       body: text, language: language, actorID: actorID, logger: logger)
            try await connection.query("""
                INSERT INTO resource_authors (resource_id, member_id)
                SELECT \(id), x FROM (SELECT \(actorID)::int8 UNION SELECT author_id FROM threads WHERE id = \(discussionID)
                                      UNION SELECT r.author_id FROM threads t JOIN replies r ON r.id = t.accepted_reply_id
                                      WHERE t.id = \(discussionID)) AS s(x)
                WHERE x IS NOT NULL ON CONFLICT DO NOTHING
                """, logger: logger)
            try await LibraryRepository.authorsFollow(connection, id: id, logger: logger)
            try await connection.query("UPDATE threads SET resource_id = \(id) WHERE id = \(discussionID)", logger: logger)
            return id
        }
    }
}
