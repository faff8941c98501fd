import EyrieCore
import PostgresNIO

/// Supports: one per member per idea (the primary key forbids doubles); the idea's counter, the member's budget in
/// the challenge (a CHECK refuses an overdraft) and an automatic shortlist move in the same transaction.
public struct SupportRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// What a support is counted against.
    public struct Rules: Sendable {
        public var challengeID: Int64
        public var communityID: Int64
        public var budget: Int?
        public var autoShortlistAt: Int?

        public init(challengeID: Int64, communityID: Int64, budget: Int? = nil, autoShortlistAt: Int? = nil) {
            self.challengeID = challengeID
            self.communityID = communityID
            self.budget = budget
            self.autoShortlistAt = autoShortlistAt
        }
    }

    /// Adds a support; returns the idea's new count, or nil when the member had already supported it.
    /// Throws `limitReached` when the member's budget is spent.
    @discardableResult
    public func support(ideaID: Int64, memberID: Int64, rules: Rules) async throws -> Int? {
        do {
            return try await db.transaction { connection in
                let logger = db.logger
                let added = try await connection.query("""
                    INSERT INTO supports (idea_id, member_id, community_id)
                    VALUES (\(ideaID), \(memberID), \(rules.communityID)) ON CONFLICT DO NOTHING RETURNING 1
                    """, logger: logger).first(Int32.self)
                guard added != nil else { return nil }
                try await connection.query("""
                    INSERT INTO support_budgets (challenge_id, member_id, community_id, spent, budget)
                    VALUES (\(rules.challengeID), \(memberID), \(rules.communityID), 1, \(rules.budget.map(Int32.init)))
                    ON CONFLICT (challenge_id, member_id)
                    DO UPDATE SET spent = support_budgets.spent + 1, budget = EXCLUDED.budget
                    """, logger: logger)
                let count = try await connection.query("""
                    UPDATE ideas SET support_count = support_count + 1 WHERE id = \(ideaID) RETURNING support_count, state
                    """, logger: logger)
                var result: (Int32, String)?
                for try await row in count.decode((Int32, String).self) { result = row }
                guard let (supports, state) = result.map({ ($0.0, $0.1) }) else { throw StoreError.notFound }
                if let threshold = rules.autoShortlistAt, Int(supports) >= threshold, state == IdeaState.submitted.rawValue {
                    try await IdeaRepository.move(connection, ideaID: ideaID, from: [.submitted], to: .shortlisted,
                                                  actorID: nil, reason: "Reached \(supports) supports",
                                                  kind: "auto-shortlisted", logger: logger)
                }
                return Int(supports)
            }
        } catch let error where error.checkViolation == "support_budget_exceeded" {
            throw StoreError.limitReached("support_budget_exceeded")
        }
    }

    /// Withdraws a support (and gives it back to the budget); returns the new count, or nil when there was none.
    @discardableResult
    public func unsupport(ideaID: Int64, memberID: Int64, challengeID: Int64) async throws -> Int? {
        try await db.transaction { connection in
            let rows = try await connection.query("""
                WITH removed AS (DELETE FROM supports WHERE idea_id = \(ideaID) AND member_id = \(memberID) RETURNING idea_id)
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
