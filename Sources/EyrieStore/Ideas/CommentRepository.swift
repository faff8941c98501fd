import EyrieCore
import Foundation
import PostgresNIO

/// Comments and replies (one level deep) on ideas, and their moderation.
public struct CommentRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Adds a comment and bumps the idea's counter in one transaction. A reply to a reply attaches to the
    /// top-level comment, so threads stay one level deep; a parent from another idea is refused (`notFound`).
    /// The idea is locked first (its counter), with its state re-checked: `conflict("state")` when it was merged or
    /// otherwise closed to comments meanwhile.
    public func add(ideaID: Int64, communityID: Int64, authorID: Int64, draft: CommentDraft) async throws -> Int64 {
        let states = IdeaAction.comment.sources.map(\.rawValue)
        return try await db.transaction { connection in
            let counted = try await connection.query("""
                UPDATE ideas SET comment_count = comment_count + 1 WHERE id = \(ideaID) AND state = ANY(\(states))
                RETURNING 1
                """, logger: db.logger).first(Int32.self)
            guard counted != nil else { throw StoreError.conflict("state") }
            var parent: Int64?
            if let parentID = draft.parentID {
                let rows = try await connection.query("""
                    SELECT coalesce(parent_id, id) FROM comments WHERE id = \(parentID) AND idea_id = \(ideaID)
                    """, logger: db.logger)
                guard let root = try await rows.first(Int64.self) else { throw StoreError.notFound }
                parent = root
            }
            let rows = try await connection.query("""
                INSERT INTO comments (community_id, idea_id, parent_id, author_id, body)
                VALUES (\(communityID), \(ideaID), \(parent), \(authorID), \(draft.body)) RETURNING id
                """, logger: db.logger)
            let id = try await rows.first(Int64.self) ?? 0
            let names = try await connection.query("""
                SELECT m.name, i.title FROM members m, ideas i WHERE m.id = \(authorID) AND i.id = \(ideaID)
                """, logger: db.logger)
            for try await (name, title) in names.decode((String, String).self) {
                try await FollowRepository.tellFollowers(
                    connection, .idea(ideaID), except: authorID, kind: "comment",
                    telling: "\("name", name) commented on “\("idea", title)”: \("comment", draft.body.prefix(140))", link: "/ideas/\(ideaID)#comment-\(id)",
                    ideaID: ideaID, logger: db.logger)
            }
            return id
        }
    }

    /// An idea's comments in thread order: each top-level comment followed by its replies.
    public func list(ideaID: Int64) async throws -> [Comment] {
        let rows = try await db.client.query("""
            SELECT c.id, c.idea_id, c.parent_id, c.author_id, m.name, c.body, c.hidden_reason, c.created_at, c.language
            FROM comments c JOIN members m ON m.id = c.author_id
            WHERE c.idea_id = \(ideaID) ORDER BY coalesce(c.parent_id, c.id), c.id
            """, logger: db.logger)
        return try await Self.collect(rows)
    }

    public func find(id: Int64) async throws -> Comment? {
        let rows = try await db.client.query("""
            SELECT c.id, c.idea_id, c.parent_id, c.author_id, m.name, c.body, c.hidden_reason, c.created_at, c.language
            FROM comments c JOIN members m ON m.id = c.author_id WHERE c.id = \(id)
            """, logger: db.logger)
        return try await Self.collect(rows).first
    }

    /// A member's recent visible comments with the idea each is on.
    public func byAuthor(memberID: Int64, communityIDs: [Int64]? = nil,
                         limit: Int = 30) async throws -> [CommentOnIdea] {
        let rows = try await db.client.query("""
            SELECT c.id, c.idea_id, c.parent_id, c.author_id, m.name, c.body, c.hidden_reason, c.created_at, c.language, i.title
            FROM comments c JOIN members m ON m.id = c.author_id JOIN ideas i ON i.id = c.idea_id
            WHERE c.author_id = \(memberID) AND c.hidden_reason IS NULL AND i.hidden_reason IS NULL AND i.state <> 'draft'
              AND NOT i.awaiting_approval
              AND (\(communityIDs == nil) OR c.community_id = ANY(\(communityIDs ?? [])))
            ORDER BY c.id DESC LIMIT \(limit)
            """, logger: db.logger)
        var list: [CommentOnIdea] = []
        for try await row in rows {
            var r = RowReader(row)
            list.append(CommentOnIdea(comment: try Self.comment(&r), ideaTitle: try r.next()))
        }
        return list
    }

    /// Hides (reason) or restores (nil) a comment, keeping the idea's visible-comment counter right. The idea is
    /// locked before the comment (a merge moves comments between ideas while holding both ideas' locks).
    public func setHidden(commentID: Int64, reason: String?, actorID: Int64) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            for _ in 0..<3 {
                let ideaRows = try await connection.query("SELECT idea_id FROM comments WHERE id = \(commentID)", logger: logger)
                guard let ideaID = try await ideaRows.first(Int64.self) else { throw StoreError.notFound }
                try await connection.query("SELECT 1 FROM ideas WHERE id = \(ideaID) FOR NO KEY UPDATE", logger: logger)
                let rows = try await connection.query("""
                    WITH old AS (SELECT id, hidden_reason FROM comments
                                 WHERE id = \(commentID) AND idea_id = \(ideaID) FOR NO KEY UPDATE)
                    UPDATE comments c SET hidden_reason = \(reason) FROM old WHERE c.id = old.id
                    RETURNING c.community_id, old.hidden_reason IS NOT NULL
                    """, logger: logger)
                var found: (Int64, Bool)?
                for try await row in rows.decode((Int64, Bool).self) { found = row }
                // The comment moved to another idea (a merge) between the two reads: look again.
                guard case let (communityID, wasHidden)? = found else { continue }
                let delta = (wasHidden ? 1 : 0) - (reason == nil ? 0 : 1)
                try await connection.query("""
                    UPDATE ideas SET comment_count = comment_count + \(delta) WHERE id = \(ideaID)
                    """, logger: logger)
                try await connection.query("""
                    INSERT INTO comment_events (community_id, comment_id, actor_id, kind, reason)
                    VALUES (\(communityID), \(commentID), \(actorID), \(reason == nil ? "restored" : "hidden"), \(reason ?? ""))
                    """, logger: logger)
                return
            }
            throw StoreError.conflict("comment")
        }
    }

    /// A comment from `c.id, c.idea_id, c.parent_id, c.author_id, m.name, c.body, c.hidden_reason, c.created_at, c.language`.
    static func comment(_ r: inout RowReader) throws -> Comment {
        let (id, ideaID, parentID, authorID) = try (r.next(Int64.self), r.next(Int64.self), r.next(Int64?.self),
                                                    r.next(Int64.self))
        let (authorName, body, hiddenReason, createdAt) = try (r.next(String.self), r.next(String.self),
                                                               r.next(String?.self), r.next(Date.self))
        var comment = Comment(id: id, ideaID: ideaID, parentID: parentID, authorID: authorID, authorName: authorName,
                              body: body, hiddenReason: hiddenReason, createdAt: createdAt)
        comment.language = try r.next(String.self)
        return comment
    }

    /// A member's comment with the title of the idea it is on, for their profile.
    public struct CommentOnIdea: Sendable {
        public var comment: Comment
        public var ideaTitle: String
    }

    static func collect(_ rows: PostgresRowSequence) async throws -> [Comment] {
        var list: [Comment] = []
        for try await row in rows {
            var reader = RowReader(row)
            list.append(try comment(&reader))
        }
        return list
    }
}
