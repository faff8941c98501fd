import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// A vote that waits for the member's budget row behind a steward lowering the limit must see the lowered limit.
/// The interleaving is made exactly: a third transaction holds the budget row, the settings change queues on it first
/// and the vote second (its statement's snapshot taken while the change is not yet committed), then the row is let go.
struct LimitRaceTests {
    /// Holds `lockSQL`'s rows in a transaction of its own until `body` returns (so `body` must not wait for work queued
    /// behind them: it hands back its tasks instead).
    static func holding<T: Sendable>(_ db: Database, _ lockSQL: PostgresQuery,
                                     _ body: @Sendable @escaping () async throws -> T) async throws -> T {
        let (held, heldSignal) = AsyncStream<Void>.makeStream()
        let (release, releaseSignal) = AsyncStream<Void>.makeStream()
        async let holder: Void = db.client.withTransaction(logger: db.logger) { connection in
            try await connection.query(lockSQL, logger: db.logger)
            heldSignal.yield()
            for await _ in release { break }
        }
        for await _ in held { break }
        do {
            let result = try await body()
            releaseSignal.finish()
            try await holder
            return result
        } catch {
            releaseSignal.finish()
            try? await holder
            throw error
        }
    }

    static func number(_ db: Database, _ sql: PostgresQuery) async throws -> Int64 {
        for try await n in try await db.client.query(sql, logger: db.logger).decode(Int64.self) { return n }
        return 0
    }

    /// Waits until `count` sessions of this database wait on a lock.
    static func waitForLockWaiters(_ db: Database, _ count: Int) async throws {
        for _ in 0..<500 {
            let waiting = try await Self.number(db, """
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'
                """)
            if waiting >= count { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("\(count) sessions never waited on a lock")
    }

    @Test func aDotQueuedBehindALoweredLimitIsRefused() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 10 dots each; the member has spent 4
            let f = try await Fixture.make(db)
            let repo = VotingSettingsRepository(db)
            let (member, challengeID, communityID) = (f.memberIDs[0], f.challenge.id, f.community.id)
            try await repo.save(VotingSettings(dots: true, dotsPerMember: 10, maxDotsPerIdea: 2),
                                challengeID: challengeID, communityID: communityID)
            var ideas: [Int64] = []
            for i in 0..<5 { ideas.append(try await f.idea(db, by: f.stewardID, title: "Dot target \(i)")) }
            let dots = DotRepository(db)
            for idea in ideas.prefix(4) {
                try await dots.add(ideaID: idea, memberID: member, challengeID: challengeID, communityID: communityID)
            }
            // act: the limit drops to 4 while a fifth dot waits behind it for the member's budget row
            let fifth = ideas[4]
            let outcome = try await Self.holding(db, """
                SELECT 1 FROM dot_budgets WHERE challenge_id = \(challengeID) AND member_id = \(member) FOR UPDATE
                """) {
                let save = Task { try await repo.save(VotingSettings(dots: true, dotsPerMember: 4, maxDotsPerIdea: 2),
                                                   challengeID: challengeID, communityID: communityID) }
                try await Self.waitForLockWaiters(db, 1)
                let dot = Task {
                    try await dots.add(ideaID: fifth, memberID: member, challengeID: challengeID,
                                       communityID: communityID)
                }
                try await Self.waitForLockWaiters(db, 2)
                return (save, dot)
            }
            // check: the change landed, the dot was refused, the budget row holds the new limit
            try await outcome.0.value
            await #expect(throws: StoreError.limitReached("dot_budget_exceeded")) { try await outcome.1.value }
            #expect(try await dots.spent(challengeID: challengeID, memberID: member) == 4)
            #expect(try await Self.number(db, """
                SELECT budget::int8 FROM dot_budgets WHERE challenge_id = \(challengeID) AND member_id = \(member)
                """) == 4)
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }

    @Test func aSupportQueuedBehindALoweredBudgetIsRefused() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: a budget of 10 supports; the member has spent 4
            let f = try await Fixture.make(db)
            let repo = VotingSettingsRepository(db)
            let member = f.memberIDs[0]
            let rules = SupportRepository.Rules(challengeID: f.challenge.id, communityID: f.community.id)
            try await repo.save(VotingSettings(supportBudget: 10), challengeID: rules.challengeID,
                                communityID: rules.communityID)
            var ideas: [Int64] = []
            for i in 0..<5 { ideas.append(try await f.idea(db, by: f.stewardID, title: "Support target \(i)")) }
            let supports = SupportRepository(db)
            for idea in ideas.prefix(4) { try await supports.support(ideaID: idea, memberID: member, rules: rules) }
            // act: the budget drops to 4 while a fifth support waits behind it for the member's budget row
            let fifth = ideas[4]
            let outcome = try await Self.holding(db, """
                SELECT 1 FROM support_budgets WHERE challenge_id = \(rules.challengeID) AND member_id = \(member)
                FOR UPDATE
                """) {
                let save = Task { try await repo.save(VotingSettings(supportBudget: 4), challengeID: rules.challengeID,
                                                   communityID: rules.communityID) }
                try await Self.waitForLockWaiters(db, 1)
                let support = Task { try await supports.support(ideaID: fifth, memberID: member, rules: rules) }
                try await Self.waitForLockWaiters(db, 2)
                return (save, support)
            }
            // check: the change landed, the support was refused and left no trace
            try await outcome.0.value
            await #expect(throws: StoreError.limitReached("support_budget_exceeded")) { try await outcome.1.value }
            #expect(try await supports.spent(challengeID: rules.challengeID, memberID: member) == 4)
            #expect(try await IdeaRepository(db).find(id: fifth)?.supportCount == 0)
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }
}
