import EyrieCore
import EyrieStore
import EyrieTestSupport
@testable import EyrieWeb
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The JSON API through the real router: the routes are the document's, tokens and their scopes, the rules of the
/// pages (private communities invisible), problem details, rate limits and ETags.
struct ApiTests {
    func call(_ http: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String? = nil,
              json: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await http.execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    func token(_ world: World, _ memberID: Int64, write: Bool) async throws -> String {
        try await ApiTokenRepository(world.db).create(memberID: memberID, name: "test", canWrite: write).token
    }

    func object(_ response: TestResponse) throws -> JSONValue { try JSONParser.parse(String(buffer: response.body), maxDepth: 16) }

    /// The API's operations as the router holds them (`/api/v1/ideas/{id}`, as OpenAPI writes them too).
    static func operations() async throws -> [RegisteredRoute] {
        let apart = [Site.api.document.routerPattern, Site.api.docs.routerPattern, Site.api.unknown.routerPattern]
        return try await SiteTests.registered().filter { $0.pattern.hasPrefix(ApiPaths.prefix) && !apart.contains($0.pattern) }
    }

    @Test func everyOperationOfTheDocumentIsARouteAndNoMore() async throws {
        // setup
        let data = try Data(contentsOf: URL(fileURLWithPath: TestDatabase.root + "/web/api/openapi.json"))
        let document = try JSONParser.parse(String(decoding: data, as: UTF8.self), maxDepth: 32)
        // check
        var operations: [String] = []
        for (path, item) in document["paths"].fields { for (method, _) in item.fields { operations.append("\(method.uppercased()) \(path)") } }
        let routes = try await Self.operations()
        #expect(operations.sorted() == routes.map { "\($0.method) \($0.pattern)" }.sorted())
    }

    @Test func anyOtherAddressUnderTheApiIsAProblemDetails404() async throws {
        try await Harness.run { http, world in
            for (method, uri) in [(HTTPRequest.Method.get, "/api/v1/nothing-here"), (.post, "/api/v1/ideas/1/nope"),
                                  (.delete, "/api/v1/a/b/c/d"), (.patch, "/api/v1/ideas/1/x")] {
                let response = try await call(http, method, uri)
                #expect(response.status == .notFound, "\(method) \(uri)")
                #expect(response.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(method) \(uri)")
                #expect(try object(response)["status"].number == "404")
            }
            // a method an address does not take: 405 with the ones it does, as problem details
            let patch = try await call(http, .patch, "/api/v1/communities")
            #expect(patch.status == .methodNotAllowed && patch.headers[.allow] == "GET")
            #expect(patch.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            // the documented routes still answer as before
            #expect(try await call(http, .get, "/api/v1/communities").status == .ok)
        }
    }

    @Test func problemsSpeakTheClientsLanguage() async throws {
        try await Harness.run { http, world in
            // an address the router does not know, answered before any middleware: French title and detail
            let french: HTTPFields = [.acceptLanguage: "fr-FR, fr;q=0.9"]
            let missing = try object(try await call(http, .get, "/api/v1/nothing-here", headers: french))
            #expect(missing["title"].text == "Introuvable")
            #expect(missing["detail"].text == "Cette API n’a pas de GET /api/v1/nothing-here : voir /api/v1/openapi.json.")
            // a method the address does not take (the responder's own problem)
            let patch = try object(try await call(http, .patch, "/api/v1/communities", headers: french))
            #expect(patch["title"].text == "Méthode non autorisée" && patch["detail"].text == "/api/v1/communities accepte GET.")
            // a field's message from a handler, in Arabic
            let uri = "/api/v1/challenges/\(world.fixture.challenge.id)/ideas?limit=0"
            let invalid = try await call(http, .get, uri, headers: [.acceptLanguage: "ar"])
            #expect(invalid.status == .unprocessableContent)
            let body = try object(invalid)
            #expect(body["errors"].items.first?["field"].text == "limit")
            #expect(body["errors"].items.first?["message"].text == "استخدم عددًا صحيحًا من 1 إلى 100")
            // no language asked for, or one Eyrie does not offer: English
            for headers: HTTPFields in [[:], [.acceptLanguage: "de"]] {
                let english = try object(try await call(http, .get, "/api/v1/nothing-here", headers: headers))
                #expect(english["title"].text == "Not Found")
            }
        }
    }

    @Test func theReferenceKnowsWhoIsSignedInAndSetsCodeAsCode() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            let page = try await member.get(http, "/api/v1/docs").text
            #expect(page.contains("Member 0") && !page.contains(">Sign in</a>"))
            #expect(page.contains("<code>Authorization: Bearer &lt;token&gt;</code>") && !page.contains("`"))
        }
    }

    @Test func eachDocumentedRouteAnswersJSONNotTheRoutersNotFound() async throws {
        try await Harness.run { http, world in
            let write = try await token(world, world.fixture.memberIDs[0], write: true)
            for route in try await Self.operations() {
                let uri = route.pattern.replacingOccurrences(of: "{slug}", with: world.fixture.community.slug)
                    .replacingOccurrences(of: "{id}", with: "999999")
                let response = try await call(http, HTTPRequest.Method(route.method)!, uri, token: write, json: route.method == "POST" ? "{}" : nil)
                let type = response.headers[.contentType] ?? ""
                #expect(type.hasPrefix("application/json") || type.hasPrefix("application/problem+json"), "\(route.method) \(uri): \(response.status)")
            }
        }
    }

    @Test func writesNeedAWriteTokenAndRevokedTokensAreRefused() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let uri = "/api/v1/challenges/\(f.challenge.id)/ideas"
            let idea = #"{"title": "A help line for new customers", "summary": "One number to call in the first week.", "tags": ["onboarding"]}"#
            // act
            let anonymous = try await call(http, .post, uri, json: idea)
            let reader = try await call(http, .post, uri, token: try await token(world, f.memberIDs[0], write: false), json: idea)
            let writerToken = try await token(world, f.memberIDs[0], write: true)
            let created = try await call(http, .post, uri, token: writerToken, json: idea)
            let tokens = ApiTokenRepository(world.db)
            let listed = try await tokens.list(memberID: f.memberIDs[0])
            _ = try await tokens.revoke(id: listed.first { $0.canWrite }!.id, memberID: f.memberIDs[0])
            let revoked = try await call(http, .post, uri, token: writerToken, json: idea)
            // check
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.contentType] == "application/problem+json")
            #expect(reader.status == .forbidden)
            #expect(created.status == .created)
            let id = try object(created)["id"].number.flatMap { Int64($0) }
            #expect(created.headers[.location] == "/api/v1/ideas/\(id ?? 0)")
            #expect(try await IdeaRepository(world.db).find(id: id ?? 0)?.authors.first?.id == f.memberIDs[0])
            #expect(revoked.status == .unauthorized)
            #expect(try await tokens.list(memberID: f.memberIDs[0]).first { $0.canWrite }?.lastUsedAt != nil)
        }
    }

    @Test func invalidInputIs422WithTheFieldsAsProblemDetails() async throws {
        try await Harness.run { http, world in
            let response = try await call(http, .post, "/api/v1/challenges/\(world.fixture.challenge.id)/ideas",
                                          token: try await token(world, world.fixture.memberIDs[0], write: true),
                                          json: #"{"title": "x", "summary": ""}"#)
            #expect(response.status == .unprocessableContent)
            let problem = try object(response)
            #expect(problem["status"] == .number("422"))
            #expect(problem["errors"].items.compactMap { $0["field"].text }.sorted() == ["summary", "title"])
            let broken = try await call(http, .post, "/api/v1/ideas/1/comments",
                                        token: try await token(world, world.fixture.memberIDs[0], write: true), json: "{\"body\": ")
            #expect(broken.status == .badRequest)
        }
    }

    @Test func aPrivateCommunityIsInvisibleToNonMembersByListIdAndSearch() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let offering = try await f.privateOffering(world.db)
            let rows = try await world.db.client.query("SELECT id, challenge_id FROM ideas WHERE community_id = \(f.privateCommunity.id)",
                                                       logger: world.db.logger)
            var idea: (Int64, Int64) = (0, 0)
            for try await row in rows.decode((Int64, Int64).self) { idea = row }
            let outsider = try await token(world, f.outsiderID, write: true)
            let steward = try await token(world, f.stewardID, write: false)
            for who in [nil, outsider] {
                let list = try object(try await call(http, .get, "/api/v1/communities", token: who))
                #expect(!list["items"].items.contains { $0["slug"].text == f.privateCommunity.slug })
                for uri in ["/api/v1/communities/\(f.privateCommunity.slug)", "/api/v1/communities/\(f.privateCommunity.slug)/challenges",
                            "/api/v1/challenges/\(idea.1)", "/api/v1/challenges/\(idea.1)/ideas?q=private", "/api/v1/ideas/\(idea.0)",
                            "/api/v1/offerings/\(offering)"] {
                    #expect(try await call(http, .get, uri, token: who).status == .notFound, "\(uri)")
                }
                #expect(try await call(http, .put, "/api/v1/ideas/\(idea.0)/support", token: outsider).status == .notFound)
            }
            let seen = try object(try await call(http, .get, "/api/v1/challenges/\(idea.1)/ideas?q=private", token: steward))
            #expect(seen["ideas"].items.map { $0["id"] } == [.number(String(idea.0))])
        }
    }

    @Test func theRateLimitAnswers429WithRetryAfter() async throws {
        var configuration = Harness.configuration()
        configuration.apiRateLimit = 3
        try await Harness.run(configuration: configuration) { http, world in
            let token = try await token(world, world.fixture.memberIDs[0], write: false)
            var statuses: [HTTPResponse.Status] = []
            var last: TestResponse?
            for _ in 0..<4 {
                let response = try await call(http, .get, "/api/v1/communities", token: token)
                statuses.append(response.status)
                last = response
            }
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
            #expect(Int(last?.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(last?.headers[HTTPField.Name("RateLimit")!]?.contains("r=0") == true)
        }
    }

    @Test func readsCarryAnETagAndAnswer304WhenUnchanged() async throws {
        try await Harness.run { http, world in
            let uri = "/api/v1/challenges/\(world.fixture.challenge.id)/ideas?sort=supported"
            let first = try await call(http, .get, uri)
            let tag = try #require(first.headers[.eTag])
            let again = try await call(http, .get, uri, headers: [.ifNoneMatch: tag])
            _ = try await world.fixture.idea(world.db, by: world.fixture.memberIDs[0])
            let changed = try await call(http, .get, uri, headers: [.ifNoneMatch: tag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != tag)
        }
    }

    /// The results page reads narrow rows (number, title, stage, counts); the API's results still give each idea as
    /// its idea list does, ranked as the page ranks them.
    @Test func resultsGiveEachIdeaInFullInTheirRankedOrder() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let first = try await f.idea(world.db, by: f.memberIDs[0], title: "Fewer forms", tags: ["forms"])
            let second = try await f.idea(world.db, by: f.memberIDs[1], title: "One inbox for every team")
            for member in f.memberIDs.prefix(2) {
                _ = try await SupportRepository(world.db).support(ideaID: second, memberID: member, rules: f.supportRules)
            }
            let steward = try await token(world, f.stewardID, write: false)
            let read = try object(try await call(http, .get, "/api/v1/challenges/\(f.challenge.id)/results", token: steward))
            let ranked = read["by_supports"].items.map { $0["idea"] }
            #expect(ranked.map { $0["id"] } == [.number("\(second)"), .number("\(first)")])
            #expect(ranked.last?["summary"] == .string("A summary that is long enough."))
            #expect(ranked.last?["tags"] == .array([.string("forms")]))
            #expect(ranked.first?["supports"] == .number("2"))
            #expect(ranked.first?["created_at"] != nil && ranked.first?["created_at"] != .null)
        }
    }

    @Test func supportsAndDotsThroughTheAPIKeepTheCounters() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.memberIDs[0])
            let token = try await token(world, f.memberIDs[1], write: true)
            #expect(try await call(http, .put, "/api/v1/ideas/\(idea)/support", token: token).status == .ok)
            #expect(try await call(http, .put, "/api/v1/ideas/\(idea)/support", token: token).status == .ok)
            let read = try object(try await call(http, .get, "/api/v1/ideas/\(idea)"))
            #expect(read["supports"] == .number("1"))
            #expect(try await call(http, .delete, "/api/v1/ideas/\(idea)/support", token: token).status == .ok)
            #expect(try await CounterCheck(world.db).mismatches() == [])
        }
    }
}
