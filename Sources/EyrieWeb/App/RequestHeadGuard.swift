import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Limits on a connection's request heads: how long a client may take to send one, and how large it may be.
public struct RequestHeadLimits: Sendable {
    /// From the connection's opening, or from the first byte of a later request, to the end of the request's head.
    public var timeout: Duration
    /// How long a kept-alive connection may wait, sending nothing, for its next request.
    public var keepAlive: Duration
    /// The request line and all headers together, in bytes.
    public var maxBytes: Int

    public init(timeout: Duration, keepAlive: Duration, maxBytes: Int) {
        self.timeout = timeout
        self.keepAlive = keepAlive
        self.maxBytes = maxBytes
    }
}

extension Duration {
    var timeAmount: TimeAmount { .nanoseconds(Int64(components.seconds) * 1_000_000_000 + components.attoseconds / 1_000_000_000) }
}

/// Wraps the server's child channel (HTTP/1 with the board's WebSocket upgrade) so that every connection starts with a
/// `RequestHeadGuard` in front of the HTTP decoder, and the decoder's own limits match the guard's.
///
/// Why by hand: Hummingbird's idle timeout only starts once a first request head has been decoded when the WebSocket
/// upgrade is on, it counts a half-sent head as idle time only from the previous answer, and a decoder error before
/// the first head leaves the connection open with nothing sent. Nothing in the stack bounds how long a request head may
/// take; this does, in the place NIO intends (handlers in the pipeline).
struct GuardedHTTPChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner
    let limits: RequestHeadLimits

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = self.limits
        let inner = self.inner
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(RequestHeadGuard(limits: limits, logger: logger), position: .first)
        }.flatMap {
            inner.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Reads a connection's request heads as raw bytes, before the HTTP decoder: a head larger than the limit is answered
/// 431 and the connection closed; a head not finished within the time limit is answered 408 (or, when nothing was sent
/// at all, the connection is closed quietly); a kept-alive connection that sends nothing for `keepAlive` is closed.
/// Between the end of a head and the end of the answers to every request read so far (`RequestCycle` tells it), bytes
/// pass untouched: bodies, and after an upgrade, the board's WebSocket frames.
final class RequestHeadGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        /// A request's head is being read, against its time limit.
        case readingHead
        /// A kept-alive connection between requests, nothing sent yet.
        case waitingForRequest
        /// A request is being read or answered.
        case passing
        case refused
    }

    private let limits: RequestHeadLimits
    private let logger: Logger
    private var state = State.readingHead
    private var scanner = HeadScanner()
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(limits: RequestHeadLimits, logger: Logger) {
        self.limits = limits
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { startTimer(context, after: limits.timeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context, after: limits.timeout)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimer()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch state {
        case .refused:
            return  // after a refusal, whatever else arrives is dropped
        case .passing:
            context.fireChannelRead(data)
            return
        case .waitingForRequest:
            state = .readingHead
            stopTimer()
            startTimer(context, after: limits.timeout)
        case .readingHead:
            break
        }
        switch scanner.scan(unwrapInboundIn(data), limit: limits.maxBytes) {
        case .needMore:
            context.fireChannelRead(data)
        case .tooLarge:
            refuse(context, status: "431 Request Header Fields Too Large", body: "The request's headers are too large.\n")
        case .complete:
            state = .passing
            stopTimer()
            context.fireChannelRead(data)
        }
    }

    /// The decoder read a request's head that this guard did not see begin (one pipelined behind another): no timer
    /// runs while it is answered.
    func requestStarted() {
        guard state == .waitingForRequest || state == .readingHead else { return }
        state = .passing
        stopTimer()
    }

    /// Every request read so far has its answer: the connection waits for the next one (kept alive).
    func requestsSettled() {
        guard state == .passing, let context else { return }
        state = .waitingForRequest
        scanner = HeadScanner()
        startTimer(context, after: limits.keepAlive)
    }

    private func startTimer(_ context: ChannelHandlerContext, after limit: Duration) {
        guard timer == nil else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: limit.timeAmount) { [self] in
            timer = nil
            switch state {
            case .readingHead where scanner.total > 0:
                refuse(context, status: "408 Request Timeout", body: "The request took too long to arrive.\n")
            case .readingHead, .waitingForRequest:
                state = .refused
                context.close(promise: nil)
            case .passing, .refused:
                break
            }
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
    }

    /// Answers and closes. The output side closes first and the rest of the input is read and dropped for a moment,
    /// so that the client reads the answer instead of a reset caused by the bytes it is still sending.
    private func refuse(_ context: ChannelHandlerContext, status: String, body: String) {
        state = .refused
        stopTimer()
        logger.notice("request head refused", metadata: ["status": "\(status)", "bytes": "\(scanner.total)"])
        let text = "HTTP/1.1 \(status)\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: \(body.utf8.count)\r\n"
            + "connection: close\r\n\r\n\(body)"
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: text)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in
            context.close(mode: .output, promise: nil)
            _ = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) { context.close(promise: nil) }
        }
    }
}

/// Finds the end of an HTTP/1 request head (an empty line) in bytes that arrive in pieces, counting them.
struct HeadScanner {
    enum Outcome { case needMore, complete, tooLarge }

    private(set) var total = 0
    /// Characters on the current line, not counting CR; -1 before the request line (empty lines there are skipped).
    private var lineLength = -1

    mutating func scan(_ bytes: ByteBuffer, limit: Int) -> Outcome {
        var outcome = Outcome.needMore
        bytes.withUnsafeReadableBytes { raw in
            for byte in raw {
                total += 1
                if total > limit { outcome = .tooLarge; return }
                switch byte {
                case UInt8(ascii: "\n"):
                    if lineLength == 0 { outcome = .complete; return }
                    if lineLength > 0 { lineLength = 0 }
                case UInt8(ascii: "\r"):
                    break
                default:
                    lineLength = lineLength < 0 ? 1 : lineLength + 1
                }
            }
        }
        return outcome
    }
}

/// Behind the HTTP decoder, for connections that stay HTTP: counts requests read against answers written, and when
/// every request has its answer, tells the connection's `RequestHeadGuard` to wait for the next one. A head the guard
/// did not read (a pipelined request) that overflows the decoder's limit is answered 431 here (Hummingbird would
/// answer 400).
final class RequestCycle: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private weak var headGuard: RequestHeadGuard?
    /// Requests whose head was read and whose answer has not ended; whether a request's body is still arriving.
    private var unanswered = 0
    private var reading = false

    func handlerAdded(context: ChannelHandlerContext) {
        headGuard = try? context.pipeline.syncOperations.handler(type: RequestHeadGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: unanswered += 1; reading = true; headGuard?.requestStarted()
        case .end: reading = false; settleIfDone()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered -= 1
            settleIfDone()
        }
        context.write(data, promise: promise)
    }

    /// The next bytes are a new request's only when every request was read to its end and answered.
    private func settleIfDone() {
        if unanswered == 0 && !reading { headGuard?.requestsSettled() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parse = error as? HTTPParserError, parse == .headerOverflow else {
            context.fireErrorCaught(error)
            return
        }
        let head = HTTPResponse(status: .init(code: 431, reasonPhrase: "Request Header Fields Too Large"),
                                headerFields: [.connection: "close", .contentLength: "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with the live board's WebSocket upgrade, every connection behind a `RequestHeadGuard` (and, once it
    /// stays HTTP, a `RequestCycle`); the decoder's size limit is the guard's.
    static func guarded(webSocketRouter: Router<BoardSocketContext>, limits: RequestHeadLimits) -> HTTPServerBuilder {
        let sockets = webSocketRouter.buildResponder()
        var http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestCycle()], idleTimeout: nil)
        http1.httpDecoder = .init(maxHeaderFieldSize: limits.maxBytes, maxHeaderListSize: limits.maxBytes)
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(http1: http1, ws: .init(maxFrameSize: 1 << 16))
        return HTTPServerBuilder { responder in
            GuardedHTTPChannel(inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: sockets,
                                                                   configuration: configuration),
                               limits: limits)
        }
    }
}
