import EyrieCore
import Foundation
import PostgresNIO

/// The pairwise survey: pairs shown, answers kept append-only, and the data for fitting scores.
public struct PairwiseRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// What the survey page needs for one member, in one round trip.
    public struct Survey: Sendable {
        /// Ideas that may be offered: active, visible, approved, with how often each has been compared.
        public var candidates: [PairChooser.Candidate]
        /// The pair the member saw last in this challenge, answered or not.
        public var lastPair: (Int64, Int64)?
        /// How many answers (including "can't decide") the member has given in the challenge.
        public var answered: Int
    }

    /// The candidates come as two arrays in one row: decoding 2,000 rows one by one cost more than the query.
    public func survey(challengeID: Int64, memberID: Int64) async throws -> Survey {
        let rows = try await db.client.query("""
            SELECT coalesce(array_agg(id ORDER BY id), '{}'), coalesce(array_agg(comparison_count ORDER BY id), '{}'),
                   (SELECT ARRAY[left_id, right_id] FROM pairwise_prompts
                    WHERE challenge_id = \(challengeID) AND member_id = \(memberID)),
                   (SELECT count(*) FROM pairwise_votes WHERE challenge_id = \(challengeID) AND member_id = \(memberID))
            FROM ideas
            WHERE challenge_id = \(challengeID) AND state IN ('submitted', 'shortlisted', 'in_design', 'selected')
              AND hidden_reason IS NULL AND NOT awaiting_approval
            """, logger: db.logger)
        for try await (ids, counts, last, answered) in rows.decode(([Int64], [Int32], [Int64]?, Int64).self) {
            return Survey(candidates: zip(ids, counts).map { PairChooser.Candidate(id: $0, comparisons: Int($1)) },
                          lastPair: last.flatMap { $0.count == 2 ? ($0[0], $0[1]) : nil }, answered: Int(answered))
        }
        return Survey(candidates: [], lastPair: nil, answered: 0)
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
    /// One statement, so it is atomic without a transaction: the prompt's token is cleared, the answer appended and,
    /// unless the member could not decide, both ideas' comparison counts raised (rows locked in id order, so that
    /// concurrent answers on the same pair never deadlock). Retried as a whole if PostgreSQL still aborts it.
    public func answer(challengeID: Int64, memberID: Int64, token: String, answer: PairwiseAnswer) async throws -> Bool {
        try await db.retrying { try await record(challengeID: challengeID, memberID: memberID, token: token, answer: answer) }
    }

    private func record(challengeID: Int64, memberID: Int64, token: String, answer: PairwiseAnswer) async throws -> Bool {
        let rows = try await db.client.query("""
            WITH answered AS (
                UPDATE pairwise_prompts SET token = NULL
                WHERE challenge_id = \(challengeID) AND member_id = \(memberID) AND token = \(token)
                RETURNING left_id, right_id, community_id
            ), recorded AS (
                INSERT INTO pairwise_votes (challenge_id, community_id, member_id, left_id, right_id, choice, reason)
                SELECT \(challengeID), community_id, \(memberID), left_id, right_id, \(answer.choice.rawValue), \(answer.reason)
                FROM answered
            ), compared AS (
                SELECT i.id FROM ideas i, answered a
                WHERE \(answer.choice != .skip) AND i.id IN (a.left_id, a.right_id)
                ORDER BY i.id FOR NO KEY UPDATE OF i
            ), counted AS (
                UPDATE ideas SET comparison_count = comparison_count + 1 FROM compared WHERE ideas.id = compared.id
            )
            SELECT count(*)::int8 FROM answered
            """, logger: db.logger)
        return try await rows.first(Int64.self) == 1
    }

    /// A decided answer: which idea won over which.
    public struct Decided: Sendable, Equatable {
        public var winner: Int64
        public var loser: Int64

        public init(winner: Int64, loser: Int64) {
            self.winner = winner
            self.loser = loser
        }
    }

    /// Every decided answer in the challenge, oldest first.
    public func outcomes(challengeID: Int64) async throws -> [Decided] {
        let rows = try await db.client.query("""
            SELECT CASE WHEN choice = 'left' THEN left_id ELSE right_id END,
                   CASE WHEN choice = 'left' THEN right_id ELSE left_id END
            FROM pairwise_votes WHERE challenge_id = \(challengeID) AND choice <> 'skip' ORDER BY id
            """, logger: db.logger)
        var list: [Decided] = []
        for try await (winner, loser) in rows.decode((Int64, Int64).self) { list.append(Decided(winner: winner, loser: loser)) }
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
