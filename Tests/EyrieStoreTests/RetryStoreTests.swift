import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// The one place that retries transactions that lost a race: a real deadlock between two transactions.
struct RetryStoreTests {
    /// Two transactions that lock two ideas in opposite orders, so PostgreSQL must abort one of them (40P01). Each
    /// takes its first lock and waits (on the first try) until the other has taken its own, so the deadlock happens
    /// however slowly the machine runs the two; a retried try goes straight on.
    static func crossLocks(_ db: Database, _ a: Int64, _ b: Int64) async throws -> [Result<Void, any Error>] {
        let barrier = Barrier(parties: 2)
        func lock(_ first: Int64, _ second: Int64) async -> Result<Void, any Error> {
            do {
                try await db.transaction { connection in
                    try await connection.query("UPDATE ideas SET updated_at = now() WHERE id = \(first)", logger: db.logger)
                    await barrier.arrive()
                    try await connection.query("UPDATE ideas SET updated_at = now() WHERE id = \(second)", logger: db.logger)
                }
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        async let one = lock(a, b)
        async let two = lock(b, a)
        return await [one, two]
    }

    /// Lets the parties go on once all of them have arrived; open for good after that.
    actor Barrier {
        let parties: Int
        var arrived = 0
        var waiting: [CheckedContinuation<Void, Never>] = []

        init(parties: Int) { self.parties = parties }

        func arrive() async {
            arrived += 1
            if arrived >= parties {
                waiting.forEach { $0.resume() }
                waiting.removeAll()
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }
    }

    @Test func aDeadlockIsRetriedAndBothTransactionsLand() async throws {
        try await TestDatabase.withDatabase { db in
            // setup
            let f = try await Fixture.make(db)
            let a = try await f.idea(db, by: f.stewardID, title: "First idea")
            let b = try await f.idea(db, by: f.stewardID, title: "Second idea")
            // act
            let results = try await Self.crossLocks(db, a, b)
            // check
            for result in results { #expect(throws: Never.self) { try result.get() } }
        }
    }

    @Test func withoutRetriesTheLoserIsReportedBusy() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: the same database, tried once only
            let f = try await Fixture.make(db)
            let a = try await f.idea(db, by: f.stewardID, title: "First idea")
            let b = try await f.idea(db, by: f.stewardID, title: "Second idea")
            let once = Database(client: db.client, logger: db.logger, retry: RetryPolicy(attempts: 1, firstDelay: .zero))
            // act
            let results = try await Self.crossLocks(once, a, b)
            // check: one lands, the other is given up as busy (a 503 "try again" page), never a raw deadlock error
            let failures = results.compactMap { result -> (any Error)? in
                if case .failure(let error) = result { return error } else { return nil }
            }
            #expect(failures.count == 1)
            #expect(failures.first as? StoreError == .busy)
            #expect(failures.first?.isDatabaseUnavailable == true)
        }
    }
}
