import EyrieCore
import Foundation
import PostgresNIO

/// The monthly rollup of a community's activity per member, read from what Eyrie records anyway: one count per
/// `ParticipationKind` (the core's table says which are contributions). Contributions are ideas (each author and
/// co-author), comments, reviews (scorecards), workshop seats (a registration for a workshop that has started, unless
/// marked absent), board notes, offering updates, library work (resource versions written, files attached),
/// discussion posts (discussions started, replies) and accepted answers; votes are supports, dots and pairwise
/// answers; visits are sign-ins, joining and workshop registrations; leads are a selected idea (its authors), a
/// workshop facilitated and an offering owned (every month it is not retired). Hidden discussions and replies count
/// for nothing.
enum ActivityRollup {
    /// Replaces the rollup of `month` for the community with what the sources hold for it now (rows that did not
    /// change are left alone: `MonthRows`).
    static func refresh(_ connection: PostgresConnection, communityID c: Int64, month: Month, now: Date,
                        logger: Logger) async throws {
        let (from, to) = (month.start, month.end)
        let day = "\(month)-01"
        let kinds = ParticipationKind.allCases
        let rows = MonthRows(table: "participation_months",
                             values: kinds.map(\.column) + ["last_contribution_at", "last_lead_at", "last_seen_at"])
        try await rows.stage(connection, logger: logger)
        let columns = kinds.map(\.column).joined(separator: ", ")
        let counts = kinds.map { "count(*) FILTER (WHERE x.kind = '\($0.rawValue)')" }.joined(separator: ", ")
        let contributions = ParticipationKind.contributions.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try await connection.query("""
            INSERT INTO \(unescaped: rows.staging) (community_id, month, member_id, \(unescaped: columns),
                                              last_contribution_at, last_lead_at, last_seen_at)
            SELECT \(c), \(day)::date, x.member_id, \(unescaped: counts),
                   max(x.at) FILTER (WHERE x.kind IN (\(unescaped: contributions))),
                   max(x.at) FILTER (WHERE x.kind = 'lead'), max(x.at)
            FROM (
                SELECT a.member_id, 'idea' AS kind, i.created_at AS at
                FROM ideas i JOIN idea_authors a ON a.idea_id = i.id
                WHERE i.community_id = \(c) AND i.created_at >= \(from) AND i.created_at < \(to) AND i.state <> 'draft'
                UNION ALL
                SELECT author_id, 'comment', created_at FROM comments
                WHERE community_id = \(c) AND created_at >= \(from) AND created_at < \(to)
                UNION ALL
                SELECT member_id, 'vote', created_at FROM supports
                WHERE community_id = \(c) AND created_at >= \(from) AND created_at < \(to)
                UNION ALL
                SELECT member_id, 'vote', placed_at FROM dots
                WHERE community_id = \(c) AND placed_at >= \(from) AND placed_at < \(to) AND count > 0
                UNION ALL
                SELECT member_id, 'vote', created_at FROM pairwise_votes
                WHERE community_id = \(c) AND created_at >= \(from) AND created_at < \(to)
                UNION ALL
                SELECT reviewer_id, 'review', submitted_at FROM scorecards
                WHERE community_id = \(c) AND submitted_at >= \(from) AND submitted_at < \(to)
                UNION ALL
                SELECT r.member_id, 'seat', w.starts_at
                FROM workshops w JOIN workshop_registrations r ON r.workshop_id = w.id
                WHERE w.community_id = \(c) AND w.starts_at >= \(from) AND w.starts_at < \(to) AND w.starts_at <= \(now)
                  AND w.state <> 'cancelled' AND r.status = 'registered' AND r.attended IS NOT FALSE
                UNION ALL
                SELECT r.member_id, 'visit', r.registered_at
                FROM workshops w JOIN workshop_registrations r ON r.workshop_id = w.id
                WHERE w.community_id = \(c) AND r.registered_at >= \(from) AND r.registered_at < \(to)
                UNION ALL
                SELECT n.author_id, 'note', n.created_at FROM board_notes n JOIN workshops w ON w.id = n.workshop_id
                WHERE w.community_id = \(c) AND n.created_at >= \(from) AND n.created_at < \(to)
                UNION ALL
                SELECT u.author_id, 'update', u.created_at FROM offering_updates u JOIN offerings o ON o.id = u.offering_id
                WHERE o.community_id = \(c) AND u.author_id IS NOT NULL AND u.created_at >= \(from) AND u.created_at < \(to)
                UNION ALL
                SELECT v.edited_by, 'library', v.edited_at FROM resource_versions v JOIN resources r ON r.id = v.resource_id
                WHERE r.community_id = \(c) AND v.edited_by IS NOT NULL AND v.edited_at >= \(from) AND v.edited_at < \(to)
                UNION ALL
                SELECT a.uploaded_by, 'library', a.uploaded_at FROM resource_attachments a JOIN resources r ON r.id = a.resource_id
                WHERE r.community_id = \(c) AND a.uploaded_by IS NOT NULL AND a.uploaded_at >= \(from) AND a.uploaded_at < \(to)
                UNION ALL
                SELECT author_id, 'reply', created_at FROM threads
                WHERE community_id = \(c) AND author_id IS NOT NULL AND hidden_reason IS NULL
                  AND created_at >= \(from) AND created_at < \(to)
                UNION ALL
                SELECT r.author_id, 'reply', r.created_at FROM replies r JOIN threads t ON t.id = r.thread_id
                WHERE t.community_id = \(c) AND r.author_id IS NOT NULL AND r.hidden_reason IS NULL
                  AND r.created_at >= \(from) AND r.created_at < \(to)
                UNION ALL
                SELECT r.author_id, 'answer', r.created_at FROM threads t JOIN replies r ON r.id = t.accepted_reply_id
                WHERE t.community_id = \(c) AND r.author_id IS NOT NULL AND t.hidden_reason IS NULL
                  AND r.created_at >= \(from) AND r.created_at < \(to)
                UNION ALL
                SELECT s.member_id, 'visit', s.signed_in_at
                FROM memberships ms JOIN member_signins s ON s.member_id = ms.member_id
                WHERE ms.community_id = \(c) AND s.signed_in_at >= \(from) AND s.signed_in_at < \(to)
                UNION ALL
                SELECT member_id, 'visit', joined_at FROM memberships
                WHERE community_id = \(c) AND joined_at >= \(from) AND joined_at < \(to)
                UNION ALL
                SELECT a.member_id, 'lead', e.created_at FROM idea_events e JOIN idea_authors a ON a.idea_id = e.idea_id
                WHERE e.community_id = \(c) AND e.to_state = 'selected' AND e.created_at >= \(from) AND e.created_at < \(to)
                UNION ALL
                SELECT f.member_id, 'lead', w.starts_at FROM workshops w JOIN workshop_facilitators f ON f.workshop_id = w.id
                WHERE w.community_id = \(c) AND w.state <> 'cancelled' AND w.starts_at >= \(from) AND w.starts_at < \(to)
                  AND w.starts_at <= \(now)
                UNION ALL
                SELECT owner_id, 'lead', greatest(created_at, least(\(to) - interval '1 second', \(now))) FROM offerings
                WHERE community_id = \(c) AND owner_id IS NOT NULL AND state <> 'retired' AND created_at < \(to)
                  AND created_at <= \(now)
            ) x
            GROUP BY x.member_id
            """, logger: logger)
        try await rows.merge(connection, communityID: c, day: day, logger: logger)
    }
}
