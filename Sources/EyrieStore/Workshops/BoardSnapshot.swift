import EyrieCore
import Foundation
import PostgresNIO

/// Everything a board page shows, read at one moment (one REPEATABLE READ transaction) with the sequence number it
/// stands at: a client applies the operations after `seq` on top of it.
public struct BoardSnapshot: Sendable {
    public var seq: Int64
    public var notes: [BoardNote]
    public var clusters: [BoardCluster]
    public var agenda: [Activity]
    /// Dots per `"<activity>/<target>"`, everyone's and the viewer's own.
    public var dotTotals: [String: Int]
    public var myDots: [String: Int]
    /// Dots the viewer has spent per dot-vote activity.
    public var mySpent: [Int64: Int]

    /// The activity running or paused now.
    public var current: Activity? { agenda.first { $0.state == .running || $0.state == .paused } }

    /// The dot vote whose dots the board shows: the current one, else the last one held.
    public var dotVote: Activity? {
        if let current, current.kind == .dotVote { return current }
        return agenda.last { $0.kind == .dotVote && $0.state == .done }
    }
}

extension BoardRepository {
    public func snapshot(workshopID: Int64, memberID: Int64?) async throws -> BoardSnapshot {
        try await db.client.withTransaction(logger: db.logger) { connection in
            let logger = db.logger
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            let seq = try await connection.query("SELECT board_seq FROM workshops WHERE id = \(workshopID)",
                                                 logger: logger).first(Int64.self) ?? 0
            var notes: [BoardNote] = []
            for try await r in try await connection.query("""
                SELECT \(unescaped: Self.noteColumns) FROM board_notes n WHERE n.workshop_id = \(workshopID) ORDER BY n.id
                """, logger: logger).decode(NoteTuple.self) { notes.append(Self.note(r)) }
            var clusters: [BoardCluster] = []
            for try await (id, name) in try await connection.query("""
                SELECT id, name FROM board_clusters WHERE workshop_id = \(workshopID) ORDER BY id
                """, logger: logger).decode((Int64, String).self) { clusters.append(BoardCluster(id: id, name: name)) }
            let agenda = try await AgendaRepository.list(connection, workshopID: workshopID, logger: logger)
            var totals: [String: Int] = [:], mine: [String: Int] = [:], spent: [Int64: Int] = [:]
            for try await (activity, target, total, own) in try await connection.query("""
                SELECT d.activity_id, d.target, sum(d.count)::int8, coalesce(sum(d.count) FILTER (WHERE d.member_id = \(memberID)), 0)::int8
                FROM board_dots d JOIN workshop_activities a ON a.id = d.activity_id
                WHERE a.workshop_id = \(workshopID) GROUP BY d.activity_id, d.target
                """, logger: logger).decode((Int64, String, Int64, Int64).self) {
                totals["\(activity)/\(target)"] = Int(total)
                if own > 0 { mine["\(activity)/\(target)"] = Int(own) }
                spent[activity, default: 0] += Int(own)
            }
            return BoardSnapshot(seq: seq, notes: notes, clusters: clusters, agenda: agenda, dotTotals: totals,
                                 myDots: mine, mySpent: spent)
        }
    }
}
