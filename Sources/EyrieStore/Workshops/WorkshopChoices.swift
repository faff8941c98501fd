import EyrieCore
import Foundation
import PostgresNIO

/// What a workshop form offers to choose from.
public struct WorkshopChoices: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The community's strongest public ideas (selected, in design, shortlisted, then the most supported), at most
    /// `limit`, plus any of `including` (those already linked) whatever their standing.
    public func ideas(communityID: Int64, including: [Int64] = [], limit: Int = 60) async throws
        -> [(id: Int64, title: String, challengeTitle: String)] {
        let rows = try await db.client.query("""
            SELECT i.id, i.title, c.title FROM ideas i JOIN challenges c ON c.id = i.challenge_id
            WHERE i.community_id = \(communityID) AND idea_is_public(i.state, i.hidden_reason, i.awaiting_approval)
              AND (i.state IN ('selected', 'in_design', 'shortlisted') OR i.id = ANY(\(including))
                   OR i.id IN (SELECT id FROM ideas WHERE community_id = \(communityID) AND state = 'submitted'
                               ORDER BY support_count DESC, id LIMIT 20))
            ORDER BY c.title, CASE i.state WHEN 'selected' THEN 0 WHEN 'in_design' THEN 1 WHEN 'shortlisted' THEN 2 ELSE 3 END,
                     i.support_count DESC, i.id
            LIMIT \(limit)
            """, logger: db.logger)
        var list: [(id: Int64, title: String, challengeTitle: String)] = []
        for try await (id, title, challenge) in rows.decode((Int64, String, String).self) { list.append((id, title, challenge)) }
        return list
    }

    /// Active members who may facilitate: the community's facilitators and stewards.
    public func facilitators(communityID: Int64) async throws -> [PersonRow] {
        let rows = try await db.client.query("""
            SELECT m.id, m.name, o.name FROM memberships ms JOIN members m ON m.id = ms.member_id
            JOIN organisations o ON o.id = m.organisation_id
            WHERE ms.community_id = \(communityID) AND ms.status = 'active' AND ms.role IN ('facilitator', 'steward')
            ORDER BY m.name, m.id LIMIT 200
            """, logger: db.logger)
        var list: [PersonRow] = []
        for try await (id, name, org) in rows.decode((Int64, String, String).self) {
            list.append(PersonRow(id: id, name: name, organisation: org))
        }
        return list
    }
}
