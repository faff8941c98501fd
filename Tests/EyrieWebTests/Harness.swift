import EyrieCore
import EyrieStore
import EyrieTestSupport
import EyrieWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PostgresNIO

/// Runs the real application (the same `buildApplication` as `eyrie serve`) in process over a fresh database.
enum Harness {
    static func configuration() -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.webDirectory = TestDatabase.root + "/web"
        configuration.sqlDirectory = TestDatabase.root + "/sql"
        configuration.bcryptCost = 4
        configuration.secretKey = SecretBox.newKey()
        configuration.maxBodySize = 16 * 1024
        // The whole suite runs in parallel on a small machine: these tests are about behaviour, not time.
        configuration.databaseTimeout = .seconds(60)
        configuration.startupWait = .seconds(600)
        // The live test clients connect before their setup runs, which can take longer than a request head may (the
        // limits themselves are tried in `make test-faults`).
        configuration.requestHeadTimeout = .seconds(300)
        return configuration
    }

    /// `serverWaits` bounds the application's statements and lock waits on the server side, as `eyrie serve` does;
    /// the test's own setup and checks use a client without those bounds, so that a slow moment of a busy machine
    /// fails no setup statement.
    static func run(members: Int = 3, phase: ChallengePhase? = nil, configuration: AppConfiguration = configuration(),
                    serverWaits: Duration? = nil,
                    _ body: @Sendable (any TestClientProtocol, World) async throws -> Void) async throws {
        try await TestDatabase.withClone { pg in
            try await run(pg, members: members, phase: phase, configuration: configuration, serverWaits: serverWaits, body)
        }
    }

    private static func run(_ pg: PostgresClient.Configuration, members: Int, phase: ChallengePhase?,
                            configuration: AppConfiguration, serverWaits: Duration?,
                            _ body: @Sendable (any TestClientProtocol, World) async throws -> Void) async throws {
        guard let serverWaits else {
            let client = PostgresClient(configuration: pg, backgroundLogger: TestDatabase.poolLogger)
            return try await run(app: client, setup: client, members: members, phase: phase, configuration: configuration, body)
        }
        var bounded = pg
        bounded.boundWaits(to: serverWaits)
        let app = PostgresClient(configuration: bounded, backgroundLogger: TestDatabase.poolLogger)
        let setup = PostgresClient(configuration: pg, backgroundLogger: TestDatabase.poolLogger)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { await setup.run() }
            defer { group.cancelAll() }
            try await run(app: app, setup: setup, members: members, phase: phase, configuration: configuration, body)
        }
    }

    private static func run(app client: PostgresClient, setup: PostgresClient, members: Int, phase: ChallengePhase?,
                            configuration: AppConfiguration,
                            _ body: @Sendable (any TestClientProtocol, World) async throws -> Void) async throws {
        let app = try await buildApplication(configuration: configuration, client: client, logger: TestDatabase.logger)
        try await app.test(.router) { http in
            let db = Database(client: setup, logger: TestDatabase.logger)
            let fixture = try await Fixture.make(db, members: members, phase: phase)
            try await body(http, World(db: db, fixture: fixture))
        }
    }
}

/// The fixture plus ways to act as its people over HTTP.
struct World: Sendable {
    let db: Database
    let fixture: Fixture

    /// A signed-in browser for `memberID`, or an anonymous one (with its CSRF cookie) for nil.
    func browser(_ memberID: Int64?) async throws -> Browser {
        guard let memberID else {
            let token = Token.random()
            return Browser(cookie: "eyrie_csrf=\(token)", csrf: token)
        }
        let session = try await SessionRepository(db).create(memberID: memberID, lifetime: 3600)
        return Browser(cookie: "eyrie_session=\(session.token)", csrf: session.csrf)
    }
}

/// Cookies and CSRF token of one visitor.
struct Browser: Sendable {
    var cookie: String
    var csrf: String

    func get(_ http: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        try await http.execute(uri: uri, method: .get, headers: [.cookie: cookie], body: nil)
    }

    /// Posts a form with this visitor's CSRF token (unless `csrf` is given explicitly).
    func post(_ http: any TestClientProtocol, _ uri: String, _ form: [String: String] = [:],
              csrf: String? = nil) async throws -> TestResponse {
        var fields = form
        fields["_csrf"] = csrf ?? self.csrf
        return try await http.execute(uri: uri, method: .post,
                                      headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                      body: ByteBuffer(string: encode(fields)))
    }
}

func encode(_ form: [String: String]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return form.sorted { $0.key < $1.key }
        .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
        .joined(separator: "&")
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var location: String { headers[.location] ?? "" }
}

let validIdea = ["title": "A shared inbox", "summary": "One queue for every new account request.",
                 "body": "Details", "tags": "process", "action": "submit", "key": "k"]
