/// A sticky note on a board, as every client holds it.
public struct BoardNote: Sendable, Equatable, Codable {
    public var id: Int64
    public var body: String
    public var clusterID: Int64?
    public var lane: String?
    public var authorID: Int64
    public var authorName: String
    /// Raised by each change of the text, and of the placement (cluster, lane): a writer sends the version it saw, so
    /// the server can tell when it overwrites someone else's change (last writer wins, per field).
    public var bodyVersion: Int
    public var placeVersion: Int
    /// A decision the facilitator recorded (true), or a sticky note (nil).
    public var decision: Bool?
    /// The language it is written in (its writer's).
    public var language: String?

    public init(id: Int64, body: String, clusterID: Int64?, lane: String?, authorID: Int64, authorName: String,
                bodyVersion: Int, placeVersion: Int, decision: Bool? = nil) {
        self.id = id; self.body = body; self.clusterID = clusterID; self.lane = lane; self.authorID = authorID
        self.authorName = authorName; self.bodyVersion = bodyVersion; self.placeVersion = placeVersion
        self.decision = decision
    }
}

/// A named group of notes.
public struct BoardCluster: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String

    public init(id: Int64, name: String) { self.id = id; self.name = name }
}

/// Dots on one note or cluster in one dot-vote activity, after a change: the total, and the changing member's own.
public struct DotTally: Sendable, Equatable, Codable {
    public var activityID: Int64
    /// `note-12` or `cluster-3`.
    public var target: String
    public var total: Int
    public var memberID: Int64
    public var mine: Int

    public init(activityID: Int64, target: String, total: Int, memberID: Int64, mine: Int) {
        self.activityID = activityID; self.target = target; self.total = total; self.memberID = memberID; self.mine = mine
    }
}

/// One agenda activity as clients show it, with its clock.
public struct AgendaItem: Sendable, Equatable, Codable {
    public var id: Int64
    public var kind: String
    public var title: String
    public var prompt: String
    public var minutes: Int
    public var state: String
    /// Milliseconds since 1970 when running.
    public var endsAtMillis: Int64?
    public var secondsLeft: Int?
    public var dots: Int
    public var maxPerItem: Int

    public init(_ a: Activity) {
        id = a.id; kind = a.kind.rawValue; title = a.title; prompt = a.prompt; minutes = a.minutes
        state = a.state.rawValue; endsAtMillis = a.endsAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
        secondsLeft = a.secondsLeft; dots = a.dotsPerParticipant; maxPerItem = a.maxDotsPerItem
    }
}

/// Someone's change replaced by a later one made without seeing it (last writer wins); the earlier writer is told.
public struct Overwrite: Sendable, Equatable, Codable {
    public var memberID: Int64
    public var noteID: Int64
    public var field: String
    public var byName: String

    public init(memberID: Int64, noteID: Int64, field: String, byName: String) {
        self.memberID = memberID; self.noteID = noteID; self.field = field; self.byName = byName
    }
}

/// One change to a board, numbered in the board's own sequence. Clients apply them in sequence order.
public struct BoardOp: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case noteSaved, noteDeleted, clusterSaved, clusterDeleted, dots, agenda
    }

    public var seq: Int64
    public var kind: Kind
    public var actorID: Int64
    public var note: BoardNote?
    public var noteID: Int64?
    public var cluster: BoardCluster?
    public var clusterID: Int64?
    public var dots: DotTally?
    /// The whole agenda after a change to it or to its clock.
    public var agenda: [AgendaItem]?
    public var overwrote: [Overwrite]?

    public init(seq: Int64, kind: Kind, actorID: Int64, note: BoardNote? = nil, noteID: Int64? = nil,
                cluster: BoardCluster? = nil, clusterID: Int64? = nil, dots: DotTally? = nil,
                agenda: [AgendaItem]? = nil, overwrote: [Overwrite]? = nil) {
        self.seq = seq; self.kind = kind; self.actorID = actorID; self.note = note; self.noteID = noteID
        self.cluster = cluster; self.clusterID = clusterID; self.dots = dots; self.agenda = agenda
        self.overwrote = overwrote
    }
}

/// A client's copy of a board, built from a snapshot and kept up to date by operations in sequence order. A client
/// that misses a number buffers what came after and asks for the gap (`receive` says from where); an operation it
/// already has is ignored, so catch-up can overlap what arrives live. The browser's board script follows the same
/// rules; this type states them, and the tests hold both to them.
public struct BoardReplica: Sendable, Equatable {
    public private(set) var seq: Int64
    public private(set) var notes: [Int64: BoardNote]
    public private(set) var clusters: [Int64: BoardCluster]
    /// Dot totals per activity and target: `"<activity>/<target>"`.
    public private(set) var dotTotals: [String: Int]
    public private(set) var agenda: [AgendaItem] = []
    private var waiting: [Int64: BoardOp] = [:]

    public init(seq: Int64 = 0, notes: [BoardNote] = [], clusters: [BoardCluster] = [], dotTotals: [String: Int] = [:],
                agenda: [AgendaItem] = []) {
        self.seq = seq
        self.notes = Dictionary(uniqueKeysWithValues: notes.map { ($0.id, $0) })
        self.clusters = Dictionary(uniqueKeysWithValues: clusters.map { ($0.id, $0) })
        self.dotTotals = dotTotals
        self.agenda = agenda
    }

    public enum Outcome: Sendable, Equatable {
        /// Applied this many operations (the one received and any buffered ones it unblocked).
        case applied(Int)
        /// Already applied: ignored.
        case duplicate
        /// A number is missing: ask the server for everything after `after`.
        case gap(after: Int64)
    }

    public mutating func receive(_ op: BoardOp) -> Outcome {
        if op.seq <= seq || waiting[op.seq] != nil { return .duplicate }
        guard op.seq == seq + 1 else {
            waiting[op.seq] = op
            return .gap(after: seq)
        }
        apply(op)
        var count = 1
        while let next = waiting.removeValue(forKey: seq + 1) {
            apply(next)
            count += 1
        }
        return .applied(count)
    }

    /// Operations received ahead of a gap.
    public var buffered: Int { waiting.count }

    private mutating func apply(_ op: BoardOp) {
        switch op.kind {
        case .noteSaved:
            if let note = op.note { notes[note.id] = note }
        case .noteDeleted:
            if let id = op.noteID {
                notes[id] = nil
                dotTotals = dotTotals.filter { !$0.key.hasSuffix("/note-\(id)") }
            }
        case .clusterSaved:
            if let cluster = op.cluster { clusters[cluster.id] = cluster }
        case .clusterDeleted:
            if let id = op.clusterID {
                clusters[id] = nil
                dotTotals = dotTotals.filter { !$0.key.hasSuffix("/cluster-\(id)") }
                for (key, note) in notes where note.clusterID == id { notes[key]?.clusterID = nil }
            }
        case .dots:
            if let d = op.dots { dotTotals["\(d.activityID)/\(d.target)"] = d.total }
        case .agenda:
            if let items = op.agenda { agenda = items }
        }
        seq = op.seq
    }

    /// The board's content, for comparing two replicas (or a replica and the server) whatever order ops came in.
    public var content: Content { Content(seq: seq, notes: notes, clusters: clusters, dotTotals: dotTotals.filter { $0.value != 0 }) }

    public struct Content: Sendable, Equatable {
        public var seq: Int64
        public var notes: [Int64: BoardNote]
        public var clusters: [Int64: BoardCluster]
        public var dotTotals: [String: Int]
    }
}
