import EyrieCore
import EyrieStore
import EyrieTestSupport
import EyrieWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import NIOCore
import PostgresNIO
import Testing

/// The live board over real HTTP and real WebSockets: two applications over one database, catch-up from a sequence
/// number, refused handshakes, bad messages answered without closing anything, and a member let go at once.
struct BoardLiveTests {
    struct Live: Sendable {
        var world: World
        var workshop: Int64
        var a: any TestClientProtocol
        var b: any TestClientProtocol
    }

    /// Two applications (as two `eyrie serve` instances) over one database; a running workshop whose brainstorm
    /// runs, members 0 and 1 seated, member 2 a member without a seat.
    static func run(_ body: @Sendable @escaping (Live) async throws -> Void) async throws {
        try await TestDatabase.withClone { pg in try await run(pg, body) }
    }

    private static func run(_ pg: PostgresClient.Configuration,
                            _ body: @Sendable @escaping (Live) async throws -> Void) async throws {
        let clientA = PostgresClient(configuration: pg, backgroundLogger: TestDatabase.poolLogger)
        let clientB = PostgresClient(configuration: pg, backgroundLogger: TestDatabase.poolLogger)
        // The test WebSocket client always sends `Origin: ws://localhost`: that is the site's address here.
        var configuration = Harness.configuration()
        configuration.publicURL = site
        let appA = try await buildApplication(configuration: configuration, client: clientA, logger: TestDatabase.logger)
        let appB = try await buildApplication(configuration: configuration, client: clientB, logger: TestDatabase.logger)
        try await appA.test(.live) { a in
            try await appB.test(.live) { b in
                let db = Database(client: clientA, logger: TestDatabase.logger)
                let f = try await Fixture.make(db)
                let workshop = try await f.workshop(db, state: .running)
                for member in f.memberIDs.prefix(2) {
                    try await RegistrationRepository(db).register(workshopID: workshop, memberID: member)
                }
                let agenda = AgendaRepository(db)
                try await agenda.add(ActivityDraft(kind: .brainstorm, title: "Ideas", prompt: "", minutes: 30),
                                     workshopID: workshop, actorID: f.facilitatorID)
                try await agenda.advance(workshopID: workshop, actorID: f.facilitatorID)
                try await waitForListeners(db, 2)
                try await withTimeout {
                    try await body(Live(world: World(db: db, fixture: f), workshop: workshop, a: a, b: b))
                }
            }
        }
    }

    static let site = "ws://localhost"

    /// Both instances' board listeners are listening (else a notification sent now would reach no one).
    static func waitForListeners(_ db: Database, _ count: Int) async throws {
        for _ in 0..<500 {
            var listening: Int64 = 0
            for try await n in try await db.client.query("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'
                """, logger: db.logger).decode(Int64.self) { listening = n }
            if listening >= count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the board listeners never started")
    }

    /// Closes the socket after `seconds` unless the test is done by then, so no read waits for ever.
    static func watchdog(_ outbound: WebSocketOutboundWriter, seconds: Int = 20) -> Task<Void, Never> {
        Task {
            guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
            Issue.record("no answer within \(seconds) s: closing the socket")
            try? await outbound.close(.goingAway, reason: "test watchdog")
        }
    }

    static func withTimeout(_ seconds: Int = 30, _ body: @Sendable @escaping () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { try await body(); return true }
            group.addTask { try await Task.sleep(for: .seconds(seconds)); return false }
            let finished = try await group.next() ?? false
            group.cancelAll()
            if !finished { Issue.record("timed out after \(seconds) s") }
        }
    }

    /// Socket options for `memberID`'s session, from `origin` (this site by default).
    static func options(_ live: Live, member: Int64?, port: Int, origin: String? = nil) async throws -> WebSocketClientConfiguration {
        var headers = HTTPFields()
        if let origin { headers[.origin] = origin }
        if let member {
            let browser = try await live.world.browser(member)
            headers[.cookie] = browser.cookie
        }
        return WebSocketClientConfiguration(additionalHeaders: headers)
    }

    static func json(_ message: WebSocketMessage) -> [String: Any] {
        guard case .text(let text) = message,
              let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return [:] }
        return object
    }

    static func seq(_ object: [String: Any]) -> Int64? {
        (object["op"] as? [String: Any])?["seq"] as? Int64 ?? ((object["op"] as? [String: Any])?["seq"] as? Int).map(Int64.init)
    }

    static func currentSeq(_ live: Live) async throws -> Int64 {
        try await BoardRepository(live.world.db).ops(workshopID: live.workshop, after: 0).last?.seq ?? 0
    }

    @Test func aNoteAddedThroughOneInstanceReachesASocketOnTheOther() async throws {
        try await Self.run { live in
            let start = try await Self.currentSeq(live)
            let options = try await Self.options(live, member: live.world.fixture.memberIDs[1], port: live.b.port!)
            try await live.b.ws("/workshops/\(live.workshop)/board/live?after=\(start - 1)", configuration: options) { inbound, outbound, _ in
                let watchdog = Self.watchdog(outbound)
                defer { watchdog.cancel() }
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                // The last operation arrives at once (catch-up): the socket is subscribed.
                let first = try #require(try await messages.next())

                #expect(Self.seq(Self.json(first)) == start)
                // act: member 0 adds a note through the other instance's form
                let ann = try await live.world.browser(live.world.fixture.memberIDs[0])
                let posted = try await ann.post(live.a, "/workshops/\(live.workshop)/board",
                                                ["op": "add", "body": "Callback instead of hold music"])
                #expect(posted.status == .seeOther)
                // check: the socket on instance B receives it, next in sequence
                let next = Self.json(try #require(try await messages.next()))
                #expect(Self.seq(next) == start + 1)
                let note = (next["op"] as? [String: Any])?["note"] as? [String: Any]
                #expect(note?["body"] as? String == "Callback instead of hold music")
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }

    @Test func aClientThatReconnectsWithAStaleNumberReceivesExactlyTheMissingOperations() async throws {
        try await Self.run { live in
            let ann = live.world.fixture.memberIDs[0]
            let board = BoardRepository(live.world.db)
            for i in 0..<4 {
                _ = try await board.apply(.addNote(body: "Note \(i)", clusterID: nil, lane: nil), workshopID: live.workshop,
                                          actorID: ann)
            }
            let last = try await Self.currentSeq(live)
            let options = try await Self.options(live, member: ann, port: live.a.port!)
            try await live.a.ws("/workshops/\(live.workshop)/board/live?after=\(last - 3)", configuration: options) { inbound, outbound, _ in
                let watchdog = Self.watchdog(outbound)
                defer { watchdog.cancel() }
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                var seen: [Int64] = []
                for _ in 0..<3 { seen.append(Self.seq(Self.json(try #require(try await messages.next()))) ?? -1) }
                #expect(seen == [last - 2, last - 1, last])
                // A new change: the op (once, next in line) and the ack, nothing repeated.
                try await outbound.write(.text(#"{"op":"add","body":"Live note","ref":"r1"}"#))
                var ack: [String: Any] = [:]
                var ops: [Int64] = []
                while ack.isEmpty || ops.isEmpty {
                    let m = Self.json(try #require(try await messages.next()))
                    if m["t"] as? String == "ack" { ack = m } else if let s = Self.seq(m) { ops.append(s) }
                }
                #expect(ops == [last + 1])
                #expect(ack["ref"] as? String == "r1")
                // A client that says it stands at `last` gets exactly what follows, once, then the new change.
                try await outbound.write(.text(#"{"t":"since","after":\#(last)}"#))
                try await outbound.write(.text(#"{"op":"add","body":"Another","ref":"r2"}"#))
                var after: [Int64] = []
                var acked = false
                while !acked || after.count < 2 {
                    let m = Self.json(try #require(try await messages.next()))
                    if m["t"] as? String == "ack" { acked = true } else if let s = Self.seq(m) { after.append(s) }
                }
                #expect(after == [last + 1, last + 2])
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }

    @Test func anOperationTooLongForANotificationStillReachesTheOtherInstanceInOrder() async throws {
        try await Self.run { live in
            let start = try await Self.currentSeq(live)
            let options = try await Self.options(live, member: live.world.fixture.memberIDs[1], port: live.b.port!)
            try await live.b.ws("/workshops/\(live.workshop)/board/live?after=\(start)", configuration: options) { inbound, outbound, _ in
                let watchdog = Self.watchdog(outbound)
                defer { watchdog.cancel() }
                var messages = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                // act: an agenda of long prompts (announced by number only), then a note (carried in the notification)
                let agenda = AgendaRepository(live.world.db)
                let prompt = String(repeating: "How might we answer faster? ", count: 35)
                for i in 0..<9 {
                    try await agenda.add(ActivityDraft(kind: .framing, title: "Question \(i)", prompt: prompt, minutes: 5),
                                         workshopID: live.workshop, actorID: live.world.fixture.facilitatorID)
                }
                _ = try await BoardRepository(live.world.db).apply(.addNote(body: "After the agenda", clusterID: nil, lane: nil),
                                                                   workshopID: live.workshop,
                                                                   actorID: live.world.fixture.memberIDs[0])
                // check: all ten arrive on instance B, each once and in order, the long one among them
                var seen: [Int64] = []
                var bodies: [String] = []
                while seen.count < 10 {
                    let m = Self.json(try #require(try await messages.next()))
                    if let s = Self.seq(m) { seen.append(s) }
                    if let note = (m["op"] as? [String: Any])?["note"] as? [String: Any] { bodies.append(note["body"] as? String ?? "") }
                }
                #expect(seen == Array((start + 1)...(start + 10)))
                #expect(bodies == ["After the agenda"])
                try await outbound.close(.normalClosure, reason: nil)
            }
        }
    }

    @Test func badMessagesGetAnErrorFrameAndEverySocketStaysOpen() async throws {
        try await Self.run { live in
            let (ann, bob, carl) = (live.world.fixture.memberIDs[0], live.world.fixture.memberIDs[1], live.world.fixture.memberIDs[2])
            let start = try await Self.currentSeq(live)
            let watcher = try await Self.options(live, member: bob, port: live.a.port!)
            let writer = try await Self.options(live, member: ann, port: live.a.port!)
            let viewer = try await Self.options(live, member: carl, port: live.a.port!)
            try await live.a.ws("/workshops/\(live.workshop)/board/live?after=\(start)", configuration: watcher) { watchIn, watchOut, _ in
                let watchdog = Self.watchdog(watchOut, seconds: 40)
                defer { watchdog.cancel() }
                var watched = watchIn.messages(maxSize: 1 << 16).makeAsyncIterator()
                // A member without a seat may watch but not write.
                try await live.a.ws("/workshops/\(live.workshop)/board/live?after=\(start)", configuration: viewer) { inbound, outbound, _ in
                    let watchdog = Self.watchdog(outbound)
                    defer { watchdog.cancel() }
                    var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                    try await outbound.write(.text(#"{"op":"add","body":"Not mine to add","ref":"v1"}"#))
                    let refused = Self.json(try #require(try await messages.next()))
                    #expect(refused["t"] as? String == "error" && refused["ref"] as? String == "v1")
                    try await outbound.close(.normalClosure, reason: nil)
                }
                try await live.a.ws("/workshops/\(live.workshop)/board/live?after=\(start)", configuration: writer) { inbound, outbound, _ in
                    let watchdog = Self.watchdog(outbound)
                    defer { watchdog.cancel() }
                    var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                    let oversized = #"{"op":"add","body":""# + String(repeating: "x", count: 5000) + #""}"#
                    for bad in [oversized, "not json", #"{"op":"explode"}"#, #"{"op":"add","body":""}"#,
                                #"{"op":"delete","note":"999999"}"#] {
                        try await outbound.write(.text(bad))
                        let answer = Self.json(try #require(try await messages.next()))
                        #expect(answer["t"] as? String == "error", "\(bad.prefix(30)): \(answer)")
                    }
                    // Still open: a good change goes through and reaches the other socket.
                    try await outbound.write(.text(#"{"op":"add","body":"Still here","ref":"ok"}"#))
                    var acked = false
                    while !acked {
                        let m = Self.json(try #require(try await messages.next()))
                        acked = m["t"] as? String == "ack" && m["ref"] as? String == "ok"
                    }
                    try await outbound.close(.normalClosure, reason: nil)
                }
                let op = Self.json(try #require(try await watched.next()))
                #expect(((op["op"] as? [String: Any])?["note"] as? [String: Any])?["body"] as? String == "Still here")
                try await watchOut.close(.normalClosure, reason: nil)
            }
        }
    }

    @Test func aMemberWhoGivesTheirSeatBackLosesTheSocketAtOnce() async throws {
        try await Self.run { live in
            let ann = live.world.fixture.memberIDs[0]
            let options = try await Self.options(live, member: ann, port: live.b.port!)
            let start = try await Self.currentSeq(live)
            let close = try await live.b.ws("/workshops/\(live.workshop)/board/live?after=\(start - 1)", configuration: options) { inbound, outbound, _ in
                let watchdog = Self.watchdog(outbound)
                defer { watchdog.cancel() }
                var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                _ = try await messages.next()
                // act: she gives her seat back through the other instance
                let browser = try await live.world.browser(ann)
                let response = try await browser.post(live.a, "/workshops/\(live.workshop)/registration/cancel")
                #expect(response.status == .seeOther)
                // check: the server closes this socket
                while try await messages.next() != nil {}
            }
            #expect(close?.closeCode == .policyViolation)
        }
    }

    @Test func withoutAPublicAddressTheOriginMustMatchTheHostAsked() {
        func request(_ origins: [String], host: String = "eyrie.example:8080") -> Request {
            var fields = HTTPFields()
            for origin in origins { fields.append(HTTPField(name: .origin, value: origin)) }
            return Request(head: HTTPRequest(method: .get, scheme: "http", authority: host, path: "/", headerFields: fields),
                           body: .init(buffer: ByteBuffer()))
        }
        #expect(SocketOrigin.allowed(request(["http://eyrie.example:8080"]), publicURL: nil))
        #expect(!SocketOrigin.allowed(request(["http://evil.example:8080"]), publicURL: nil))
        #expect(!SocketOrigin.allowed(request(["http://eyrie.example:9090"]), publicURL: nil))
        #expect(!SocketOrigin.allowed(request([]), publicURL: nil))
        #expect(!SocketOrigin.allowed(request(["http://eyrie.example:8080", "http://evil.example"]), publicURL: nil))
        #expect(SocketOrigin.allowed(request(["https://eyrie.example"]), publicURL: "https://eyrie.example"))
        #expect(!SocketOrigin.allowed(request(["http://eyrie.example"]), publicURL: "https://eyrie.example"))
    }

    @Test func handshakesWithoutASessionFromAForeignOriginOrForAHiddenWorkshopAreRefused() async throws {
        try await Self.run { live in
            let f = live.world.fixture
            let port = live.a.port!
            func handshake(member: Int64?, origin: String?, workshop: Int64) async throws -> HTTPResponse.Status {
                var headers: HTTPFields = [.connection: "Upgrade", .upgrade: "websocket",
                                           .secWebSocketVersion: "13", .secWebSocketKey: "dGhlIHNhbXBsZSBub25jZQ=="]
                if let origin { headers[.origin] = origin }
                if let member { headers[.cookie] = try await live.world.browser(member).cookie }
                // A fresh connection each time: the server closes the one whose upgrade it refused.
                let sent = headers
                return try await TestClient.withClient(host: "localhost", port: port) { client in
                    try await client.get("/workshops/\(workshop)/board/live", headers: sent).status
                }
            }
            let site = Self.site
            _ = port
            // A refused upgrade is answered 400 and the connection closed; never 101.
            #expect(try await handshake(member: nil, origin: site, workshop: live.workshop) == .badRequest)
            #expect(try await handshake(member: f.memberIDs[0], origin: "http://evil.example", workshop: live.workshop) == .badRequest)
            #expect(try await handshake(member: f.memberIDs[0], origin: "ws://localhost.evil.example", workshop: live.workshop) == .badRequest)
            #expect(try await handshake(member: f.memberIDs[0], origin: nil, workshop: live.workshop) == .badRequest)
            let draft = try await f.workshop(live.world.db, title: "Still a draft", state: .draft)
            #expect(try await handshake(member: f.memberIDs[0], origin: site, workshop: draft) == .badRequest)
            let hidden = try await WorkshopRepository(live.world.db).create(
                WorkshopDraft(title: "Private session", purpose: "Inside the closed lab only.", challengeID: nil,
                              startsAt: Date() + 3600, endsAt: Date() + 7200, timeZone: "UTC", place: "Lab",
                              callLink: "", capacity: 5, ideaIDs: [], facilitatorIDs: [f.stewardID]),
                communityID: f.privateCommunity.id, createdBy: f.stewardID)
            try await WorkshopRepository(live.world.db).move(id: hidden, .schedule, actorID: f.stewardID, reason: "")
            #expect(try await handshake(member: f.memberIDs[0], origin: site, workshop: hidden) == .badRequest)
            #expect(try await handshake(member: f.memberIDs[0], origin: site, workshop: live.workshop) == .switchingProtocols)
        }
    }
}
