import Foundation

/// A position in PostgreSQL's write-ahead log (an LSN, written `16/B374D848`): where a write ended, or how far a
/// standby has replayed.
public struct WALPosition: Sendable, Comparable, Hashable, CustomStringConvertible {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Reads PostgreSQL's form (`16/B374D848`); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...8).contains(parts[0].count), (1...8).contains(parts[1].count),
              let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16) else { return nil }
        value = high << 32 | low
    }

    public var description: String { String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true) }

    public static func < (a: WALPosition, b: WALPosition) -> Bool { a.value < b.value }
}

/// Reads that may come from a standby: the pages that tolerate a little lag (results, health, the portfolio, exports,
/// the API's lists) run their reads inside `Database.readingFromStandby`, which sets this for the task. A standby
/// serves them only when it has replayed past `after` (the reader's own last write: read-your-writes) and lags the
/// primary by no more than the configured bound; otherwise the primary does.
public enum StandbyRead {
    public struct Request: Sendable {
        /// The reader's last write, if any.
        public var after: WALPosition?
    }

    @TaskLocal public static var current: Request?
}

/// What the hosts' check knows of one standby: how far it had replayed at the last check, and how far behind the
/// primary that was.
public struct StandbyState: Sendable, Equatable {
    public var replayed: WALPosition
    /// Seconds since the primary was last where this standby is now (0 when it has replayed all the primary had).
    public var lagSeconds: Double
    /// Bytes of WAL the primary had written that this standby had not replayed, at the last check.
    public var lagBytes: UInt64

    public init(replayed: WALPosition, lagSeconds: Double, lagBytes: UInt64) {
        self.replayed = replayed
        self.lagSeconds = lagSeconds
        self.lagBytes = lagBytes
    }

    /// Whether this standby may serve a read that must see `after`, lagging at most `maxLag` seconds.
    public func serves(after: WALPosition?, maxLag: Double) -> Bool {
        lagSeconds <= maxLag && (after.map { replayed >= $0 } ?? true)
    }
}

/// The primary's recent positions, one per check, to tell how long ago the primary was where a standby is now.
struct PrimaryHistory: Sendable {
    private(set) var marks: [(at: Double, position: WALPosition)] = []
    let keep: Int

    init(keep: Int = 600) { self.keep = keep }

    mutating func record(_ position: WALPosition, at time: Double) {
        marks.append((time, position))
        if marks.count > keep { marks.removeFirst(marks.count - keep) }
    }

    /// How far behind `replayed` is at `now`: 0 if it has the primary's latest position, else the time since the
    /// newest mark it has reached (or since the oldest mark kept, when it has reached none).
    func lag(of replayed: WALPosition, now: Double) -> (seconds: Double, bytes: UInt64) {
        guard let latest = marks.last else { return (0, 0) }
        let bytes = latest.position > replayed ? latest.position.value - replayed.value : 0
        if bytes == 0 { return (0, 0) }
        // the newest moment the primary was no further than the standby is now
        if let reached = marks.last(where: { $0.position <= replayed }) { return (max(0, now - reached.at), bytes) }
        return (max(0, now - (marks.first?.at ?? now)), bytes)
    }
}
