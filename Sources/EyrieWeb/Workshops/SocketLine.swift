import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// The outgoing side of one live socket. Operations are written straight onto the socket's channel, on the channel's
/// own event loop, in sequence order and each once; a batch goes out with one flush. There is no task or actor per
/// socket for this: a hub hands each batch once to every event loop (`SocketLines.send`), and the loop writes it to
/// every socket it serves. Replies go the same way; the socket's task only reads what its client sends.
///
/// While the socket catches up from the database, live operations wait in a bounded queue (past `maxWaiting` they
/// are dropped and the catch-up reads the database again); each page of a catch-up waits until the kernel has taken the
/// one before. A socket that stops reading is cut off — its connection closed — once more than `maxBacklog` bytes of
/// live operations wait in NIO behind its full send buffer (which is fixed, not grown by the kernel: see
/// `BoardSocket.sendBuffer`); its client reconnects with the last number it saw, and nobody else waited for it.
final class SocketLine: Sendable {
    struct Op: Sendable {
        var seq: Int64
        var frame: ByteBuffer
    }

    private struct State {
        var sent: Int64
        var catchingUp = false
        var waiting: [Op] = []
        var missed = false
        var ended = false
        var kicked = false
    }

    static let maxWaiting = 1000
    static let maxBacklog = 512 * 1024

    let channel: any Channel
    private let state: NIOLockedValueBox<State>

    init(channel: any Channel, sent: Int64) {
        self.channel = channel
        state = NIOLockedValueBox(State(sent: sent))
    }

    /// On the channel's event loop: writes what this socket has not had yet (or keeps it while it catches up).
    fileprivate func offer(_ ops: [Op]) {
        let fresh: [Op] = state.withLockedValue { state in
            if state.ended { return [] }
            if state.catchingUp {
                state.waiting.append(contentsOf: ops)
                if state.waiting.count > Self.maxWaiting {
                    state.waiting = []
                    state.missed = true
                }
                return []
            }
            return Self.take(ops, into: &state)
        }
        guard !fresh.isEmpty else { return }
        write(fresh)
        let backlog = (try? channel.syncOptions?.getOption(ChannelOptions.bufferedWritableBytes)) ?? 0
        if backlog > Self.maxBacklog, state.withLockedValue({ state in
            defer { state.ended = true }
            return !state.ended
        }) {
            channel.close(promise: nil)
        }
    }

    private static func take(_ ops: [Op], into state: inout State) -> [Op] {
        var fresh: [Op] = []
        for op in ops where op.seq > state.sent {
            state.sent = op.seq
            fresh.append(op)
        }
        return fresh
    }

    /// On the loop: the frames, one flush. The future completes once the kernel has taken the last of them.
    @discardableResult
    private func write(_ ops: [Op]) -> EventLoopFuture<Void> {
        guard let last = ops.last else { return channel.eventLoop.makeSucceededVoidFuture() }
        for op in ops.dropLast() {
            channel.write(WebSocketFrame(fin: true, opcode: .text, data: op.frame), promise: nil)
        }
        return channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: last.frame))
    }

    /// Sends every operation after `after` (or after what this socket last sent, if that is earlier) from `read`,
    /// which returns them in order, `pageSize` at most at a time; live operations that arrive meanwhile follow.
    func catchUp(after: Int64, pageSize: Int, read: (Int64) async throws -> [Op]) async throws {
        var from = state.withLockedValue { state in
            state.sent = min(state.sent, after)
            state.catchingUp = true
            return state.sent
        }
        while true {
            let ops = try await read(from)
            let (written, next) = try await channel.eventLoop.submit { [self] in
                let (fresh, next): ([Op], Int64?) = state.withLockedValue { state in
                    // Let go (access lost, cut off) while reading: nothing more for this socket.
                    if state.ended { return ([], nil) }
                    var fresh = Self.take(ops, into: &state)
                    if ops.count >= pageSize || state.missed {
                        state.missed = false
                        return (fresh, state.sent)
                    }
                    fresh += Self.take(state.waiting, into: &state)
                    state.waiting = []
                    state.catchingUp = false
                    return (fresh, nil)
                }
                return (write(fresh), next)
            }.get()
            guard let next else { return }
            try await written.get()
            from = next
        }
    }

    /// A frame of its own (an acknowledgement, an error), written after whatever is already on its way.
    func reply(_ text: String) {
        let frame = WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))
        channel.eventLoop.execute { [self] in
            guard !state.withLockedValue({ $0.ended }) else { return }
            channel.writeAndFlush(frame, promise: nil)
        }
    }

    /// The member lost access: nothing more is written and the socket's reading ends, so that its task closes it
    /// with a policy violation (`wasKicked`).
    func kick() {
        let first = state.withLockedValue { state in
            defer { state.kicked = true; state.ended = true }
            return !state.kicked
        }
        if first { channel.close(mode: .input, promise: nil) }
    }

    var wasKicked: Bool { state.withLockedValue { $0.kicked } }

    /// The socket is closing: nothing more is written to it.
    func end() {
        state.withLockedValue { $0.ended = true }
    }
}

/// Sockets grouped by the event loop that serves them, so that a batch costs one hop per loop, whatever the number of
/// sockets.
struct SocketLines: Sendable {
    private var groups: [ObjectIdentifier: (loop: any EventLoop, lines: [ObjectIdentifier: SocketLine])] = [:]

    var isEmpty: Bool { groups.isEmpty }

    mutating func insert(_ line: SocketLine) {
        let loop = line.channel.eventLoop
        groups[ObjectIdentifier(loop), default: (loop, [:])].lines[ObjectIdentifier(line)] = line
    }

    mutating func remove(_ line: SocketLine) {
        let key = ObjectIdentifier(line.channel.eventLoop)
        groups[key]?.lines[ObjectIdentifier(line)] = nil
        if groups[key]?.lines.isEmpty ?? false { groups[key] = nil }
    }

    /// Hands `ops` to every line: each loop writes them to its sockets and flushes each once.
    func send(_ ops: [SocketLine.Op]) {
        for (loop, lines) in groups.values {
            loop.execute { for line in lines.values { line.offer(ops) } }
        }
    }
}
