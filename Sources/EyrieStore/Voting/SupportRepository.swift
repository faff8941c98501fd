import EyrieCore
import PostgresNIO

/// Supports: one per member per idea (the primary key forbids doubles); the idea's counter, the member's budget in
/// the challenge (a CHECK refuses an overdraft) and an automatic shortlist move in the same transaction. The budget and
/// the threshold are read from the challenge's settings inside the transaction, so a settings change racing a support
/// cannot let it pass the new limit.
public struct SupportRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Where a support is counted.
    public struct Rules: Sendable {
        public var challengeID: Int64
        public var communityID: Int64

        public init(challengeID: Int64, communityID: Int64) {
            self.challengeID = challengeID
            self.communityID = communityID
        }
    }

    /// Adds a support; returns the idea's new count, or nil when the member had already supported it.
    /// Throws `limitReached` when the member's budget is spent and `conflict("state")` when the idea moved meanwhile
    /// to a state that takes no supports (declined, merged …).
    ///
    /// Locks (see `Database`): the idea first, with its state re-checked under the lock, then the support row, then the
    /// member's budget; the shortlist move reuses the idea's lock.
    @discardableResult
    public func support(ideaID: Int64, memberID: Int64, rules: Rules) async throws -> Int? {
        let states = IdeaAction.support.sources.map(\.rawValue)
        do {
            return try await db.transaction { connection in
                let logger = db.logger
                let rows = try await connection.query("""
                    WITH idea AS (SELECT id, state FROM ideas WHERE id = \(ideaID) FOR NO KEY UPDATE),
                    added AS (
                        INSERT INTO supports (idea_id, member_id, community_id)
                        SELECT id, \(memberID), \(rules.communityID) FROM idea WHERE state = ANY(\(states))
                        ON CONFLICT DO NOTHING RETURNING 1)
                    SELECT state, EXISTS (SELECT 1 FROM added) FROM idea
                    """, logger: logger)
                var found: (String, Bool)?
                for try await row in rows.decode((String, Bool).self) { found = row }
                guard let (state, added) = found else { throw StoreError.notFound }
                guard states.contains(state) else { throw StoreError.conflict("state") }
                guard added else { return nil }
                try await connection.query("""
                    INSERT INTO support_budgets (challenge_id, member_id, community_id, spent, budget)
                    SELECT \(rules.challengeID), \(memberID), \(rules.communityID), 1, vs.support_budget
                    FROM (SELECT 1) one LEFT JOIN voting_settings vs ON vs.challenge_id = \(rules.challengeID)
                    ON CONFLICT (challenge_id, member_id)
                    DO UPDATE SET spent = support_budgets.spent + 1
                    """, logger: logger)
                // The budget is copied from the settings by a statement that starts once the member's budget row is
                // locked (see `DotRepository.add`); the counter in the same round trip.
                let count = try await connection.query("""
                    WITH budget AS (
                        UPDATE support_budgets
                        SET budget = (SELECT support_budget FROM voting_settings WHERE challenge_id = \(rules.challengeID))
                        WHERE challenge_id = \(rules.challengeID) AND member_id = \(memberID))
                    UPDATE ideas SET support_count = support_count + 1 WHERE id = \(ideaID)
                    RETURNING support_count,
                              (SELECT auto_shortlist_at FROM voting_settings WHERE challenge_id = \(rules.challengeID))
                    """, logger: logger)
                var result: (Int32, Int32?)?
                for try await row in count.decode((Int32, Int32?).self) { result = row }
                guard let (supports, threshold) = result else { throw StoreError.notFound }
                if let threshold, supports >= threshold, state == IdeaState.submitted.rawValue {
                    try await IdeaRepository.move(connection, ideaID: ideaID, from: [.submitted], to: .shortlisted,
                                                  actorID: nil, reason: AutomaticReason.shortlisted(supports: Int(supports)).description,
                                                  kind: "auto-shortlisted", logger: logger)
                }
                return Int(supports)
            }
        } catch let error where error.checkViolation == "support_budget_exceeded" {
            throw StoreError.limitReached("support_budget_exceeded")
        }
    }

    /// Withdraws a support (and gives it back to the budget); returns the new count, or nil when there was none (or
    /// the idea no longer takes supports). Locks the idea first, like `support`.
    @discardableResult
    public func unsupport(ideaID: Int64, memberID: Int64, challengeID: Int64) async throws -> Int? {
        let states = IdeaAction.unsupport.sources.map(\.rawValue)
        return try await db.transaction { connection in
            let rows = try await connection.query("""
                WITH idea AS (SELECT id FROM ideas WHERE id = \(ideaID) AND state = ANY(\(states)) FOR NO KEY UPDATE),
                removed AS (
                    DELETE FROM supports s USING idea WHERE s.idea_id = idea.id AND s.member_id = \(memberID)
                    RETURNING s.idea_id)
                UPDATE ideas SET support_count = support_count - 1 WHERE id IN (SELECT idea_id FROM removed)
                RETURNING support_count
                """, logger: db.logger)
            guard let count = try await rows.first(Int32.self) else { return nil }
            try await connection.query("""
                UPDATE support_budgets SET spent = spent - 1
                WHERE challenge_id = \(challengeID) AND member_id = \(memberID) AND spent > 0
                """, logger: db.logger)
            return Int(count)
        }
    }

    public func hasSupported(ideaID: Int64, memberID: Int64) async throws -> Bool {
        let rows = try await db.client.query("""
            SELECT 1 FROM supports WHERE idea_id = \(ideaID) AND member_id = \(memberID)
            """, logger: db.logger)
        return try await rows.first(Int32.self) != nil
    }

    /// Supports the member has given in the challenge.
    public func spent(challengeID: Int64, memberID: Int64) async throws -> Int {
        let rows = try await db.client.query("""
            SELECT spent FROM support_budgets WHERE challenge_id = \(challengeID) AND member_id = \(memberID)
            """, logger: db.logger)
        return Int(try await rows.first(Int32.self) ?? 0)
    }

    /// The number of support rows, to check the kept counter against.
    public func count(ideaID: Int64) async throws -> Int {
        let rows = try await db.client.query("SELECT count(*)::int8 FROM supports WHERE idea_id = \(ideaID)", logger: db.logger)
        return Int(try await rows.first(Int64.self) ?? 0)
    }
}
