import EyrieTestSupport
@testable import EyrieWeb
import Foundation
import PostgresNIO
import Testing

/// `Site` names every route once: the router holds exactly its paths, each prints back to itself, and the
/// authorisation matrix visits every page route.
struct SiteTests {
    /// The routes of the application `eyrie serve` runs (it is built, not started: nothing connects).
    static func registered() async throws -> [RegisteredRoute] {
        let client = PostgresClient(configuration: try TestDatabase.configuration(database: "postgres"),
                                    backgroundLogger: TestDatabase.poolLogger)
        let app = try await buildApplication(configuration: Harness.configuration(), client: client, logger: TestDatabase.logger)
        return app.responder.routes
    }

    @Test func everyRegisteredRouteIsDeclaredAndEveryDeclaredPathHasARoute() async throws {
        // setup
        let declared = Set(Site.all.map(\.routerPattern))
        // act
        let registered = Set(try await Self.registered().map(\.pattern))
        // check
        #expect(registered.subtracting(declared).sorted() == [], "registered but not declared in Site")
        #expect(declared.subtracting(registered).sorted() == [], "declared in Site but without a route")
        #expect(Site.all.count == declared.count, "a path declared twice")
    }

    @Test func eachPathPrintsWithItsValuesInPlace() {
        #expect(Site.workshops.board(42) == "/workshops/42/board")
        #expect(Site.offerings.canvasEntry(7, 9) == "/offerings/7/canvas/entries/9")
        #expect(Site.communities.show("open-guild") == "/communities/open-guild")
        #expect(Site.communities.home() == "/")
        #expect(Site.following.unsubscribe.prefix == "/unsubscribe/")
        #expect(Site.communities.index.prefix == "/communities")
        // A value is always one segment, and query values are encoded.
        #expect(Site.accounts.invitation("a/b c") == "/invitations/a%2Fb%20c")
        #expect(Site.accounts.signIn(query: [("next", "/ideas/3?x=1&y=2")]) == "/signin?next=%2Fideas%2F3%3Fx%3D1%26y%3D2")
        #expect(Site.challenges.show(3, query: [("sort", "top"), ("q", "")]) == "/challenges/3?sort=top")
    }

    @Test func everyPageRouteIsInTheAuthorisationMatrix() async throws {
        // setup: the matrix's paths with their placeholders and fixture names as wildcards
        let matrix = AuthorisationMatrixTests.routes.map {
            ($0.method, $0.path.split(separator: "?")[0].split(separator: "/").map(String.init))
        }
        // The socket's refused handshake, the operators' endpoints and the API's 404 for unknown addresses (also in
        // the matrix by one example) are tested on their own.
        let elsewhere: Set<String> = [Site.workshops.live.routerPattern, Site.operations.health.routerPattern,
                                      Site.operations.metrics.routerPattern, Site.api.document.routerPattern,
                                      Site.api.docs.routerPattern, Site.api.unknown.routerPattern]
        // act
        let missing = try await Self.registered().filter { route in
            guard !elsewhere.contains(route.pattern) else { return false }
            let segments = route.pattern.split(separator: "/").map(String.init)
            return !matrix.contains { method, path in
                method == route.method && path.count == segments.count
                    && zip(path, segments).allSatisfy { $1.hasPrefix("{") || $0 == $1 }
            }
        }
        // check
        #expect(missing.map { "\($0.method) \($0.pattern)" } == [])
    }

    @Test func templatesTakeEveryAddressFromTheirModels() throws {
        // setup
        let root = TestDatabase.root + "/web/templates"
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") } ?? []
        // act: an attribute whose value starts with "/" was typed by hand
        var typed: [String] = []
        for file in files {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("=\"/") {
                typed.append("\(file): \(line.prefix(120))")
            }
        }
        // check
        #expect(files.count > 40)
        #expect(typed == [])
    }
}
