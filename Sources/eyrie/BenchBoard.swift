import ArgumentParser
import EyrieCore
import EyrieStore
import EyrieWeb
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// `eyrie bench workshop`: a running workshop with a brainstorm under way whose participants are the benchmark's
/// session members (see bench/run.sh). With `--open-seats N`, a scheduled workshop of N seats that nobody has
/// registered for yet, for the registration benchmark (the members are in its community).
struct BenchWorkshop: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workshop",
                                                    abstract: "Create a running workshop whose board the members use.")
    @Option(help: "The challenge whose community holds it.") var challenge: Int64 = 1
    @Option(help: "Members 1…N take a seat.") var members: Int = 200
    @Option(help: "Only schedule a workshop of this many seats, with members 1…N in its community and none seated.")
    var openSeats: Int?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let (challengeID, count, openSeats) = (challenge, members, openSeats)
        let id = try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            guard let challenge = try await ChallengeRepository(db).find(id: challengeID) else {
                throw ValidationError("no challenge \(challengeID)")
            }
            let communities = CommunityRepository(db)
            for member in 1...count {
                try await communities.join(communityID: challenge.communityID, memberID: Int64(member), status: .active)
            }
            // Member 1 facilitates (a steward already may).
            if try await communities.membership(communityID: challenge.communityID, memberID: 1)?.role == .member {
                try await communities.setRole(communityID: challenge.communityID, memberID: 1, role: .facilitator)
            }
            let workshops = WorkshopRepository(db)
            let now = Date()
            let id = try await workshops.create(
                WorkshopDraft(title: "Benchmark board", purpose: "Many people on one live board.", challengeID: challengeID,
                              startsAt: now, endsAt: now + 7200, timeZone: "UTC", place: "Online", callLink: "",
                              capacity: openSeats ?? count, ideaIDs: [], facilitatorIDs: [1]),
                communityID: challenge.communityID, createdBy: 1)
            try await workshops.move(id: id, .schedule, actorID: 1, reason: "")
            if openSeats != nil { return id }
            for member in 1...count {
                try await RegistrationRepository(db).register(workshopID: id, memberID: Int64(member))
            }
            try await workshops.move(id: id, .start, actorID: 1, reason: "")
            let agenda = AgendaRepository(db)
            try await agenda.add(ActivityDraft(kind: .brainstorm, title: "Everything", prompt: "", minutes: 480),
                                 workshopID: id, actorID: 1)
            try await agenda.advance(workshopID: id, actorID: 1)
            return id
        }
        print(id)
    }
}

/// `eyrie bench broadcast`: the live board's ceiling — a WebSocket server on the same stack and fan-out as the board,
/// without the database, that writes every message it receives to every open socket (`BareBroadcast`). `eyrie bench
/// ws` loads it exactly as it loads a board.
struct BenchBroadcast: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "broadcast",
                                                    abstract: "Serve a bare WebSocket broadcast (the board's ceiling).")
    @Option(help: "The port, on 127.0.0.1.") var port: Int = 8096

    func run() async throws {
        try await BareBroadcast.run(port: port, logger: makeLogger())
    }
}

/// `eyrie bench ws`: WebSocket clients on one board. With `--rate`, each client adds one note per 1/rate seconds and
/// every client measures, for every note it receives from another client, the time from that client's send to its own
/// receipt (one process, one clock); the p50 and p99 over all receipts are printed. With `--idle`, the clients only
/// hold their sockets open for `--seconds` (to measure the server's memory per socket).
struct BenchSockets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ws", abstract: "Load a live board over WebSockets.")
    @Option(help: "Server ports, comma-separated (clients are spread over them).") var ports: String = "8097"
    @Option(help: "The workshop.") var workshop: Int64
    @Option(help: "Sessions file (token csrf member per line).") var sessionsFile: String = "bench/results/sessions.txt"
    @Option(help: "Clients.") var clients: Int = 200
    @Option(help: "Notes per second per client (0: idle).") var rate: Double = 1
    @Option(help: "How long to run, in seconds.") var seconds: Int = 10
    @Option(help: "A file written once every client is connected.") var readyFile: String?
    @Option(help: "Spread the clients' connections over this many seconds (as people arrive).") var rampSeconds: Double = 0

    func run() async throws {
        let sessions = try String(contentsOfFile: sessionsFile, encoding: .utf8).split(separator: "\n")
            .map { $0.split(separator: " ").first.map(String.init) ?? "" }.filter { !$0.isEmpty }
        guard !sessions.isEmpty else { throw ValidationError("no sessions in \(sessionsFile)") }
        let portList = ports.split(separator: ",").compactMap { Int($0) }
        let start = ContinuousClock.now
        let stopAt = start + .seconds(seconds)
        let tally = Tally()
        let logger = { var l = Logger(label: "bench-ws"); l.logLevel = .error; return l }()
        let (workshopID, rate, clients, readyFile, ramp) = (workshop, rate, clients, readyFile, rampSeconds)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<clients {
                let token = sessions[index % sessions.count]
                let port = portList[index % portList.count]
                group.addTask {
                  do {
                    try await Task.sleep(for: .seconds(ramp * Double(index) / Double(clients)))
                    var headers = HTTPFields()
                    headers[.cookie] = "eyrie_session=\(token)"
                    let marker = "b:\(index):"
                    try await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(port)/workshops/\(workshopID)/board/live",
                        configuration: WebSocketClientConfiguration(additionalHeaders: headers), logger: logger
                    ) { inbound, outbound, _ in
                        if tally.connected.add(1, ordering: .relaxed).newValue == clients, let readyFile {
                            _ = FileManager.default.createFile(atPath: readyFile, contents: Data("\(clients)\n".utf8))
                        }
                        try await withThrowingTaskGroup(of: Void.self) { inner in
                            inner.addTask {
                                guard rate > 0 else {
                                    try await Task.sleep(until: stopAt)
                                    try await outbound.close(.normalClosure, reason: nil)
                                    return
                                }
                                let period = Duration.seconds(1 / rate)
                                try await Task.sleep(for: period * Double.random(in: 0..<1))
                                while ContinuousClock.now < stopAt {
                                    let at = (ContinuousClock.now - start).nanoseconds
                                    try await outbound.write(.text(#"{"op":"add","body":"\#(marker)\#(at)","ref":"\#(at)"}"#))
                                    tally.sent.add(1, ordering: .relaxed)
                                    try await Task.sleep(for: period)
                                }
                                try await Task.sleep(for: .seconds(1))
                                try await outbound.close(.normalClosure, reason: nil)
                            }
                            inner.addTask {
                                var mine: [Int64] = []
                                var acks: [Int64] = []
                                for try await message in inbound.messages(maxSize: 1 << 16) {
                                    guard case .text(let text) = message else { continue }
                                    if let sample = Self.latency(text, skip: marker, start: start) {
                                        mine.append(sample)
                                    } else if let sample = Self.ackLatency(text, start: start) {
                                        acks.append(sample)
                                    }
                                }
                                let (collected, acked) = (mine, acks)
                                tally.samples.withLock { $0.append(contentsOf: collected) }
                                tally.acks.withLock { $0.append(contentsOf: acked) }
                            }
                            try await inner.waitForAll()
                        }
                    }
                  } catch {
                    // One refused or broken socket is counted, not the end of the run.
                    tally.failed.add(1, ordering: .relaxed)
                  }
                }
            }
            try await group.waitForAll()
        }
        let all = tally.samples.withLock { $0 }.sorted()
        let acks = tally.acks.withLock { $0 }.sorted()
        func percentile(_ p: Double, of all: [Int64]) -> Double {
            guard !all.isEmpty else { return 0 }
            return Double(all[min(all.count - 1, Int(Double(all.count) * p))]) / 1e6
        }
        func percentile(_ p: Double) -> Double { percentile(p, of: all) }
        print(String(format: "clients=%d connected=%d failed=%d sent=%d receipts=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f",
                     clients, tally.connected.load(ordering: .relaxed), tally.failed.load(ordering: .relaxed),
                     tally.sent.load(ordering: .relaxed), all.count,
                     percentile(0.5), percentile(0.99), percentile(1)),
              // The sender's own acknowledgement: its note read, applied and committed (none from the bare broadcast).
              String(format: "ack_p50_ms=%.2f ack_p99_ms=%.2f", percentile(0.5, of: acks), percentile(0.99, of: acks)))
    }

    /// The time from sending a note to its acknowledgement (`{"ref":"<nanos>",…,"t":"ack"}`), in nanoseconds.
    static func ackLatency(_ text: String, start: ContinuousClock.Instant) -> Int64? {
        guard text.hasPrefix(#"{"ref":""#), text.contains(#""t":"ack""#) else { return nil }
        guard let sentAt = Int64(text.dropFirst(8).prefix { $0.isNumber }) else { return nil }
        return (ContinuousClock.now - start).nanoseconds - sentAt
    }

    /// The latency of a received note another client sent (nanoseconds), read from its `b:<client>:<nanos>` body.
    static func latency(_ text: String, skip own: String, start: ContinuousClock.Instant) -> Int64? {
        guard let range = text.range(of: "\"body\": \"b:") ?? text.range(of: "\"body\":\"b:") else { return nil }
        let rest = text[text.index(range.upperBound, offsetBy: -2)...]
        if rest.hasPrefix(own) { return nil }
        let parts = rest.split(separator: ":", maxSplits: 2)
        guard parts.count == 3, let sentAt = Int64(parts[2].prefix { $0.isNumber }) else { return nil }
        return (ContinuousClock.now - start).nanoseconds - sentAt
    }
}

/// What the clients count, shared between their tasks.
final class Tally: Sendable {
    let samples = Mutex<[Int64]>([])
    let connected = Atomic<Int>(0)
    let sent = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    let acks = Mutex<[Int64]>([])
}

extension Duration {
    var nanoseconds: Int64 { components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000 }
}
