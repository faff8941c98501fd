import EyrieCore
import Foundation
import PostgresNIO

/// What the results page reads: the challenge's visible ideas with their counters, and whether results are published.
public struct ResultsRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The ideas a challenge's results count: not drafts, not hidden, not waiting for approval.
    static let tookPart = "i.state <> 'draft' AND i.hidden_reason IS NULL AND NOT i.awaiting_approval"

    /// Every idea that took part (`tookPart`; merged ones count in the funnel).
    /// Only what the results show (number, title, stage, supports, dots): five narrow columns a row.
    public func ideas(challengeID: Int64) async throws -> [ResultIdea] {
        let rows = try await db.client.query("""
            SELECT i.id, i.title, i.state, i.support_count, i.dot_count FROM ideas i
            WHERE i.challenge_id = \(challengeID) AND \(unescaped: Self.tookPart)
            ORDER BY i.id
            """, logger: db.logger)
        var ideas: [ResultIdea] = []
        for try await (id, title, state, supports, dots) in rows.decode((Int64, String, String, Int32, Int32).self) {
            ideas.append(ResultIdea(id: id, title: title, state: IdeaState(rawValue: state) ?? .submitted,
                                    supportCount: Int(supports), dotCount: Int(dots)))
        }
        return ideas
    }

    /// Who reads the results besides the stewards, and the day the stewards expect to publish them (kept as told;
    /// nil clears it). Sharing with the sponsor keeps the time it was first shared; stewards only forgets it.
    public func release(to audience: ResultsAudience, expectedAt: Date?, challengeID: Int64, communityID: Int64) async throws {
        try await db.client.query("""
            INSERT INTO voting_settings (challenge_id, community_id, results_published, results_sponsor_at, results_expected_at)
            VALUES (\(challengeID), \(communityID), \(audience == .community),
                    CASE WHEN \(audience.rawValue) = 'stewards' THEN NULL ELSE now() END, \(expectedAt))
            ON CONFLICT (challenge_id) DO UPDATE SET
                results_published = EXCLUDED.results_published,
                results_sponsor_at = CASE WHEN EXCLUDED.results_sponsor_at IS NULL THEN NULL
                                          ELSE coalesce(voting_settings.results_sponsor_at, EXCLUDED.results_sponsor_at) END,
                results_expected_at = EXCLUDED.results_expected_at
            """, logger: db.logger)
    }

    /// The same ideas in full (summary, tags, counts, dates; without author names), for the API's results, whose rows
    /// carry each idea as its idea list does.
    public func summaries(challengeID: Int64) async throws -> [IdeaSummary] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: IdeaListRepository.summaryColumnsWithoutAuthors) FROM ideas i
            WHERE i.challenge_id = \(challengeID) AND \(unescaped: Self.tookPart)
            ORDER BY i.id
            """, logger: db.logger)
        return try await IdeaListRepository.collect(rows)
    }

    /// What the stewards decided about an idea: its state, and the reason and time of the move that put it there.
    public struct Decision: Sendable, Equatable {
        public var ideaID: Int64
        public var state: IdeaState
        public var reason: String
        public var decidedAt: Date
    }

    /// The challenge's decided ideas (shortlisted, in design, selected, turned into an offering, declined), each with
    /// the reason given for its latest move into its stage (for an offering, the reason it was selected: the making
    /// of the offering is what followed), newest first.
    public func decisions(challengeID: Int64) async throws -> [Decision] {
        let rows = try await db.client.query("""
            SELECT i.id, i.state, coalesce(e.reason, ''), coalesce(e.created_at, i.created_at)
            FROM ideas i
            LEFT JOIN LATERAL (
                SELECT e.reason, e.created_at FROM idea_events e
                WHERE e.idea_id = i.id AND e.to_state = ANY(CASE i.state
                    WHEN 'converted' THEN ARRAY['selected', 'converted']
                    WHEN 'in_design' THEN ARRAY['shortlisted', 'in_design']
                    ELSE ARRAY[i.state] END)
                ORDER BY e.reason <> '' DESC, e.to_state <> 'converted' DESC, e.id DESC LIMIT 1) e ON true
            WHERE i.challenge_id = \(challengeID) AND i.hidden_reason IS NULL AND NOT i.awaiting_approval
              AND i.state IN ('shortlisted', 'in_design', 'selected', 'converted', 'declined')
            ORDER BY 4 DESC, i.id
            """, logger: db.logger)
        var decisions: [Decision] = []
        for try await (id, state, reason, at) in rows.decode((Int64, String, String, Date).self) {
            decisions.append(Decision(ideaID: id, state: IdeaState(rawValue: state) ?? .submitted, reason: reason, decidedAt: at))
        }
        return decisions
    }
}
