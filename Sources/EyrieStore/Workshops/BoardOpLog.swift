import Foundation
import PostgresNIO

/// The board's operations as stored, for clients catching up after a gap.
extension BoardRepository {
    /// A stored operation: its number and the JSON clients apply.
    public struct StoredOp: Sendable {
        public var seq: Int64
        public var json: String

        public init(seq: Int64, json: String) {
            self.seq = seq
            self.json = json
        }
    }

    /// How many operations `ops` reads at most by default: fewer means the reader has them all.
    public static let opsPage = 500

    /// The operations after `after`, in order, as the JSON clients apply (at most `limit`).
    public func ops(workshopID: Int64, after: Int64, limit: Int = opsPage) async throws -> [StoredOp] {
        let rows = try await db.client.query("""
            SELECT seq, payload::text FROM board_ops WHERE workshop_id = \(workshopID) AND seq > \(after)
            ORDER BY seq LIMIT \(limit)
            """, logger: db.logger)
        var list: [StoredOp] = []
        for try await (seq, json) in rows.decode((Int64, String).self) { list.append(StoredOp(seq: seq, json: json)) }
        return list
    }
}
