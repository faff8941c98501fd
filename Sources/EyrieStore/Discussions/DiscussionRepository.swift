import EyrieCore
import Foundation
import PostgresNIO

/// Discussions and their replies. Every write locks the discussion's row first (`FOR NO KEY UPDATE`: its counter,
/// its lock and its accepted answer live there), then touches replies; `Database.transaction` retries a
/// serialization failure or deadlock.
public struct DiscussionRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    static let columns = """
        t.id, t.community_id, t.challenge_id, ch.title, t.kind, t.title, t.body, t.language, t.author_id, m.name,
        t.created_at, t.last_post_at, t.reply_count, t.accepted_reply_id, t.locked_at IS NOT NULL, t.hidden_reason
        """
    static let from = "threads t LEFT JOIN challenges ch ON ch.id = t.challenge_id LEFT JOIN members m ON m.id = t.author_id"

    static func discussion(_ r: inout RowReader) throws -> Discussion {
        let (id, community, challenge, challengeTitle) = try (r.next(Int64.self), r.next(Int64.self), r.next(Int64?.self), r.next(String?.self))
        let (kind, title, body, language) = try (r.next(String.self), r.next(String.self), r.next(String.self), r.next(String.self))
        let (author, authorName, created, last) = try (r.next(Int64?.self), r.next(String?.self), r.next(Date.self), r.next(Date.self))
        let (replies, accepted, locked, hidden) = try (r.next(Int32.self), r.next(Int64?.self), r.next(Bool.self), r.next(String?.self))
        return Discussion(id: id, communityID: community, challengeID: challenge, challengeTitle: challengeTitle,
                          kind: DiscussionKind(rawValue: kind) ?? .topic, title: title, body: body, language: language,
                          authorID: author, authorName: authorName, createdAt: created, lastPostAt: last,
                          replyCount: Int(replies), acceptedReplyID: accepted, isLocked: locked, hiddenReason: hidden)
    }

    /// Opens a discussion; members named in it (`@Their Name`) are told.
    public func create(_ draft: DiscussionDraft, communityID: Int64, actorID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let id = try await connection.query("""
                INSERT INTO threads (community_id, challenge_id, kind, title, body, language, author_id)
                SELECT \(communityID), \(draft.challengeID), \(draft.kind.rawValue), \(draft.title), \(draft.body), \(draft.language), \(actorID)
                WHERE \(draft.challengeID)::int8 IS NULL
                   OR EXISTS (SELECT 1 FROM challenges WHERE id = \(draft.challengeID) AND community_id = \(communityID))
                RETURNING id
                """, logger: db.logger).first(Int64.self)
            guard let id else { throw StoreError.notFound }
            try await FollowRepository.starts(connection, .discussion(id), memberID: actorID, communityID: communityID, logger: db.logger)
            try await Self.tellMentioned(connection, in: draft.body, discussionID: id, communityID: communityID, title: draft.title,
                                         actorID: actorID, link: "/discussions/\(id)", logger: db.logger)
            if let challengeID = draft.challengeID {
                try await FollowRepository.tellFollowers(connection, .challenge(challengeID), except: actorID, kind: "discussion",
                                                         telling: "A new discussion in the challenge: “\("title", draft.title)”",
                                                         link: "/discussions/\(id)", logger: db.logger)
            }
            return id
        }
    }

    /// A discussion as a visitor reads it, with its community and the visitor's role there.
    public struct Visit: Sendable {
        public var discussion: Discussion
        public var community: Community
        public var role: CommunityRole?
        public var viewerID: Int64?
    }

    public func visit(id: Int64, viewerID: Int64?) async throws -> Visit? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), \(unescaped: CommunityRepository.joinedColumns), ms.role
            FROM \(unescaped: Self.from) JOIN communities k ON k.id = t.community_id
            LEFT JOIN memberships ms ON ms.community_id = t.community_id AND ms.member_id = \(viewerID) AND ms.status = 'active'
            WHERE t.id = \(id)
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            let discussion = try Self.discussion(&r)
            let community = try CommunityRepository.community(&r)
            let role = try r.next(String?.self)
            return Visit(discussion: discussion, community: community, role: role.flatMap(CommunityRole.init(rawValue:)),
                         viewerID: viewerID)
        }
        return nil
    }

    /// The discussion a reply belongs to.
    public func discussionOf(replyID: Int64) async throws -> Int64? {
        try await db.client.query("SELECT thread_id FROM replies WHERE id = \(replyID)", logger: db.logger).first(Int64.self)
    }

    /// The replies in reading order: each top-level reply followed by the replies under it.
    public func replies(discussionID: Int64) async throws -> [DiscussionReply] {
        let rows = try await db.client.query("""
            SELECT r.id, r.parent_id, r.quote_id, r.body, r.language, r.author_id, m.name, r.created_at, r.hidden_reason
            FROM replies r LEFT JOIN members m ON m.id = r.author_id
            WHERE r.thread_id = \(discussionID) ORDER BY coalesce(r.parent_id, r.id), r.id
            """, logger: db.logger)
        var out: [DiscussionReply] = []
        for try await (id, parent, quote, body, language, author, name, at, hidden) in rows.decode(
            (Int64, Int64?, Int64?, String, String, Int64?, String?, Date, String?).self) {
            out.append(DiscussionReply(id: id, parentID: parent, quoteID: quote, body: body, language: language, authorID: author,
                                       authorName: name, createdAt: at, hiddenReason: hidden))
        }
        return out
    }

    /// Adds a reply. `conflict("locked")` or `conflict("hidden")` when the discussion closed meanwhile; a parent or
    /// a quote from another discussion is `notFound`. A reply to a reply joins its top-level one. The asker and the
    /// members it names are told.
    public func reply(discussionID: Int64, _ draft: ReplyDraft, actorID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let logger = db.logger
            let rows = try await connection.query("""
                SELECT community_id, author_id, title, locked_at IS NOT NULL, hidden_reason IS NOT NULL
                FROM threads WHERE id = \(discussionID) FOR NO KEY UPDATE
                """, logger: logger)
            var found: (Int64, Int64?, String, Bool, Bool)?
            for try await row in rows.decode((Int64, Int64?, String, Bool, Bool).self) { found = row }
            guard let (communityID, _, title, locked, hidden) = found else { throw StoreError.notFound }
            if hidden { throw StoreError.conflict("hidden") }
            if locked { throw StoreError.conflict("locked") }
            var parent: Int64?
            if let parentID = draft.parentID {
                parent = try await connection.query("""
                    SELECT coalesce(parent_id, id) FROM replies WHERE id = \(parentID) AND thread_id = \(discussionID)
                    """, logger: logger).first(Int64.self)
                guard parent != nil else { throw StoreError.notFound }
            }
            if let quoteID = draft.quoteID {
                guard try await connection.query("""
                    SELECT 1 FROM replies WHERE id = \(quoteID) AND thread_id = \(discussionID) AND hidden_reason IS NULL
                    """, logger: logger).first(Int32.self) != nil else { throw StoreError.notFound }
            }
            let id = try await connection.query("""
                INSERT INTO replies (thread_id, parent_id, quote_id, body, language, author_id)
                VALUES (\(discussionID), \(parent), \(draft.quoteID), \(draft.body), \(draft.language), \(actorID)) RETURNING id
                """, logger: logger).first(Int64.self) ?? 0
            try await connection.query("""
                UPDATE threads SET reply_count = reply_count + 1, last_post_at = now() WHERE id = \(discussionID)
                """, logger: logger)
            let link = "/discussions/\(discussionID)#reply-\(id)"
            try await Self.tellMentioned(connection, in: draft.body, discussionID: discussionID, communityID: communityID,
                                         title: title, actorID: actorID, link: link, logger: logger)
            // Everyone who follows it (the asker and those who replied, unless they stopped) hears of the reply; those
            // it mentions were told just now under the same link, and are not told twice.
            let name = try await connection.query("SELECT name FROM members WHERE id = \(actorID)", logger: logger)
                .first(String.self) ?? ""
            try await FollowRepository.tellFollowers(connection, .discussion(discussionID), except: actorID, kind: "reply",
                                                     telling: "\("name", name) replied in “\("title", title)”: \("reply", draft.body.prefix(140))",
                                                     link: link, logger: logger)
            try await FollowRepository.starts(connection, .discussion(discussionID), memberID: actorID, communityID: communityID,
                                              logger: logger)
            return id
        }
    }

    /// Marks `replyID` as the answer (nil: no answer). The reply must be a visible reply of this question.
    public func accept(discussionID: Int64, replyID: Int64?, actorID: Int64) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            let rows = try await connection.query("""
                SELECT community_id, title FROM threads WHERE id = \(discussionID) AND kind = 'question' FOR NO KEY UPDATE
                """, logger: logger)
            var found: (Int64, String)?
            for try await row in rows.decode((Int64, String).self) { found = row }
            guard let (communityID, title) = found else { throw StoreError.notFound }
            var answerer: Int64?
            if let replyID {
                let author = try await connection.query("""
                    SELECT coalesce(author_id, 0) FROM replies
                    WHERE id = \(replyID) AND thread_id = \(discussionID) AND hidden_reason IS NULL
                    """, logger: logger).first(Int64.self)
                guard let author else { throw StoreError.notFound }
                answerer = author == 0 ? nil : author
            }
            try await connection.query("""
                UPDATE threads SET accepted_reply_id = \(replyID) WHERE id = \(discussionID)
                """, logger: logger)
            if let replyID {
                try await connection.query("""
                    INSERT INTO thread_events (thread_id, reply_id, actor_id, kind) VALUES (\(discussionID), \(replyID), \(actorID), 'accepted')
                    """, logger: logger)
            }
            if let replyID {
                let link = "/discussions/\(discussionID)#reply-\(replyID)"
                if let answerer, answerer != actorID {
                    try await Self.tell(connection, [answerer], communityID: communityID, kind: "answer",
                                        telling: "Your reply was marked as the answer to “\("title", title)”", link: link, logger: logger)
                }
                try await FollowRepository.tellFollowers(connection, .discussion(discussionID), except: actorID, kind: "answered",
                                                         telling: "“\("title", title)” has its answer", link: link, logger: logger)
            }
        }
    }

    /// Locks the discussion (no more replies) or opens it again.
    public func setLocked(discussionID: Int64, _ locked: Bool, actorID: Int64) async throws {
        try await db.transaction { connection in
            let changed = try await connection.query("""
                UPDATE threads SET locked_at = CASE WHEN \(locked) THEN coalesce(locked_at, now()) END
                WHERE id = \(discussionID) RETURNING 1
                """, logger: db.logger).first(Int32.self)
            guard changed != nil else { throw StoreError.notFound }
            try await connection.query("""
                INSERT INTO thread_events (thread_id, actor_id, kind) VALUES (\(discussionID), \(actorID), \(locked ? "locked" : "unlocked"))
                """, logger: db.logger)
        }
    }

    /// Hides the discussion with a reason, or restores it (`reason` nil).
    public func setHidden(discussionID: Int64, reason: String?, actorID: Int64) async throws {
        try await db.transaction { connection in
            let changed = try await connection.query("""
                UPDATE threads SET hidden_reason = \(reason) WHERE id = \(discussionID) RETURNING 1
                """, logger: db.logger).first(Int32.self)
            guard changed != nil else { throw StoreError.notFound }
            try await connection.query("""
                INSERT INTO thread_events (thread_id, actor_id, kind, reason)
                VALUES (\(discussionID), \(actorID), \(reason == nil ? "restored" : "hidden"), \(reason ?? ""))
                """, logger: db.logger)
        }
    }

    /// Hides a reply with a reason, or restores it; the discussion's count moves with it, and a hidden reply is no
    /// longer the accepted answer. Returns the discussion's id.
    @discardableResult
    public func setReplyHidden(replyID: Int64, reason: String?, actorID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let logger = db.logger
            guard let discussionID = try await connection.query("SELECT thread_id FROM replies WHERE id = \(replyID)",
                                                                logger: logger).first(Int64.self) else { throw StoreError.notFound }
            try await connection.query("SELECT 1 FROM threads WHERE id = \(discussionID) FOR NO KEY UPDATE", logger: logger)
            let was = try await connection.query("""
                WITH old AS (SELECT id, hidden_reason FROM replies WHERE id = \(replyID) FOR NO KEY UPDATE)
                UPDATE replies r SET hidden_reason = \(reason) FROM old WHERE r.id = old.id RETURNING old.hidden_reason IS NOT NULL
                """, logger: logger).first(Bool.self) ?? false
            let delta = (was ? 1 : 0) - (reason == nil ? 0 : 1)
            try await connection.query("""
                UPDATE threads SET reply_count = reply_count + \(delta),
                       accepted_reply_id = CASE WHEN \(reason)::text IS NOT NULL AND accepted_reply_id = \(replyID) THEN NULL
                                                ELSE accepted_reply_id END
                WHERE id = \(discussionID)
                """, logger: logger)
            try await connection.query("""
                INSERT INTO thread_events (thread_id, reply_id, actor_id, kind, reason)
                VALUES (\(discussionID), \(replyID), \(actorID), \(reason == nil ? "restored" : "hidden"), \(reason ?? ""))
                """, logger: logger)
            return discussionID
        }
    }

    /// The community's discussions (in `challengeID` when given) matching `filter` and `words`, the latest first;
    /// hidden ones only for moderators.
    public func list(communityID: Int64, filter: DiscussionFilter = .all, words: String = "", challengeID: Int64? = nil,
                     includeHidden: Bool = false, limit: Int = 50) async throws -> [Discussion] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from)
            WHERE t.community_id = \(communityID)
              AND (\(includeHidden) OR t.hidden_reason IS NULL)
              AND (\(filter.rawValue) = 'all' OR t.kind = 'question')
              AND (\(filter.rawValue) <> 'unanswered' OR (t.accepted_reply_id IS NULL AND t.hidden_reason IS NULL))
              AND (\(challengeID)::int8 IS NULL OR t.challenge_id = \(challengeID))
              AND (\(words) = '' OR t.search @@ eyrie_search_query(\(words)))
            ORDER BY t.last_post_at DESC, t.id DESC LIMIT \(limit)
            """, logger: db.logger)
        var out: [Discussion] = []
        for try await row in rows {
            var r = RowReader(row)
            out.append(try Self.discussion(&r))
        }
        return out
    }

    /// The community's active members, for finding `@Their Name` in a text.
    static func members(_ connection: PostgresConnection, communityID: Int64, logger: Logger) async throws -> [(id: Int64, name: String)] {
        let rows = try await connection.query("""
            SELECT m.id, m.name FROM memberships ms JOIN members m ON m.id = ms.member_id
            WHERE ms.community_id = \(communityID) AND ms.status = 'active'
            """, logger: logger)
        var out: [(id: Int64, name: String)] = []
        for try await (id, name) in rows.decode((Int64, String).self) { out.append((id, name)) }
        return out
    }

    /// Tells the community's members named in `text` (not the writer) that they were mentioned; returns them.
    @discardableResult
    static func tellMentioned(_ connection: PostgresConnection, in text: String, discussionID: Int64, communityID: Int64,
                              title: String, actorID: Int64, link: String, logger: Logger) async throws -> [Int64] {
        guard text.contains("@") else { return [] }
        let named = Mentions.find(in: text, among: try await members(connection, communityID: communityID, logger: logger))
            .filter { $0 != actorID }
        guard !named.isEmpty else { return [] }
        let name = try await connection.query("SELECT name FROM members WHERE id = \(actorID)", logger: logger).first(String.self) ?? ""
        try await tell(connection, named, communityID: communityID, kind: "mention",
                       telling: "\("name", name) mentioned you in “\("title", title)”", link: link, logger: logger)
        return named
    }

    /// One notification to each of `memberIDs`, kept as a phrase (said in each one's language when read).
    static func tell(_ connection: PostgresConnection, _ memberIDs: [Int64], communityID: Int64, kind: String,
                     telling phrase: Phrase, link: String, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO notifications (member_id, community_id, kind, body, phrase, link)
            SELECT x, \(communityID), \(kind), \(phrase.description), \(phrase.stored)::jsonb, \(link)
            FROM unnest(\(memberIDs)::int8[]) AS x
            """, logger: logger)
    }
}
