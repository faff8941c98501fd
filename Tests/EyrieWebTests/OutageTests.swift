import EyrieCore
import EyrieStore
import EyrieTestSupport
import EyrieWeb
import Foundation
import HTTPTypes
import HummingbirdTesting
import PostgresNIO
import Testing

/// A database that does not answer in time: pages answer the 503 page within the configured timeout.
struct OutageTests {
    static func quick() -> AppConfiguration {
        var configuration = Harness.configuration()
        // Short, but long enough for /healthz to answer on a machine running the whole suite at once.
        configuration.databaseTimeout = .seconds(2)
        return configuration
    }

    @Test func aPageBlockedOnTheDatabaseAnswers503WithinTheTimeout() async throws {
        try await Harness.run(configuration: Self.quick()) { http, world in
            // setup: another session holds every idea locked
            let f = world.fixture
            let member = try await world.browser(f.memberIDs[0])
            // The pool's connections open before the lock, so that opening one on a busy machine is not measured:
            // three at once (this session's, the blocked page's and the health check's), then back to the pool idle.
            _ = try await member.get(http, "/challenges/\(f.challenge.id)")
            try await Self.openConnections(3, world.db)
            try await world.db.client.withConnection { connection in
                try await connection.query("BEGIN", logger: world.db.logger)
                try await connection.query("LOCK TABLE ideas IN ACCESS EXCLUSIVE MODE", logger: world.db.logger)
                // act
                let start = ContinuousClock.now
                let page = try await member.get(http, "/challenges/\(f.challenge.id)")
                let health = try await http.execute(uri: "/healthz", method: .get)
                let elapsed = ContinuousClock.now - start
                try await connection.query("ROLLBACK", logger: world.db.logger)
                try await connection.query("RESET ALL", logger: world.db.logger)
                // check: the calm 503 page, with Retry-After, in about the timeout (each)
                #expect(page.status == .serviceUnavailable)
                #expect(page.headers[.retryAfter] == "5")
                #expect(page.text.contains("Eyrie is unavailable"))
                #expect(!page.text.contains("Sign in"), "a signed-in member must not be told to sign in")
                #expect(health.status == .ok)
                #expect(elapsed < .seconds(8), "took \(elapsed)")
            }
            // and once the lock is gone, the page answers again (within some seconds on a busy machine)
            var status = HTTPResponse.Status.serviceUnavailable
            let retried = ContinuousClock.now
            while status != .ok && ContinuousClock.now - retried < .seconds(20) {
                status = try await member.get(http, "/challenges/\(f.challenge.id)").status
                if status != .ok { try await Task.sleep(for: .milliseconds(300)) }
            }
            #expect(status == .ok)
        }
    }

    /// Opens `count` pool connections at the same time (nested), so that they stay in the pool, idle, afterwards.
    static func openConnections(_ count: Int, _ db: Database) async throws {
        guard count > 0 else { return }
        try await db.client.withConnection { connection in
            try await connection.query("SELECT 1", logger: db.logger)
            try await openConnections(count - 1, db)
        }
    }

    @Test func aLockTimeoutOnTheServerIsA503NotA500() async throws {
        try await Harness.run(serverWaits: .seconds(2)) { http, world in
            // setup: another session holds the idea's row lock longer than the server-side lock timeout (1 s)
            let f = world.fixture
            let member = try await world.browser(f.memberIDs[0])
            let idea = try await f.idea(world.db, by: f.stewardID)
            // The request's reads run side by side: their connections are opened now, so that on a busy machine the
            // time measured is the lock's wait, not the making of connections.
            try await Self.openConnections(5, world.db)
            try await world.db.client.withConnection { connection in
                // This session shares the bounded settings: none of them may end it while it holds the lock and the
                // request waits, however slowly a busy machine runs it (set before BEGIN, so no idle gap counts).
                for setting in ["idle_in_transaction_session_timeout", "statement_timeout", "lock_timeout"] {
                    try await connection.query("SET \(unescaped: setting) = 0", logger: world.db.logger)
                }
                try await connection.query("BEGIN", logger: world.db.logger)
                try await connection.query("SELECT 1 FROM ideas WHERE id = \(idea) FOR UPDATE", logger: world.db.logger)
                // act: a support needs the idea's lock
                let start = ContinuousClock.now
                let response = try await member.post(http, "/ideas/\(idea)/support")
                let elapsed = ContinuousClock.now - start
                try await connection.query("ROLLBACK", logger: world.db.logger)
                try await connection.query("RESET ALL", logger: world.db.logger)
                // check: PostgreSQL gave up the wait (55P03) and the member sees the 503 page, nothing written
                #expect(response.status == .serviceUnavailable)
                // Far below the request's own deadline (60 s here): PostgreSQL ended the wait, not the timer.
                #expect(elapsed < .seconds(30), "took \(elapsed)")
            }
            #expect(try await SupportRepository(world.db).count(ideaID: idea) == 0)
            #expect(try await member.post(http, "/ideas/\(idea)/support").status == .seeOther)
        }
    }
}
