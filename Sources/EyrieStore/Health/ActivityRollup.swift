import EyrieCore
import Foundation
import PostgresNIO

/// The monthly rollup of a community's activity per member, read from what Eyrie records anyway. Contributions are
/// ideas (each author and co-author), comments, reviews (scorecards), workshop seats (a registration for a workshop
/// that has started, unless marked absent), board notes and offering updates; votes are supports, dots and pairwise
/// answers; visits are sign-ins, joining and workshop registrations; leads are a selected idea (its authors), a
/// workshop facilitated and an offering owned (every month it is not retired).
enum ActivityRollup {
    /// Replaces the rollup of `month` for the community with what the sources hold for it now.
    static func refresh(_ connection: PostgresConnection, communityID c: Int64, month: Month, now: Date,
                        logger: Logger) async throws {
        let (from, to) = (month.start, month.end)
        let day = "\(month)-01"
        try await connection.query("""
            DELETE FROM participation_months WHERE community_id = \(c) AND month = \(day)::date
            """, logger: logger)
        try await connection.query("""
            INSERT INTO participation_months (community_id, month, member_id, ideas, comments, votes, reviews, seats,
                                              notes, updates, visits, leads, last_contribution_at, last_lead_at,
                                              last_seen_at)
            SELECT \(c), \(day)::date, x.member_id,
                   count(*) FILTER (WHERE x.kind = 'idea'), count(*) FILTER (WHERE x.kind = 'comment'),
                   count(*) FILTER (WHERE x.kind = 'vote'), count(*) FILTER (WHERE x.kind = 'review'),
                   count(*) FILTER (WHERE x.kind = 'seat'), count(*) FILTER (WHERE x.kind = 'note'),
                   count(*) FILTER (WHERE x.kind = 'update'), count(*) FILTER (WHERE x.kind = 'visit'),
                   count(*) FILTER (WHERE x.kind = 'lead'),
                   max(x.at) FILTER (WHERE x.kind IN ('idea', 'comment', 'review', 'seat', 'note', 'update')),
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
    }
}
