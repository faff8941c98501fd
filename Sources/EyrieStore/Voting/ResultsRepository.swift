import EyrieCore
import PostgresNIO

/// What the results page reads: the challenge's visible ideas with their counters, and whether results are published.
public struct ResultsRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Every idea that took part: not drafts, not hidden, not waiting for approval (merged ones count in the funnel).
    /// Without author names: results show ideas by number and title.
    public func ideas(challengeID: Int64) async throws -> [IdeaSummary] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: IdeaListRepository.summaryColumnsWithoutAuthors) FROM ideas i
            WHERE i.challenge_id = \(challengeID) AND i.state <> 'draft' AND i.hidden_reason IS NULL
              AND NOT i.awaiting_approval
            ORDER BY i.id
            """, logger: db.logger)
        return try await IdeaListRepository.collect(rows)
    }

    public func setPublished(_ published: Bool, challengeID: Int64, communityID: Int64) async throws {
        try await db.client.query("""
            INSERT INTO voting_settings (challenge_id, community_id, results_published)
            VALUES (\(challengeID), \(communityID), \(published))
            ON CONFLICT (challenge_id) DO UPDATE SET results_published = EXCLUDED.results_published
            """, logger: db.logger)
    }
}
