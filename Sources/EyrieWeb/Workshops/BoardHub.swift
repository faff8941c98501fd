import EyrieStore
import Foundation
import Logging
import Metrics
import NIOCore
import PostgresNIO
import ServiceLifecycle

/// Fans board operations out to the WebSockets of this instance. One LISTEN connection per instance hears every
/// board change (from this instance or another over the same database); the hub reads each new operation once per
/// board and hands it to every socket on that board. Sockets catch up from the database themselves when they connect
/// or see a gap, so the hub may skip or repeat without losing anything. Each operation is framed once and written to
/// the sockets by their own event loops (`SocketLine`): no task per socket, one hop per event loop per operation.
actor BoardHub {
    struct Subscriber {
        var workshopID: Int64
        var memberID: Int64?
        var line: SocketLine
    }

    private let board: BoardRepository
    private let logger: Logger
    private var subscribers: [UUID: Subscriber] = [:]
    /// The lines on each watched board, kept beside `subscribers` so that handing on an operation does not search.
    private var boards: [Int64: SocketLines] = [:]
    private var delivered: [Int64: Int64] = [:]
    private var wanted: [Int64: Int64] = [:]
    private var fetching: Set<Int64> = []

    init(board: BoardRepository, logger: Logger) {
        self.board = board
        self.logger = logger
    }

    /// Open sockets, for the metrics.
    private let gauge = Gauge(label: "eyrie_board_sockets")

    func subscribe(workshopID: Int64, memberID: Int64?, line: SocketLine) -> UUID {
        let id = UUID()
        subscribers[id] = Subscriber(workshopID: workshopID, memberID: memberID, line: line)
        boards[workshopID, default: SocketLines()].insert(line)
        gauge.record(subscribers.count)
        return id
    }

    func unsubscribe(_ id: UUID) {
        guard let gone = subscribers.removeValue(forKey: id) else { return }
        gone.line.end()
        gauge.record(subscribers.count)
        boards[gone.workshopID]?.remove(gone.line)
        if boards[gone.workshopID]?.isEmpty ?? true {
            boards[gone.workshopID] = nil
            delivered[gone.workshopID] = nil
            wanted[gone.workshopID] = nil
        }
    }

    /// A `board_ops` notification: `<workshop>:<seq>[:<operation>]` for an operation, `access:<member>` when a member
    /// lost access. An operation that comes with its JSON and follows the last one handed on goes straight to the
    /// sockets; otherwise (a gap, a fetch under way, an operation too long for a notification) the hub reads the
    /// board's operations from the database.
    func notified(_ payload: String) async {
        if payload.hasPrefix("access:") {
            accessChanged(String(payload.dropFirst("access:".count)))
            return
        }
        let parts = payload.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let workshopID = Int64(parts[0]), let seq = Int64(parts[1]) else { return }
        guard boards[workshopID] != nil else { return }
        if parts.count == 3, !fetching.contains(workshopID), (delivered[workshopID] ?? (seq - 1)) == seq - 1 {
            deliver([BoardRepository.StoredOp(seq: seq, json: String(parts[2]))], to: workshopID)
            return
        }
        wanted[workshopID] = max(wanted[workshopID] ?? 0, seq)
        if delivered[workshopID] == nil { delivered[workshopID] = seq - 1 }
        await fetch(workshopID)
    }

    /// Hands operations (in sequence order) to every socket on the board, each framed once.
    private func deliver(_ ops: [BoardRepository.StoredOp], to workshopID: Int64) {
        guard let last = ops.last else { return }
        boards[workshopID]?.send(ops.map { SocketLine.Op(seq: $0.seq, frame: BoardFrame.op($0.json)) })
        delivered[workshopID] = last.seq
    }

    /// After the listener reconnects: every watched board reads what it may have missed.
    func resync() async {
        for workshopID in boards.keys {
            wanted[workshopID] = .max
            await fetch(workshopID)
        }
    }

    private func fetch(_ workshopID: Int64) async {
        guard !fetching.contains(workshopID) else { return }
        fetching.insert(workshopID)
        defer { fetching.remove(workshopID) }
        while let after = delivered[workshopID], let target = wanted[workshopID], after < target {
            let ops: [BoardRepository.StoredOp]
            do {
                ops = try await board.ops(workshopID: workshopID, after: after)
            } catch {
                logger.warning("board \(workshopID): could not read operations: \(error)")
                return
            }
            guard let last = ops.last else {
                if target == .max { wanted[workshopID] = after }
                return
            }
            deliver(ops, to: workshopID)
            if target == .max && ops.count < BoardRepository.opsPage { wanted[workshopID] = last.seq }
        }
    }

    /// `<member>` lost access somewhere; their sockets close (they may reconnect as
    /// what they still are, e.g. a viewer).
    func accessChanged(_ payload: String) {
        guard let memberID = Int64(payload) else { return }
        for subscriber in subscribers.values where subscriber.memberID == memberID {
            subscriber.line.kick()
        }
    }
}

/// Keeps one connection listening on `board_ops` for the hub, reconnecting after an outage — to the primary of the
/// moment, since NOTIFY reaches only the sessions of the server where it commits. It needs a session of its own:
/// through PgBouncer in transaction mode it is given the servers' own ports (`EYRIE_DATABASE_DIRECT_URL`).
struct BoardListener: Service {
    let hosts: DatabaseHosts
    let hub: BoardHub
    let logger: Logger

    func run() async throws {
        // Stops at shutdown: a listener waiting for the next notification would otherwise hold the server up.
        await cancelWhenGracefulShutdown { await listen() }
    }

    private func listen() async {
        var delay = Duration.milliseconds(200)
        while !Task.isCancelled {
            do {
                let primary = hosts.primaryName
                try await hosts.primary.withConnection { connection in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            try await connection.listen(on: BoardRepository.channel) { notifications in
                                // Listening: catch up on what an earlier outage may have hidden, then follow.
                                await hub.resync()
                                for try await note in notifications { await hub.notified(note.payload) }
                            }
                        }
                        if hosts.hosts.count > 1 {
                            // Another host took over as primary: listen there (this one hears no new commits).
                            group.addTask {
                                while hosts.primaryName == primary { try await Task.sleep(for: .milliseconds(250)) }
                            }
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                }
                delay = .milliseconds(200)
            } catch {
                if Task.isCancelled { return }
                logger.warning("board listener lost its connection: \(String(reflecting: error)); retrying")
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(5))
        }
    }
}
