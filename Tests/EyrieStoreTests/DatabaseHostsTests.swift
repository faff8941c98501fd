import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// Several hosts (a primary and a standby): statements go to the one that takes writes, and move when another takes
/// over. Two clones stand in for the two servers; one made read-only for new sessions, its sessions ended, is a
/// standby as `SHOW transaction_read_only` sees it (what libpq's `target_session_attrs=read-write` asks).
struct DatabaseHostsTests {
    @Test func aURLOfSeveralHostsGivesOneConfigurationEach() throws {
        let hosts = try DatabaseURL.hosts("postgres://eyrie:s%40cret@db1:6432,db2:6433,db3/eyrie?sslmode=disable&target_session_attrs=read-write")
        #expect(hosts.map(\.name) == ["db1:6432", "db2:6433", "db3"])
        #expect(try DatabaseURL.hosts("postgres://eyrie@db1:5432/eyrie").map(\.name) == ["database"])
        #expect(try DatabaseURL.hosts("postgres://localhost/eyrie?host=/run/postgresql").count == 1)
        #expect(throws: DatabaseURL.Invalid.self) { try DatabaseURL.hosts("postgres://eyrie@db1:5432,,db2/eyrie") }
    }

    @Test func statementsGoToTheHostThatTakesWritesAndFollowAFailover() async throws {
        try await TestDatabase.withClone { a in
            try await TestDatabase.withClone { b in
                let hosts = DatabaseHosts([
                    .init(name: "b", client: PostgresClient(configuration: b, backgroundLogger: TestDatabase.poolLogger)),
                    .init(name: "a", client: PostgresClient(configuration: a, backgroundLogger: TestDatabase.poolLogger)),
                ], checkEvery: .seconds(3600), logger: TestDatabase.logger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await hosts.run() }
                    defer { group.cancelAll() }
                    let (clientA, clientB) = (hosts.hosts[1].client, hosts.hosts[0].client)
                    // setup: b is the standby
                    try await Self.makeStandby(b, true)
                    let db = Database(hosts: hosts, logger: TestDatabase.logger)
                    // act: the first check finds the primary
                    await hosts.check()
                    #expect(hosts.primaryName == "a")
                    try await db.client.query("CREATE TABLE acknowledged (n int)", logger: TestDatabase.logger)
                    try await db.transaction { try await $0.query("INSERT INTO acknowledged VALUES (1)", logger: TestDatabase.logger) }
                    // act: a failover — a is demoted (its sessions end), b promoted
                    try await Self.makeStandby(a, true)
                    try await Self.makeStandby(b, false)
                    // a write caught on the demoted host is an outage (the 503 page), not a mistake in the request
                    do {
                        try await clientA.query("CREATE TABLE lost (n int)", logger: TestDatabase.logger)
                        Issue.record("a read-only host took a write")
                    } catch {
                        #expect(error.isDatabaseUnavailable)
                    }
                    await hosts.check()
                    #expect(hosts.primaryName == "b")
                    try await db.client.query("CREATE TABLE acknowledged (n int)", logger: TestDatabase.logger)
                    try await db.transaction { try await $0.query("INSERT INTO acknowledged VALUES (2)", logger: TestDatabase.logger) }
                    #expect(try await Self.numbers(clientB) == [2])
                    #expect(try await Self.numbers(clientA) == [1])
                    // act: neither takes writes: the primary stays where it was (statements fail fast there)
                    try await Self.makeStandby(b, true)
                    await hosts.check()
                    #expect(hosts.primaryName == "b")
                }
            }
        }
    }

    /// Makes the database read-only (or writable) for new sessions and ends its sessions, as a restart would.
    static func makeStandby(_ database: PostgresClient.Configuration, _ standby: Bool) async throws {
        let logger = TestDatabase.logger
        let name = try #require(database.database)
        try await TestDatabase.withAdmin { admin in
            try await admin.query(PostgresQuery(unsafeSQL: "ALTER DATABASE \"\(name)\" SET default_transaction_read_only = \(standby ? "on" : "off")"),
                                  logger: logger)
            try await admin.query(PostgresQuery(unsafeSQL: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(name)'"),
                                  logger: logger)
        }
        try await Task.sleep(for: .milliseconds(300))  // the pool sees its connections closed
    }

    static func numbers(_ client: PostgresClient) async throws -> [Int] {
        var found: [Int] = []
        for try await n in try await client.query("SELECT n FROM acknowledged ORDER BY n", logger: TestDatabase.logger).decode(Int.self) {
            found.append(n)
        }
        return found
    }
}
