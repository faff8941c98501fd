import EyrieCore
import Foundation
import PostgresNIO

/// The pairwise survey: pairs shown, answers kept append-only, and the data for fitting scores.
public struct PairwiseRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Ideas that may be offered: active, visible, approved, with how often each has been compared.
    public func candidates(challengeID: Int64) async throws -> [PairChooser.Candidate] {
        let rows = try await db.client.query("""
            SELECT id, comparison_count FROM ideas
            WHERE challenge_id = \(challengeID) AND state IN ('submitted', 'shortlisted', 'in_design', 'selected')
              AND hidden_reason IS NULL AND NOT awaiting_approval
            ORDER BY id
            """, logger: db.logger)
        var list: [PairChooser.Candidate] = []
        for try await (id, count) in rows.decode((Int64, Int32).self) {
            list.append(PairChooser.Candidate(id: id, comparisons: Int(count)))
        }
        return list
    }

    /// The pair the member saw last in this challenge, answered or not.
    public func lastPair(challengeID: Int64, memberID: Int64) async throws -> (Int64, Int64)? {
        let rows = try await db.client.query("""
            SELECT left_id, right_id FROM pairwise_prompts WHERE challenge_id = \(challengeID) AND member_id = \(memberID)
            """, logger: db.logger)
        for try await pair in rows.decode((Int64, Int64).self) { return pair }
        return nil
    }

    /// Records the pair now shown to the member; returns the token its answer must carry.
    public func show(challengeID: Int64, communityID: Int64, memberID: Int64, pair: (Int64, Int64)) async throws -> String {
        let token = Token.random(bytes: 16)
        try await db.client.query("""
            INSERT INTO pairwise_prompts (challenge_id, member_id, community_id, left_id, right_id, token)
            VALUES (\(challengeID), \(memberID), \(communityID), \(pair.0), \(pair.1), \(token))
            ON CONFLICT (challenge_id, member_id) DO UPDATE
            SET left_id = EXCLUDED.left_id, right_id = EXCLUDED.right_id, token = EXCLUDED.token, shown_at = now()
            """, logger: db.logger)
        return token
    }

    /// Answers the pair shown with `token`, once: returns false when that pair was already answered or replaced.
    public func answer(challengeID: Int64, memberID: Int64, token: String, answer: PairwiseAnswer) async throws -> Bool {
        try await db.transaction { connection in
            let logger = db.logger
            let rows = try await connection.query("""
                UPDATE pairwise_prompts SET token = NULL
                WHERE challenge_id = \(challengeID) AND member_id = \(memberID) AND token = \(token)
                RETURNING left_id, right_id, community_id
                """, logger: logger)
            var found: (Int64, Int64, Int64)?
            for try await row in rows.decode((Int64, Int64, Int64).self) { found = row }
            guard let (left, right, communityID) = found.map({ ($0.0, $0.1, $0.2) }) else { return false }
            try await connection.query("""
                INSERT INTO pairwise_votes (challenge_id, community_id, member_id, left_id, right_id, choice, reason)
                VALUES (\(challengeID), \(communityID), \(memberID), \(left), \(right), \(answer.choice.rawValue),
                        \(answer.reason))
                """, logger: logger)
            if answer.choice != .skip {
                // One row at a time, lower id first: concurrent answers on the same pair then lock in the same
                // order and never deadlock.
                for id in [min(left, right), max(left, right)] {
                    try await connection.query("UPDATE ideas SET comparison_count = comparison_count + 1 WHERE id = \(id)",
                                               logger: logger)
                }
            }
            return true
        }
    }

    /// Every decided answer in the challenge as (winner, loser) idea ids, oldest first.
    public func outcomes(challengeID: Int64) async throws -> [(winner: Int64, loser: Int64)] {
        let rows = try await db.client.query("""
            SELECT CASE WHEN choice = 'left' THEN left_id ELSE right_id END,
                   CASE WHEN choice = 'left' THEN right_id ELSE left_id END
            FROM pairwise_votes WHERE challenge_id = \(challengeID) AND choice <> 'skip' ORDER BY id
            """, logger: db.logger)
        var list: [(Int64, Int64)] = []
        for try await pair in rows.decode((Int64, Int64).self) { list.append(pair) }
        return list
    }

    /// The id of the newest answer in the challenge (0 when none): answers are append-only, so it changes exactly
    /// when an answer arrives. Read from the index, however many answers there are.
    public func latestAnswer(challengeID: Int64) async throws -> Int64 {
        let rows = try await db.client.query("""
            SELECT coalesce(max(id), 0)::int8 FROM pairwise_votes WHERE challenge_id = \(challengeID)
            """, logger: db.logger)
        return try await rows.first(Int64.self) ?? 0
    }

    /// How many answers (including "can't decide") the member has given in the challenge, and in all.
    public func answers(challengeID: Int64, memberID: Int64? = nil) async throws -> Int {
        let rows = try await db.client.query("""
            SELECT count(*)::int8 FROM pairwise_votes
            WHERE challenge_id = \(challengeID) AND (\(memberID)::int8 IS NULL OR member_id = \(memberID))
            """, logger: db.logger)
        return Int(try await rows.first(Int64.self) ?? 0)
    }

    /// Ideas added during the survey that wait for a steward.
    public func awaiting(challengeID: Int64) async throws -> [IdeaSummary] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: IdeaListRepository.summaryColumns) FROM ideas i
            WHERE i.challenge_id = \(challengeID) AND i.awaiting_approval AND i.hidden_reason IS NULL
              AND i.state = 'submitted'
            ORDER BY i.id
            """, logger: db.logger)
        return try await IdeaListRepository.collect(rows)
    }

    /// Lets an idea added during the survey join the pairs; recorded in its history. False when it was not waiting.
    @discardableResult
    public func approve(ideaID: Int64, actorID: Int64) async throws -> Bool {
        try await db.transaction { connection in
            let rows = try await connection.query("""
                UPDATE ideas SET awaiting_approval = false WHERE id = \(ideaID) AND awaiting_approval
                RETURNING community_id
                """, logger: db.logger)
            guard let communityID = try await rows.first(Int64.self) else { return false }
            try await connection.query("""
                INSERT INTO idea_events (community_id, idea_id, actor_id, kind, reason)
                VALUES (\(communityID), \(ideaID), \(actorID), 'approved', 'Joins the pairwise survey')
                """, logger: db.logger)
            return true
        }
    }
}
