import EyrieCore
import Foundation
import PostgresNIO

/// Ideas, their authors and their history.
public struct IdeaRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Creates an idea with its authors and first history row in one transaction. A repeated
    /// `submissionKey` from the same author (a double-clicked button) returns the first idea's id.
    public func create(_ draft: IdeaDraft, challenge: Challenge, authorID: Int64, coAuthorIDs: [Int64],
                       state: IdeaState, submissionKey: String, awaitingApproval: Bool = false) async throws -> Int64 {
        do {
            return try await db.transaction { connection in
                let rows = try await connection.query("""
                    INSERT INTO ideas (community_id, challenge_id, author_id, title, summary, body, tags, state, submission_key,
                                       awaiting_approval, language)
                    VALUES (\(challenge.communityID), \(challenge.id), \(authorID), \(draft.title), \(draft.summary),
                            \(draft.body), \(draft.tags), \(state.rawValue), \(submissionKey), \(awaitingApproval),
                            \(draft.language))
                    RETURNING id
                    """, logger: db.logger)
                let id = try await rows.first(Int64.self) ?? 0
                try await Self.setAuthors(connection, ideaID: id, communityID: challenge.communityID,
                                          authorIDs: [authorID] + coAuthorIDs.filter { $0 != authorID }, logger: db.logger)
                try await connection.query("""
                    INSERT INTO idea_events (community_id, idea_id, actor_id, kind, from_state, to_state)
                    VALUES (\(challenge.communityID), \(id), \(authorID), 'created', NULL, \(state.rawValue))
                    """, logger: db.logger)
                if state != .draft && !awaitingApproval {
                    try await FollowRepository.tellFollowers(
                        connection, .challenge(challenge.id), except: authorID, kind: "new_idea",
                        telling: "New idea in “\("challenge", challenge.title)”: “\("idea", draft.title)”", link: "/ideas/\(id)", ideaID: id,
                        logger: db.logger)
                }
                return id
            }
        } catch let error where error.uniqueViolation == "ideas_author_id_submission_key_key" {
            let rows = try await db.client.query("""
                SELECT id FROM ideas WHERE author_id = \(authorID) AND submission_key = \(submissionKey)
                """, logger: db.logger)
            guard let id = try await rows.first(Int64.self) else { throw error }
            return id
        }
    }

    /// Changes the text and co-authors (authors while the idea is editable).
    public func update(ideaID: Int64, communityID: Int64, draft: IdeaDraft, authorIDs: [Int64]) async throws {
        try await db.transaction { connection in
            try await connection.query("""
                UPDATE ideas SET title = \(draft.title), summary = \(draft.summary), body = \(draft.body),
                       tags = \(draft.tags), language = coalesce(\(draft.language), language), updated_at = now()
                WHERE id = \(ideaID)
                """, logger: db.logger)
            try await connection.query("DELETE FROM idea_authors WHERE idea_id = \(ideaID)", logger: db.logger)
            try await Self.setAuthors(connection, ideaID: ideaID, communityID: communityID, authorIDs: authorIDs,
                                      logger: db.logger)
        }
    }

    public func find(id: Int64) async throws -> Idea? {
        let rows = try await db.client.query("""
            SELECT i.id, i.community_id, i.challenge_id, i.title, i.summary, i.body, i.tags, i.state,
                   i.support_count, i.comment_count, i.merged_into_id, i.hidden_reason, i.created_at, i.dot_count,
                   i.awaiting_approval, i.language
            FROM ideas i WHERE i.id = \(id)
            """, logger: db.logger)
        var found: Idea?
        for try await row in rows {
            var r = RowReader(row)
            let (id, communityID, challengeID) = try (r.next(Int64.self), r.next(Int64.self), r.next(Int64.self))
            let (title, summary, body, tags) = try (r.next(String.self), r.next(String.self), r.next(String.self),
                                                    r.next([String].self))
            let (state, supports, comments) = try (r.next(String.self), r.next(Int32.self), r.next(Int32.self))
            let (mergedIntoID, hiddenReason, createdAt) = try (r.next(Int64?.self), r.next(String?.self), r.next(Date.self))
            let (dots, awaitingApproval) = try (r.next(Int32.self), r.next(Bool.self))
            found = Idea(id: id, communityID: communityID, challengeID: challengeID, title: title, summary: summary,
                         body: body, tags: tags, state: IdeaState(rawValue: state) ?? .submitted, authors: [],
                         supportCount: Int(supports), commentCount: Int(comments), mergedIntoID: mergedIntoID,
                         hiddenReason: hiddenReason, createdAt: createdAt)
            found?.dotCount = Int(dots)
            found?.awaitingApproval = awaitingApproval
            found?.language = try r.next(String.self)
        }
        guard var idea = found else { return nil }
        let authors = try await db.client.query("""
            SELECT m.id, m.name, o.name FROM idea_authors a JOIN members m ON m.id = a.member_id
            JOIN organisations o ON o.id = m.organisation_id WHERE a.idea_id = \(id) ORDER BY a.position
            """, logger: db.logger)
        for try await (memberID, name, organisation) in authors.decode((Int64, String, String).self) {
            idea.authors.append(Author(id: memberID, name: name, organisationName: organisation))
        }
        return idea
    }

    /// Moves an idea from one of `from` to `to` and records it; `conflict` when the idea changed state meanwhile.
    public func transition(ideaID: Int64, from: Set<IdeaState>, to: IdeaState, actorID: Int64?, reason: String,
                           kind: String = "transition") async throws {
        try await db.transaction { connection in
            try await Self.move(connection, ideaID: ideaID, from: from, to: to, actorID: actorID, reason: reason,
                                kind: kind, logger: db.logger)
        }
    }

    /// Merges `sourceID` into `targetID`: supports (without doubles), comments and dots (up to the limit on one idea,
    /// the rest given back) move, counters are recomputed, and both ideas' histories record it. Both ideas are locked first, in id order; `conflict("target")` when the
    /// target left the active states meanwhile (declined, merged elsewhere).
    public func merge(sourceID: Int64, targetID: Int64, from: Set<IdeaState>, actorID: Int64, reason: String) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            let locked = try await connection.query("""
                SELECT id, state FROM ideas WHERE id IN (\(sourceID), \(targetID)) ORDER BY id FOR NO KEY UPDATE
                """, logger: logger)
            var states: [Int64: String] = [:]
            for try await (id, state) in locked.decode((Int64, String).self) { states[id] = state }
            guard let target = states[targetID].flatMap(IdeaState.init(rawValue:)), target.isActive else {
                throw StoreError.conflict("target")
            }
            try await Self.move(connection, ideaID: sourceID, from: from, to: .merged, actorID: actorID,
                                reason: reason, kind: "merged", logger: logger)
            try await connection.query("UPDATE ideas SET merged_into_id = \(targetID) WHERE id = \(sourceID)", logger: logger)
            // Members who supported both ideas keep one support: the other goes back to their budget.
            try await connection.query("""
                UPDATE support_budgets b SET spent = b.spent - 1
                FROM supports s JOIN supports t ON t.member_id = s.member_id AND t.idea_id = \(targetID)
                JOIN ideas i ON i.id = s.idea_id
                WHERE s.idea_id = \(sourceID) AND b.member_id = s.member_id AND b.challenge_id = i.challenge_id
                """, logger: logger)
            try await connection.query("""
                INSERT INTO supports (idea_id, member_id, community_id, created_at)
                SELECT \(targetID), member_id, community_id, created_at FROM supports WHERE idea_id = \(sourceID)
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await connection.query("DELETE FROM supports WHERE idea_id = \(sourceID)", logger: logger)
            try await connection.query("UPDATE comments SET idea_id = \(targetID) WHERE idea_id = \(sourceID)", logger: logger)
            // Dots move along, up to the limit on one idea; what is over it goes back to its member's budget.
            let movers = try await connection.query("""
                WITH moved AS (
                    DELETE FROM dots WHERE idea_id = \(sourceID)
                    RETURNING member_id, challenge_id, community_id, count, max_count)
                INSERT INTO dots (idea_id, member_id, challenge_id, community_id, count, max_count)
                SELECT \(targetID), member_id, challenge_id, community_id, least(count, max_count), max_count
                FROM moved WHERE count > 0
                ON CONFLICT (idea_id, member_id) DO UPDATE SET count = least(dots.count + EXCLUDED.count, dots.max_count)
                RETURNING member_id, challenge_id
                """, logger: logger)
            var members: [Int64] = []
            var challengeID: Int64 = 0
            for try await (member, challenge) in movers.decode((Int64, Int64).self) {
                members.append(member)
                challengeID = challenge
            }
            if !members.isEmpty {
                try await connection.query("""
                    UPDATE dot_budgets b SET spent = (SELECT coalesce(sum(d.count), 0) FROM dots d
                                                      WHERE d.challenge_id = b.challenge_id AND d.member_id = b.member_id)
                    WHERE b.challenge_id = \(challengeID) AND b.member_id = ANY(\(members))
                    """, logger: logger)
            }
            try await connection.query("""
                UPDATE ideas i SET
                    support_count = (SELECT count(*) FROM supports s WHERE s.idea_id = i.id),
                    comment_count = (SELECT count(*) FROM comments c WHERE c.idea_id = i.id AND c.hidden_reason IS NULL),
                    dot_count = (SELECT coalesce(sum(d.count), 0) FROM dots d WHERE d.idea_id = i.id)
                WHERE i.id IN (\(sourceID), \(targetID))
                """, logger: logger)
            try await connection.query("""
                INSERT INTO idea_events (community_id, idea_id, actor_id, kind, reason)
                SELECT community_id, id, \(actorID), 'absorbed', \("Absorbed idea #\(sourceID). " + reason)
                FROM ideas WHERE id = \(targetID)
                """, logger: logger)
        }
    }

    /// Hides (with a reason) or restores an idea; both are kept in its history.
    public func setHidden(ideaID: Int64, reason: String?, actorID: Int64) async throws {
        try await db.transaction { connection in
            try await connection.query("UPDATE ideas SET hidden_reason = \(reason) WHERE id = \(ideaID)", logger: db.logger)
            try await connection.query("""
                INSERT INTO idea_events (community_id, idea_id, actor_id, kind, reason)
                SELECT community_id, id, \(actorID), \(reason == nil ? "restored" : "hidden"), \(reason ?? "")
                FROM ideas WHERE id = \(ideaID)
                """, logger: db.logger)
        }
    }

    /// A decision on one of a member's ideas.
    public struct Outcome: Sendable {
        public var ideaID: Int64
        public var title: String
        public var event: IdeaEvent
    }

    /// Decisions on a member's ideas (shortlisted, in design, selected, declined, merged), newest first.
    public func outcomes(memberID: Int64, limit: Int = 20) async throws -> [Outcome] {
        let rows = try await db.client.query("""
            SELECT i.id, i.title, e.kind, m.name, e.from_state, e.to_state, e.reason, e.created_at
            FROM idea_authors a JOIN ideas i ON i.id = a.idea_id JOIN idea_events e ON e.idea_id = i.id
            LEFT JOIN members m ON m.id = e.actor_id
            WHERE a.member_id = \(memberID) AND e.to_state IN ('shortlisted', 'in_design', 'selected', 'declined', 'merged')
              AND (e.actor_id IS NULL OR e.actor_id <> \(memberID))
            ORDER BY e.id DESC LIMIT \(limit)
            """, logger: db.logger)
        var list: [Outcome] = []
        for try await row in rows {
            var r = RowReader(row)
            let (ideaID, title, kind, actorName) = try (r.next(Int64.self), r.next(String.self), r.next(String.self),
                                                        r.next(String?.self))
            let (from, to, reason, at) = try (r.next(String?.self), r.next(String?.self), r.next(String.self), r.next(Date.self))
            list.append(Outcome(ideaID: ideaID, title: title,
                                event: IdeaEvent(kind: kind, actorName: actorName, from: from.flatMap(IdeaState.init(rawValue:)),
                                                 to: to.flatMap(IdeaState.init(rawValue:)), reason: reason, at: at)))
        }
        return list
    }

    public func events(ideaID: Int64) async throws -> [IdeaEvent] {
        let rows = try await db.client.query("""
            SELECT e.kind, m.name, e.from_state, e.to_state, e.reason, e.created_at
            FROM idea_events e LEFT JOIN members m ON m.id = e.actor_id WHERE e.idea_id = \(ideaID) ORDER BY e.id
            """, logger: db.logger)
        var list: [IdeaEvent] = []
        for try await r in rows.decode((String, String?, String?, String?, String, Date).self) {
            list.append(IdeaEvent(kind: r.0, actorName: r.1, from: r.2.flatMap(IdeaState.init(rawValue:)),
                                  to: r.3.flatMap(IdeaState.init(rawValue:)), reason: r.4, at: r.5))
        }
        return list
    }

    static func setAuthors(_ connection: PostgresConnection, ideaID: Int64, communityID: Int64, authorIDs: [Int64],
                           logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO idea_authors (idea_id, member_id, community_id, position)
            SELECT \(ideaID), a.member_id, \(communityID), a.position - 1
            FROM unnest(\(authorIDs)::int8[]) WITH ORDINALITY AS a(member_id, position)
            """, logger: logger)
        try await FollowRepository.authorsFollow(connection, ideaID: ideaID, logger: logger)
    }

    static func move(_ connection: PostgresConnection, ideaID: Int64, from: Set<IdeaState>, to: IdeaState,
                     actorID: Int64?, reason: String, kind: String, logger: Logger) async throws {
        let sources = from.map(\.rawValue)
        let rows = try await connection.query("""
            WITH old AS (SELECT id, state FROM ideas WHERE id = \(ideaID) FOR NO KEY UPDATE)
            UPDATE ideas i SET state = \(to.rawValue), updated_at = now() FROM old
            WHERE i.id = old.id AND old.state = ANY(\(sources))
            RETURNING old.state, i.community_id
            """, logger: logger)
        var moved: (previous: String, communityID: Int64)?
        for try await row in rows.decode((String, Int64).self) { moved = row }
        guard let moved else {
            throw StoreError.conflict("state")
        }
        try await connection.query("""
            INSERT INTO idea_events (community_id, idea_id, actor_id, kind, from_state, to_state, reason)
            VALUES (\(moved.communityID), \(ideaID), \(actorID), \(kind), \(moved.previous), \(to.rawValue), \(reason))
            """, logger: logger)
        let title = try await connection.query("SELECT title FROM ideas WHERE id = \(ideaID)", logger: logger).first(String.self) ?? ""
        let from = IdeaState(rawValue: moved.previous)?.label.lowercased() ?? moved.previous
        let moves: Phrase = reason.isEmpty ? "“\("title", title)” moved from \("from", from) to \("to", to.label.lowercased())"
            : "“\("title", title)” moved from \("from", from) to \("to", to.label.lowercased()): {reason}"
        let why = AutomaticReason.said(kind: kind, reason: String(reason.prefix(140)))
        try await FollowRepository.tellFollowers(
            connection, .idea(ideaID), except: actorID, kind: "idea_state",
            telling: (reason.isEmpty ? moves : moves.with("reason", why)).saying("from", "to"),
            link: "/ideas/\(ideaID)", ideaID: ideaID, logger: logger)
    }
}
