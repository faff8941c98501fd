import EyrieCore
import PostgresNIO

/// Dot voting: a member spends up to N dots in a challenge, at most K on one idea. Both limits are CHECK constraints on
/// copies of the challenge's settings kept in each row (refreshed on every dot once its rows are locked, and by a
/// settings change), so no interleaving of concurrent requests can pass them.
public struct DotRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Puts one more dot on the idea; returns the dots the member has left. Throws `limitReached("dot_budget_exceeded")`
    /// or `limitReached("dots_per_idea_exceeded")`, and `conflict("state")` when the idea moved meanwhile to a state
    /// that takes no dots. Locks the idea first (its counter), then the dots row, then the member's budget.
    @discardableResult
    public func add(ideaID: Int64, memberID: Int64, challengeID: Int64, communityID: Int64) async throws -> Int {
        let states = IdeaAction.addDot.sources.map(\.rawValue)
        do {
            return try await db.transaction { connection in
                let logger = db.logger
                let counted = try await connection.query("""
                    UPDATE ideas SET dot_count = dot_count + 1 WHERE id = \(ideaID) AND state = ANY(\(states)) RETURNING 1
                    """, logger: logger).first(Int32.self)
                guard counted != nil else { throw StoreError.conflict("state") }
                try await connection.query("""
                    INSERT INTO dots (idea_id, member_id, challenge_id, community_id, count, max_count)
                    SELECT \(ideaID), \(memberID), \(challengeID), \(communityID), 1, coalesce(vs.max_dots_per_idea, 3)
                    FROM (SELECT 1) one LEFT JOIN voting_settings vs ON vs.challenge_id = \(challengeID)
                    ON CONFLICT (idea_id, member_id) DO UPDATE SET count = dots.count + 1
                    """, logger: logger)
                try await connection.query("""
                    INSERT INTO dot_budgets (challenge_id, member_id, community_id, spent, budget)
                    SELECT \(challengeID), \(memberID), \(communityID), 1, coalesce(vs.dots_per_member, 10)
                    FROM (SELECT 1) one LEFT JOIN voting_settings vs ON vs.challenge_id = \(challengeID)
                    ON CONFLICT (challenge_id, member_id) DO UPDATE SET spent = dot_budgets.spent + 1
                    """, logger: logger)
                // The limits are copied from the settings in a statement of their own, which starts once both rows
                // are locked: a settings change committed meanwhile is seen here, and one not yet committed has to
                // wait for these rows and checks them after us. (Copied inside the statements above, the limits
                // would come from a snapshot taken before their row lock wait, and could undo a lowered limit.)
                let left = try await connection.query("""
                    WITH limits AS (
                        SELECT coalesce(vs.dots_per_member, 10) AS per_member, coalesce(vs.max_dots_per_idea, 3) AS per_idea
                        FROM (SELECT 1) one LEFT JOIN voting_settings vs ON vs.challenge_id = \(challengeID)),
                    on_idea AS (
                        UPDATE dots SET max_count = limits.per_idea FROM limits
                        WHERE idea_id = \(ideaID) AND member_id = \(memberID) AND max_count <> limits.per_idea)
                    UPDATE dot_budgets SET budget = limits.per_member FROM limits
                    WHERE challenge_id = \(challengeID) AND member_id = \(memberID)
                    RETURNING budget - spent
                    """, logger: logger).first(Int32.self) ?? 0
                return Int(left)
            }
        } catch let error where error.checkViolation != nil {
            throw StoreError.limitReached(error.checkViolation ?? "")
        }
    }

    /// Takes one dot back from the idea; false when the member had none on it (or the idea no longer takes dots).
    @discardableResult
    public func remove(ideaID: Int64, memberID: Int64, challengeID: Int64) async throws -> Bool {
        let states = IdeaAction.removeDot.sources.map(\.rawValue)
        return try await db.transaction { connection in
            let logger = db.logger
            let removed = try await connection.query("""
                WITH idea AS (SELECT id FROM ideas WHERE id = \(ideaID) AND state = ANY(\(states)) FOR NO KEY UPDATE)
                UPDATE dots SET count = count - 1 FROM idea
                WHERE dots.idea_id = idea.id AND dots.member_id = \(memberID) AND dots.count > 0
                RETURNING 1
                """, logger: logger).first(Int32.self)
            guard removed != nil else { return false }
            try await connection.query("UPDATE ideas SET dot_count = dot_count - 1 WHERE id = \(ideaID)", logger: logger)
            try await connection.query("""
                UPDATE dot_budgets SET spent = spent - 1 WHERE challenge_id = \(challengeID) AND member_id = \(memberID)
                """, logger: logger)
            return true
        }
    }

    /// Dots the member has spent in the challenge.
    public func spent(challengeID: Int64, memberID: Int64) async throws -> Int {
        let rows = try await db.client.query("""
            SELECT spent FROM dot_budgets WHERE challenge_id = \(challengeID) AND member_id = \(memberID)
            """, logger: db.logger)
        return Int(try await rows.first(Int32.self) ?? 0)
    }

    /// Dots the member has on one idea.
    public func onIdea(ideaID: Int64, memberID: Int64) async throws -> Int {
        let rows = try await db.client.query("""
            SELECT count FROM dots WHERE idea_id = \(ideaID) AND member_id = \(memberID)
            """, logger: db.logger)
        return Int(try await rows.first(Int32.self) ?? 0)
    }
}
