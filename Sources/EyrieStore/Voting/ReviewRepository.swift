import EyrieCore
import Foundation
import PostgresNIO

/// Reviewers assigned to challenges and their scorecards.
public struct ReviewRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Card: Sendable, Equatable {
        public var reviewerID: Int64
        public var reviewerName: String
        public var scores: [Int]
        public var comment: String
    }

    /// Assigned reviewers: (member id, name, organisation).
    public func reviewers(challengeID: Int64) async throws -> [PersonRow] {
        let rows = try await db.client.query("""
            SELECT m.id, m.name, o.name FROM reviewers r JOIN members m ON m.id = r.member_id
            JOIN organisations o ON o.id = m.organisation_id WHERE r.challenge_id = \(challengeID) ORDER BY m.name
            """, logger: db.logger)
        var list: [PersonRow] = []
        for try await (id, name, organisation) in rows.decode((Int64, String, String).self) {
            list.append(PersonRow(id: id, name: name, organisation: organisation))
        }
        return list
    }

    public func isReviewer(challengeID: Int64, memberID: Int64) async throws -> Bool {
        let rows = try await db.client.query("""
            SELECT 1 FROM reviewers WHERE challenge_id = \(challengeID) AND member_id = \(memberID)
            """, logger: db.logger)
        return try await rows.first(Int32.self) != nil
    }

    public func assign(challengeID: Int64, communityID: Int64, memberID: Int64) async throws {
        try await db.client.query("""
            INSERT INTO reviewers (challenge_id, member_id, community_id) VALUES (\(challengeID), \(memberID), \(communityID))
            ON CONFLICT DO NOTHING
            """, logger: db.logger)
    }

    public func unassign(challengeID: Int64, memberID: Int64) async throws {
        try await db.client.query("""
            DELETE FROM reviewers WHERE challenge_id = \(challengeID) AND member_id = \(memberID)
            """, logger: db.logger)
    }

    /// An idea in a reviewer's queue.
    public struct QueuedIdea: Sendable {
        public var idea: IdeaSummary
        public var scored: Bool
    }

    /// The ideas a reviewer scores (shortlisted onwards) and whether they have scored each.
    public func queue(challengeID: Int64, reviewerID: Int64) async throws -> [QueuedIdea] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: IdeaListRepository.summaryColumns),
                   EXISTS (SELECT 1 FROM scorecards s WHERE s.idea_id = i.id AND s.reviewer_id = \(reviewerID))
            FROM ideas i
            WHERE i.challenge_id = \(challengeID) AND i.state IN ('shortlisted', 'in_design', 'selected')
              AND i.hidden_reason IS NULL
            ORDER BY i.id
            """, logger: db.logger)
        var list: [QueuedIdea] = []
        for try await row in rows {
            var r = RowReader(row)
            list.append(QueuedIdea(idea: try IdeaListRepository.summary(&r), scored: try r.next()))
        }
        return list
    }

    /// Saves a reviewer's scorecard (a later submission replaces the earlier one).
    public func submit(ideaID: Int64, reviewerID: Int64, challengeID: Int64, communityID: Int64,
                       draft: ScorecardDraft) async throws {
        try await db.client.query("""
            INSERT INTO scorecards (idea_id, reviewer_id, challenge_id, community_id, scores, comment)
            VALUES (\(ideaID), \(reviewerID), \(challengeID), \(communityID), \(draft.scores.map(Int16.init)), \(draft.comment))
            ON CONFLICT (idea_id, reviewer_id)
            DO UPDATE SET scores = EXCLUDED.scores, comment = EXCLUDED.comment, submitted_at = now()
            """, logger: db.logger)
    }

    /// All scorecards on one idea.
    public func cards(ideaID: Int64) async throws -> [Card] {
        let rows = try await db.client.query("""
            SELECT s.reviewer_id, m.name, s.scores, s.comment FROM scorecards s JOIN members m ON m.id = s.reviewer_id
            WHERE s.idea_id = \(ideaID) ORDER BY m.name
            """, logger: db.logger)
        var list: [Card] = []
        for try await (id, name, scores, comment) in rows.decode((Int64, String, [Int16], String).self) {
            list.append(Card(reviewerID: id, reviewerName: name, scores: scores.map(Int.init), comment: comment))
        }
        return list
    }

    /// Every scorecard's scores in a challenge, by idea.
    public func scores(challengeID: Int64) async throws -> [Int64: [[Int]]] {
        let rows = try await db.client.query("""
            SELECT idea_id, scores FROM scorecards WHERE challenge_id = \(challengeID) ORDER BY idea_id, reviewer_id
            """, logger: db.logger)
        var map: [Int64: [[Int]]] = [:]
        for try await (idea, scores) in rows.decode((Int64, [Int16]).self) { map[idea, default: []].append(scores.map(Int.init)) }
        return map
    }
}
