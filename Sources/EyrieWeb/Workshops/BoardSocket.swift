import EyrieCore
import EyrieStore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// The request context of WebSocket handshakes (a router of its own, beside the pages' router).
struct BoardSocketContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<BoardSocketContext>
    /// The member the handshake admitted, handed to the socket's handler.
    let admitted: NIOLockedValueBox<Int64?>

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        admitted = .init(nil)
    }
}

/// Which pages may open a WebSocket here (browsers send their page's Origin with the handshake).
public enum SocketOrigin {
    /// The Origin header must name this site: the configured public address, else the Host the request came to.
    /// One Origin only, scheme, host and port all matching.
    public static func allowed(_ request: Request, publicURL: String?) -> Bool {
        let origins = request.headers[values: .origin]
        guard origins.count == 1, let url = URL(string: origins[0]), let host = url.host else { return false }
        let seen = "\(host)\(url.port.map { ":\($0)" } ?? "")".lowercased()
        if let publicURL, let expected = URL(string: publicURL), let expectedHost = expected.host {
            return seen == (expectedHost + (expected.port.map { ":\($0)" } ?? "")).lowercased() && url.scheme == expected.scheme
        }
        return seen == (request.head.authority ?? "").lowercased()
    }
}

/// The live board's WebSocket, `/workshops/:id/board/live?after=<seq>`.
///
/// The handshake checks the Origin (this site only), the session cookie and that the member may see the workshop;
/// anything else is not upgraded (400, connection closed); a plain GET of the address answers 403. Once open, the socket sends every operation after
/// `after` from the database, then live ones from the hub, in sequence order without repeats. Messages from the
/// client are board commands (the fields of the board's forms, as JSON) with an optional `ref`; each gets an `ack`
/// with its sequence number or an `error` frame, and the socket stays open. `{"t":"since","after":N}` asks again for
/// everything after N (a client that saw a gap). Messages are limited in size and rate per connection.
struct BoardSocket {
    let deps: WorkshopsDependencies
    let hub: BoardHub

    static let maxMessageBytes = 4096
    /// Messages a connection may send in a burst, and per second after it.
    static let burst = 20.0
    static let perSecond = 10.0

    struct Access: Sendable {
        var workshopID: Int64
        var memberID: Int64
    }

    func register(on router: Router<BoardSocketContext>) {
        router.ws(RouterPath(Site.workshops.live.pattern)) { request, context in
            // Bounded like every request: a handshake while PostgreSQL is away is refused on time, not left waiting.
            let limit = deps.config.databaseTimeout
            guard let access = try? await Deadline.run(limit, { try await admit(request, context: context) }) else {
                return .dontUpgrade
            }
            context.admitted.withLockedValue { $0 = access.memberID }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let workshopID = context.requestContext.parameters.get("id").flatMap(Int64.init),
                  let memberID = context.requestContext.admitted.withLockedValue({ $0 }) else { return }
            let after = context.request.uri.queryParameters.get("after").flatMap(Int64.init) ?? 0
            try await serve(Access(workshopID: workshopID, memberID: memberID), after: after, inbound: inbound,
                            outbound: outbound, logger: context.logger)
        }
    }

    /// Origin, session and view permission; nil refuses the upgrade.
    func admit(_ request: Request, context: BoardSocketContext) async throws -> Access? {
        guard let workshopID = context.parameters.get("id").flatMap(Int64.init) else { return nil }
        guard SocketOrigin.allowed(request, publicURL: deps.config.publicURL) else {
            context.logger.info("board socket refused: foreign origin \(request.headers[.origin] ?? "none")")
            return nil
        }
        guard let token = request.cookies[Cookies.session]?.value, !token.isEmpty, token.count < 200,
              let session = try await deps.sessions.find(token: token) else {
            context.logger.info("board socket refused: no session")
            return nil
        }
        let member = session.member
        guard let visit = try await deps.workshops.visit(id: workshopID, viewerID: member.id) else { return nil }
        guard WorkshopScope(visit: visit, actor: Actor(isAdmin: member.isAdmin, role: visit.role)).isVisible else {
            context.logger.info("board socket refused: member \(member.id) may not see workshop \(workshopID)")
            return nil
        }
        return Access(workshopID: workshopID, memberID: member.id)
    }

    func serve(_ access: Access, after: Int64, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
               logger: Logger) async throws {
        let (subscription, events) = await hub.subscribe(workshopID: access.workshopID, memberID: access.memberID)
        let sender = Sender(outbound: outbound, sent: after)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Live operations (and being let go).
                group.addTask {
                    try await sender.catchUp(deps.board, workshopID: access.workshopID, after: after)
                    for await event in events {
                        switch event {
                        case .op(let seq, let frame): try await sender.send(seq: seq, frame: frame)
                        case .kick:
                            try await outbound.close(.policyViolation, reason: "access changed")
                            return
                        }
                    }
                }
                // Commands from the client.
                group.addTask {
                    var bucket = TokenBucket(capacity: Self.burst, perSecond: Self.perSecond)
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        guard case .text(let text) = message else {
                            try await sender.reply(["t": "error", "message": "Send text messages."])
                            continue
                        }
                        guard bucket.take() else {
                            try await sender.reply(["t": "error", "message": "Too many changes at once: slow down."])
                            continue
                        }
                        guard text.utf8.count <= Self.maxMessageBytes else {
                            try await sender.reply(["t": "error", "message": "That message is too large."])
                            continue
                        }
                        try await handle(text, access: access, sender: sender)
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            logger.debug("board socket ended: \(error)")
        }
        await hub.unsubscribe(subscription)
    }

    func handle(_ text: String, access: Access, sender: Sender) async throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            try await sender.reply(["t": "error", "message": "That message is not a JSON object."])
            return
        }
        var fields: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let s as String: fields[key] = s
            case let n as NSNumber: fields[key] = n.stringValue
            case is NSNull: break
            default: fields[key] = ""
            }
        }
        let ref = fields["ref"].map { String($0.prefix(40)) } ?? ""
        if fields["t"] == "since" {
            try await sender.catchUp(deps.board, workshopID: access.workshopID, after: Int64(fields["after"] ?? "") ?? 0)
            return
        }
        do {
            let command = try BoardCommand.parse(fields)
            let op = try await deps.board.apply(command, workshopID: access.workshopID, actorID: access.memberID)
            try await sender.reply(["t": "ack", "ref": ref, "seq": op.seq])
        } catch let invalid as ValidationErrors {
            try await sender.reply(["t": "error", "ref": ref, "field": invalid.errors.first?.field ?? "",
                                    "message": invalid.errors.first?.message ?? "That change is not valid."])
        } catch let refused as BoardRepository.Refused {
            let message = switch refused.decision {
            case .forbidden(let reason), .notNow(let reason): say(reason)
            default: "Not allowed."
            }
            try await sender.reply(["t": "error", "ref": ref, "message": message])
        } catch StoreError.notFound {
            try await sender.reply(["t": "error", "ref": ref, "message": "That note or cluster is no longer on the board."])
        } catch let error where error.isDatabaseUnavailable || (error as? StoreError) == .busy {
            try await sender.reply(["t": "error", "ref": ref, "message": "The board is busy: try again in a moment."])
        }
    }
}

/// Writes to one socket: operations strictly in sequence order and each once, plus replies.
actor Sender {
    let outbound: WebSocketOutboundWriter
    private(set) var sent: Int64

    init(outbound: WebSocketOutboundWriter, sent: Int64) {
        self.outbound = outbound
        self.sent = sent
    }

    /// Sends everything after `after` from the database (what this socket has not sent yet).
    func catchUp(_ board: BoardRepository, workshopID: Int64, after: Int64) async throws {
        if after < sent { sent = after }
        while true {
            let ops = try await board.ops(workshopID: workshopID, after: sent)
            for op in ops { try await send(seq: op.seq, frame: Self.frame(op.json)) }
            if ops.count < 500 { return }
        }
    }

    /// An operation as clients receive it, ready to be written to any number of sockets without a copy.
    static func frame(_ json: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.utf8.count + 15)
        buffer.writeString("{\"t\":\"op\",\"op\":")
        buffer.writeString(json)
        buffer.writeString("}")
        return buffer
    }

    func send(seq: Int64, frame: ByteBuffer) async throws {
        guard seq > sent else { return }
        sent = seq
        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: frame)))
    }

    func reply(_ object: [String: Any]) async throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
    }
}

/// A rate limit: `capacity` at once, refilled at `perSecond`.
struct TokenBucket {
    let capacity: Double
    let perSecond: Double
    var tokens: Double
    var last: ContinuousClock.Instant

    init(capacity: Double, perSecond: Double) {
        self.capacity = capacity
        self.perSecond = perSecond
        tokens = capacity
        last = .now
    }

    mutating func take() -> Bool {
        let now = ContinuousClock.Instant.now
        let elapsed = now - last
        last = now
        tokens = min(capacity, tokens + perSecond * (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
