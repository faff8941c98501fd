import PostgresNIO

/// Compares every counter the database keeps (an idea's supports, dots, comments and comparisons; a member's spent
/// supports and dots; a challenge's public ideas; a workshop's seats and waiting list) with a recount of the rows it counts. Used by the tests, by the
/// fault suite after a crash, and by operators (`eyrie check`). It reads every vote, so it is not for request paths.
public struct CounterCheck: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// One line per counter that differs from its recount, e.g. `idea 7 support_count 12 <> 11`; empty when all agree.
    public func mismatches() async throws -> [String] {
        let rows = try await db.client.query("""
            WITH supports_by_idea AS (SELECT idea_id, count(*) AS n FROM supports GROUP BY idea_id),
            dots_by_idea AS (SELECT idea_id, sum(count) AS n FROM dots GROUP BY idea_id),
            comments_by_idea AS (SELECT idea_id, count(*) AS n FROM comments WHERE hidden_reason IS NULL GROUP BY idea_id),
            compared AS (
                SELECT idea_id, count(*) AS n FROM (
                    SELECT left_id AS idea_id FROM pairwise_votes WHERE choice <> 'skip'
                    UNION ALL SELECT right_id FROM pairwise_votes WHERE choice <> 'skip') v GROUP BY idea_id),
            supports_by_member AS (
                SELECT i.challenge_id, s.member_id, count(*) AS n FROM supports s JOIN ideas i ON i.id = s.idea_id
                GROUP BY i.challenge_id, s.member_id),
            dots_by_member AS (SELECT challenge_id, member_id, sum(count) AS n FROM dots GROUP BY challenge_id, member_id),
            public_ideas AS (
                SELECT challenge_id, count(*) AS n FROM ideas
                WHERE idea_is_public(state, hidden_reason, awaiting_approval) GROUP BY challenge_id)
            SELECT format('idea %s %s %s <> %s', i.id, c.name, c.kept, c.counted)
            FROM ideas i
            LEFT JOIN supports_by_idea s ON s.idea_id = i.id LEFT JOIN dots_by_idea d ON d.idea_id = i.id
            LEFT JOIN comments_by_idea k ON k.idea_id = i.id LEFT JOIN compared p ON p.idea_id = i.id,
            LATERAL (VALUES ('support_count', i.support_count::int8, (coalesce(s.n, 0) + i.imported_supports)::int8),
                            ('dot_count', i.dot_count::int8, coalesce(d.n, 0)::int8),
                            ('comment_count', i.comment_count::int8, coalesce(k.n, 0)::int8),
                            ('comparison_count', i.comparison_count::int8, coalesce(p.n, 0)::int8)) AS c(name, kept, counted)
            WHERE c.kept <> c.counted
            UNION ALL
            SELECT format('member %s support budget in challenge %s: spent %s <> %s', b.member_id, b.challenge_id, b.spent,
                          coalesce(s.n, 0))
            FROM support_budgets b LEFT JOIN supports_by_member s USING (challenge_id, member_id)
            WHERE b.spent <> coalesce(s.n, 0)
            UNION ALL
            SELECT format('member %s dot budget in challenge %s: spent %s <> %s', b.member_id, b.challenge_id, b.spent,
                          coalesce(d.n, 0))
            FROM dot_budgets b LEFT JOIN dots_by_member d USING (challenge_id, member_id)
            WHERE b.spent <> coalesce(d.n, 0)
            UNION ALL
            SELECT format('challenge %s idea_count %s <> %s', c.id, c.idea_count, coalesce(p.n, 0))
            FROM challenges c LEFT JOIN public_ideas p ON p.challenge_id = c.id
            WHERE c.idea_count <> coalesce(p.n, 0)
            UNION ALL
            SELECT format('workshop %s seats %s/%s waiting %s <> %s/%s', w.id, w.seats_taken, w.capacity, w.waiting,
                          r.seated, r.waiting)
            FROM workshops w, LATERAL (
                SELECT count(*) FILTER (WHERE status = 'registered') AS seated,
                       count(*) FILTER (WHERE status = 'waiting') AS waiting
                FROM workshop_registrations WHERE workshop_id = w.id) r
            WHERE w.seats_taken <> r.seated OR w.waiting <> r.waiting
            UNION ALL
            SELECT format('resource %s useful_count %s <> %s', r.id, r.useful_count, u.n)
            FROM resources r, LATERAL (SELECT count(*) AS n FROM resource_useful WHERE resource_id = r.id) u
            WHERE r.useful_count <> u.n
            UNION ALL
            SELECT format('discussion %s reply_count %s <> %s', t.id, t.reply_count, c.n)
            FROM threads t, LATERAL (SELECT count(*) AS n FROM replies WHERE thread_id = t.id AND hidden_reason IS NULL) c
            WHERE t.reply_count <> c.n
            UNION ALL
            SELECT format('community %s library_usage %s bytes in %s files <> %s in %s', k.id, coalesce(u.bytes, 0),
                          coalesce(u.files, 0), a.bytes, a.files)
            FROM communities k LEFT JOIN library_usage u ON u.community_id = k.id,
                 LATERAL (SELECT coalesce(sum(f.size), 0) AS bytes, count(*) AS files
                          FROM resource_attachments f JOIN resources r ON r.id = f.resource_id
                          WHERE r.community_id = k.id) a
            WHERE coalesce(u.bytes, 0) <> a.bytes OR coalesce(u.files, 0) <> a.files
            """, logger: db.logger)
        var list: [String] = []
        for try await line in rows.decode(String.self) { list.append(line) }
        return list
    }
}
