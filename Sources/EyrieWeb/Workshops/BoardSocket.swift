import EyrieCore
import EyrieStore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore
import ServiceLifecycle
import NIOWebSocket

/// The request context of WebSocket handshakes (a router of its own, beside the pages' router).
struct BoardSocketContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<BoardSocketContext>
    /// The member the handshake admitted, handed to the socket's handler.
    let admitted: NIOLockedValueBox<Int64?>
    /// The connection, which the board writes its operations to directly (`SocketLine`).
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
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
            try await serve(Access(workshopID: workshopID, memberID: memberID), after: after,
                            channel: context.requestContext.channel, inbound: inbound, outbound: outbound,
                            logger: context.logger)
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

    func serve(_ access: Access, after: Int64, channel: any Channel, inbound: WebSocketInboundStream,
               outbound: WebSocketOutboundWriter, logger: Logger) async throws {
        Self.tune(channel)
        let line = SocketLine(channel: channel, sent: after)
        let subscription = await hub.subscribe(workshopID: access.workshopID, memberID: access.memberID, line: line)
        // A server that is stopping (a deploy, a rolling restart) tells its clients to reconnect — through the load
        // balancer, to another instance, from the last operation each saw — before the socket closes. A command it
        // was applying still commits; its acknowledgement may go down with the socket, and the client's resend of it
        // on the new socket is recognised by its `ref` (`BoardRepository.AlreadyApplied`), so nothing is lost or doubled.
        await withGracefulShutdownHandler {
            await readCommands(access, after: after, line: line, inbound: inbound, outbound: outbound, logger: logger)
        } onGracefulShutdown: {
            line.reply(BoardFrame.reconnect)
        }
        await hub.unsubscribe(subscription)
    }

    private func readCommands(_ access: Access, after: Int64, line: SocketLine, inbound: WebSocketInboundStream,
                              outbound: WebSocketOutboundWriter, logger: Logger) async {
        do {
            try await catchUp(line, workshopID: access.workshopID, after: after)
            // One loop: the client's commands. Operations reach the socket from the hub through its line.
            var bucket = TokenBucket(capacity: Self.burst, perSecond: Self.perSecond)
            for try await message in inbound.messages(maxSize: 1 << 16) {
                guard case .text(let text) = message else {
                    try Self.reply(line, ["t": "error", "message": "Send text messages."])
                    continue
                }
                guard bucket.take() else {
                    try Self.reply(line, ["t": "error", "message": "Too many changes at once: slow down."])
                    continue
                }
                guard text.utf8.count <= Self.maxMessageBytes else {
                    try Self.reply(line, ["t": "error", "message": "That message is too large."])
                    continue
                }
                try await handle(text, access: access, line: line)
            }
            if line.wasKicked { try await outbound.close(.policyViolation, reason: "access changed") }
        } catch {
            logger.debug("board socket ended: \(error)")
        }
    }

    /// A board socket's buffers. Its client mostly listens: reads start small (NIO's first buffer is 2 KiB
    /// otherwise). Its send buffer is fixed at 64 KiB (the kernel doubles it) instead of grown by the kernel up to
    /// 4 MiB: frames are small, and a client that stops reading then reaches `SocketLine.maxBacklog` soon.
    static func tune(_ channel: any Channel) {
        _ = channel.setOption(ChannelOptions.recvAllocator,
                              value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 1 << 16))
        _ = channel.setOption(ChannelOptions.socketOption(.so_sndbuf), value: 64 * 1024)
    }

    /// Everything after `after` from the database, then the live operations that came meanwhile.
    func catchUp(_ line: SocketLine, workshopID: Int64, after: Int64) async throws {
        let board = deps.board
        try await line.catchUp(after: after, pageSize: BoardRepository.opsPage) { from in
            try await board.ops(workshopID: workshopID, after: from)
                .map { SocketLine.Op(seq: $0.seq, frame: BoardFrame.op($0.json)) }
        }
    }

    static func reply(_ line: SocketLine, _ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        line.reply(String(decoding: data, as: UTF8.self))
    }

    func handle(_ text: String, access: Access, line: SocketLine) async throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            try Self.reply(line, ["t": "error", "message": "That message is not a JSON object."])
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
        let ref = fields["ref"].map { String($0.prefix(80)) } ?? ""
        if fields["t"] == "since" {
            try await catchUp(line, workshopID: access.workshopID, after: Int64(fields["after"] ?? "") ?? 0)
            return
        }
        do {
            let command = try BoardCommand.parse(fields)
            let op = try await deps.board.apply(command, workshopID: access.workshopID, actorID: access.memberID,
                                                ref: ref.isEmpty ? nil : ref)
            try Self.reply(line, ["t": "ack", "ref": ref, "seq": op.seq])
        } catch let again as BoardRepository.AlreadyApplied {
            try Self.reply(line, ["t": "ack", "ref": ref, "seq": again.seq])
        } catch let invalid as ValidationErrors {
            try Self.reply(line, ["t": "error", "ref": ref, "field": invalid.errors.first?.field ?? "",
                                    "message": invalid.errors.first?.message ?? "That change is not valid."])
        } catch let refused as BoardRepository.Refused {
            let message = switch refused.decision {
            case .forbidden(let reason), .notNow(let reason): say(reason)
            default: "Not allowed."
            }
            try Self.reply(line, ["t": "error", "ref": ref, "message": message])
        } catch StoreError.notFound {
            try Self.reply(line, ["t": "error", "ref": ref, "message": "That note or cluster is no longer on the board."])
        } catch let error where error.isDatabaseUnavailable || (error as? StoreError) == .busy {
            try Self.reply(line, ["t": "error", "ref": ref, "message": "The board is busy: try again in a moment."])
        }
    }
}

/// The frames the board sends.
enum BoardFrame {
    /// An operation as clients receive it, ready to be written to any number of sockets without a copy.
    static func op(_ json: String) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(json.utf8.count + 15)
        buffer.writeString("{\"t\":\"op\",\"op\":")
        buffer.writeString(json)
        buffer.writeString("}")
        return buffer
    }

    /// Sent by a server that is stopping: reconnect (to another instance) from the last operation seen.
    static let reconnect = #"{"t":"reconnect"}"#
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
