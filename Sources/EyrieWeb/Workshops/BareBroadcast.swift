import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The live board's ceiling, for `make bench` (`eyrie bench broadcast`): the same Hummingbird WebSocket server and the
/// same fan-out (`SocketLine`), without the database, sessions or board rules. Every text message a client sends is
/// framed as the board frames an operation and written to every open socket — the sender's too, as the board does —
/// in one order for all. Any path upgrades; it listens on loopback only.
public enum BareBroadcast {
    public static func run(port: Int, logger: Logger) async throws {
        let room = Room()
        let app = Application(
            router: Router(),
            server: .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: 1 << 16))) { _, channel, _ in
                .upgrade([:]) { inbound, _, _ in
                    BoardSocket.tune(channel)
                    let line = SocketLine(channel: channel, sent: 0)
                    room.join(line)
                    defer { room.leave(line) }
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        if case .text(let text) = message { room.broadcast(text) }
                    }
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: port)),
            logger: logger)
        try await app.runService()
    }

    /// Every open socket; messages numbered under one lock so that every socket gets them in the same order.
    final class Room: Sendable {
        private let state = NIOLockedValueBox<(next: Int64, lines: SocketLines)>((0, SocketLines()))

        func join(_ line: SocketLine) { state.withLockedValue { $0.lines.insert(line) } }

        func leave(_ line: SocketLine) {
            line.end()
            state.withLockedValue { $0.lines.remove(line) }
        }

        func broadcast(_ text: String) {
            let frame = BoardFrame.op(text)
            state.withLockedValue { state in
                state.next += 1
                state.lines.send([SocketLine.Op(seq: state.next, frame: frame)])
            }
        }
    }
}
