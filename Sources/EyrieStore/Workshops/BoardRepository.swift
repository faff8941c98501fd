import EyrieCore
import Foundation
import PostgresNIO

/// A workshop's live board. PostgreSQL is the source of truth: every change is one transaction that locks the
/// workshop row (level 0 of the lock order in `Database`), re-reads who the actor is there and which activity runs,
/// applies `BoardRules`, writes the board rows, numbers the change in the board's own sequence and appends it to
/// `board_ops`, then notifies `board_ops` (delivered at commit) so every Eyrie instance fans it out.
///
/// Operations carry the full new state of what they touch (a saved note, a dot total), so applying one twice
/// changes nothing: a snapshot read a moment after its sequence number converges with the operations that follow.
public struct BoardRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The notification channel. The payload is `<workshop id>:<sequence number>[:<operation JSON>]` for a new
    /// operation (the JSON when it fits), or
    /// `access:<member id>` when a member loses access to boards (gave their seat back, lost a role): their live
    /// connections close, and may reconnect as what they are now.
    public static let channel = "board_ops"

    /// Tells every instance that `memberID` lost access (within the caller's transaction: delivered at commit).
    static func accessLost(_ connection: PostgresConnection, memberID: Int64, logger: Logger) async throws {
        try await connection.query("SELECT pg_notify(\(channel), \("access:\(memberID)"))", logger: logger)
    }

    /// A change the rules refuse; `decision` says why (403 or 422).
    public struct Refused: Error, Equatable {
        public var decision: Decision

        public init(decision: Decision) { self.decision = decision }
    }

    /// Applies one change and returns its operation (with its sequence number). Throws `Refused` when the rules say
    /// no, `notFound` for a note or cluster not on this board.
    public func apply(_ command: BoardCommand, workshopID: Int64, actorID: Int64, ref: String? = nil) async throws -> BoardOp {
        do {
            return try await applyOnce(command, workshopID: workshopID, actorID: actorID, ref: ref)
        } catch let error where error.uniqueViolation == "board_ops_client_ref" {
            guard let ref, let seq = try await appliedSeq(ref: ref, workshopID: workshopID, actorID: actorID) else { throw error }
            throw AlreadyApplied(seq: seq)
        }
    }

    /// A command sent again under a reference already applied (its acknowledgement lost with a socket): the number of
    /// the operation it made the first time.
    public struct AlreadyApplied: Error, Equatable {
        public var seq: Int64
        public init(seq: Int64) { self.seq = seq }
    }

    /// The operation a member's command with `ref` made on this board, if it has been applied.
    public func appliedSeq(ref: String, workshopID: Int64, actorID: Int64) async throws -> Int64? {
        try await db.client.query("""
            SELECT seq FROM board_ops WHERE workshop_id = \(workshopID) AND actor_id = \(actorID) AND client_ref = \(ref)
            """, logger: db.logger).first(Int64.self)
    }

    private func applyOnce(_ command: BoardCommand, workshopID: Int64, actorID: Int64, ref: String?) async throws -> BoardOp {
        if let op = try await quickAdd(command, workshopID: workshopID, actorID: actorID, ref: ref) { return op }
        do {
            return try await db.transaction { connection in
                let logger = db.logger
                let standing = try await Self.standing(connection, workshopID: workshopID, actorID: actorID, logger: logger)
                var current: NoteRow?
                if let noteID = command.noteID {
                    current = try await Self.lockNote(connection, noteID: noteID, workshopID: workshopID, logger: logger)
                    guard current != nil else { throw StoreError.notFound }
                }
                let action = command.action(ownNote: current?.authorID == actorID)
                let decision = BoardRules.check(action, role: standing.role, workshop: standing.state,
                                                activity: standing.activity?.kind, activityState: standing.activity?.state)
                guard decision.isAllowed else { throw Refused(decision: decision) }
                var op = try await Self.change(connection, command, current: current, standing: standing,
                                               workshopID: workshopID, actorID: actorID, logger: logger)
                try await Self.append(connection, &op, workshopID: workshopID, ref: ref, logger: logger)
                return op
            }
        } catch let error where error.checkViolation != nil {
            let message: Phrase = error.checkViolation == "board_dots_per_item"
                ? "That note or cluster has as many of your dots as it may take." : "You have placed all your dots."
            throw Refused(decision: .notNow(message))
        }
    }

    struct NoteRow {
        var authorID: Int64
        var bodyVersion: Int
        var bodyBy: Int64
        var placeVersion: Int
        var placeBy: Int64
    }

    static func lockNote(_ connection: PostgresConnection, noteID: Int64, workshopID: Int64,
                         logger: Logger) async throws -> NoteRow? {
        let rows = try await connection.query("""
            SELECT author_id, body_version, body_by, place_version, place_by FROM board_notes
            WHERE id = \(noteID) AND workshop_id = \(workshopID) FOR NO KEY UPDATE
            """, logger: logger)
        for try await r in rows.decode((Int64, Int32, Int64, Int32, Int64).self) {
            return NoteRow(authorID: r.0, bodyVersion: Int(r.1), bodyBy: r.2, placeVersion: Int(r.3), placeBy: r.4)
        }
        return nil
    }

    static let noteColumns = """
        n.id, n.body, n.cluster_id, n.lane, n.author_id, (SELECT name FROM members WHERE id = n.author_id),
        n.body_version, n.place_version, n.decision, n.language
        """

    typealias NoteTuple = (Int64, String, Int64?, String?, Int64, String, Int32, Int32, Bool, String)

    static func note(_ r: NoteTuple) -> BoardNote {
        var note = BoardNote(id: r.0, body: r.1, clusterID: r.2, lane: r.3, authorID: r.4, authorName: r.5,
                             bodyVersion: Int(r.6), placeVersion: Int(r.7), decision: r.8 ? true : nil)
        note.language = r.9
        return note
    }

    static func savedNote(_ rows: PostgresRowSequence) async throws -> BoardNote {
        for try await r in rows.decode(NoteTuple.self) { return note(r) }
        throw StoreError.notFound
    }

    /// Checks that a cluster belongs to the board (nil passes).
    static func checkCluster(_ connection: PostgresConnection, _ clusterID: Int64?, workshopID: Int64,
                             logger: Logger) async throws {
        guard let clusterID else { return }
        let found = try await connection.query("""
            SELECT 1 FROM board_clusters WHERE id = \(clusterID) AND workshop_id = \(workshopID)
            """, logger: logger).first(Int32.self)
        guard found != nil else { throw StoreError.notFound }
    }

    static func change(_ connection: PostgresConnection, _ command: BoardCommand, current: NoteRow?, standing: Standing,
                       workshopID: Int64, actorID: Int64, logger: Logger) async throws -> BoardOp {
        let activityID = standing.activity?.id
        switch command {
        case .addNote(let body, let clusterID, let lane):
            try await checkCluster(connection, clusterID, workshopID: workshopID, logger: logger)
            let note = try await insertNote(connection, body: body, clusterID: clusterID, lane: lane?.rawValue,
                                            decision: false, activityID: activityID, workshopID: workshopID,
                                            actorID: actorID, logger: logger)
            return BoardOp(seq: 0, kind: .noteSaved, actorID: actorID, note: note)
        case .recordDecision(let body):
            let note = try await insertNote(connection, body: body, clusterID: nil, lane: nil, decision: true,
                                            activityID: activityID, workshopID: workshopID, actorID: actorID, logger: logger)
            return BoardOp(seq: 0, kind: .noteSaved, actorID: actorID, note: note)
        case .editNote(let id, let body, let seen):
            let note = try await savedNote(connection.query("""
                WITH n AS (
                    UPDATE board_notes SET body = \(body), body_version = body_version + 1, body_by = \(actorID),
                           updated_at = now()
                    WHERE id = \(id) RETURNING *)
                SELECT \(unescaped: noteColumns) FROM n
                """, logger: logger))
            return BoardOp(seq: 0, kind: .noteSaved, actorID: actorID, note: note,
                           overwrote: overwrite(current, seen: seen, version: \.bodyVersion, by: \.bodyBy, actorID: actorID,
                                                noteID: id, field: "text", name: standing.actorName))
        case .moveNote(let id, let clusterID, let lane, let seen):
            try await checkCluster(connection, clusterID, workshopID: workshopID, logger: logger)
            let note = try await savedNote(connection.query("""
                WITH n AS (
                    UPDATE board_notes SET cluster_id = \(clusterID), lane = coalesce(\(lane?.rawValue), lane),
                           place_version = place_version + 1, place_by = \(actorID), updated_at = now()
                    WHERE id = \(id) RETURNING *)
                SELECT \(unescaped: noteColumns) FROM n
                """, logger: logger))
            return BoardOp(seq: 0, kind: .noteSaved, actorID: actorID, note: note,
                           overwrote: overwrite(current, seen: seen, version: \.placeVersion, by: \.placeBy,
                                                actorID: actorID, noteID: id, field: "place", name: standing.actorName))
        case .deleteNote(let id):
            try await refundDots(connection, target: "note-\(id)", logger: logger)
            try await connection.query("DELETE FROM board_notes WHERE id = \(id)", logger: logger)
            return BoardOp(seq: 0, kind: .noteDeleted, actorID: actorID, noteID: id)
        case .createCluster(let name):
            let rows = try await connection.query("""
                INSERT INTO board_clusters (workshop_id, name) VALUES (\(workshopID), \(name)) RETURNING id
                """, logger: logger)
            guard let id = try await rows.first(Int64.self) else { throw StoreError.notFound }
            return BoardOp(seq: 0, kind: .clusterSaved, actorID: actorID, cluster: BoardCluster(id: id, name: name))
        case .renameCluster(let id, let name):
            let renamed = try await connection.query("""
                UPDATE board_clusters SET name = \(name) WHERE id = \(id) AND workshop_id = \(workshopID) RETURNING 1
                """, logger: logger).first(Int32.self)
            guard renamed != nil else { throw StoreError.notFound }
            return BoardOp(seq: 0, kind: .clusterSaved, actorID: actorID, cluster: BoardCluster(id: id, name: name))
        case .deleteCluster(let id):
            try await checkCluster(connection, id, workshopID: workshopID, logger: logger)
            try await refundDots(connection, target: "cluster-\(id)", logger: logger)
            try await connection.query("DELETE FROM board_clusters WHERE id = \(id)", logger: logger)
            return BoardOp(seq: 0, kind: .clusterDeleted, actorID: actorID, clusterID: id)
        case .placeDot(let target):
            return try await dot(connection, place: true, target: target, standing: standing, workshopID: workshopID,
                                 actorID: actorID, logger: logger)
        case .removeDot(let target):
            return try await dot(connection, place: false, target: target, standing: standing, workshopID: workshopID,
                                 actorID: actorID, logger: logger)
        }
    }

    /// Places or takes back one of the actor's dots during a running dot vote; returns the target's new tally.
    static func dot(_ connection: PostgresConnection, place: Bool, target: String, standing: Standing, workshopID: Int64,
                    actorID: Int64, logger: Logger) async throws -> BoardOp {
        guard let activity = standing.activity, activity.kind == .dotVote else {
            throw Refused(decision: .notNow("Dots are placed during a running dot vote."))
        }
        try await checkTarget(connection, target, workshopID: workshopID, logger: logger)
        if place {
            try await connection.query("""
                INSERT INTO board_dots (activity_id, member_id, target, count, max_count)
                VALUES (\(activity.id), \(actorID), \(target), 1, \(Int32(activity.maxDotsPerItem)))
                ON CONFLICT (activity_id, member_id, target) DO UPDATE SET count = board_dots.count + 1
                """, logger: logger)
            try await connection.query("""
                INSERT INTO board_dot_budgets (activity_id, member_id, spent, budget)
                VALUES (\(activity.id), \(actorID), 1, \(Int32(activity.dotsPerParticipant)))
                ON CONFLICT (activity_id, member_id) DO UPDATE SET spent = board_dot_budgets.spent + 1
                """, logger: logger)
        } else {
            let taken = try await connection.query("""
                UPDATE board_dots SET count = count - 1
                WHERE activity_id = \(activity.id) AND member_id = \(actorID) AND target = \(target) AND count > 0
                RETURNING 1
                """, logger: logger).first(Int32.self)
            guard taken != nil else { throw Refused(decision: .notNow("You have no dot there to take back.")) }
            try await connection.query("""
                UPDATE board_dot_budgets SET spent = spent - 1 WHERE activity_id = \(activity.id) AND member_id = \(actorID)
                """, logger: logger)
        }
        let rows = try await connection.query("""
            SELECT coalesce(sum(count), 0)::int8, coalesce(sum(count) FILTER (WHERE member_id = \(actorID)), 0)::int8
            FROM board_dots WHERE activity_id = \(activity.id) AND target = \(target)
            """, logger: logger)
        var tally = DotTally(activityID: activity.id, target: target, total: 0, memberID: actorID, mine: 0)
        for try await (total, mine) in rows.decode((Int64, Int64).self) {
            tally.total = Int(total)
            tally.mine = Int(mine)
        }
        return BoardOp(seq: 0, kind: .dots, actorID: actorID, dots: tally)
    }

    static func insertNote(_ connection: PostgresConnection, body: String, clusterID: Int64?, lane: String?,
                           decision: Bool, activityID: Int64?, workshopID: Int64, actorID: Int64,
                           logger: Logger) async throws -> BoardNote {
        try await savedNote(connection.query("""
            WITH n AS (
                INSERT INTO board_notes (workshop_id, activity_id, author_id, body, cluster_id, lane, body_by, place_by,
                                         decision)
                VALUES (\(workshopID), \(activityID), \(actorID), \(body), \(clusterID), \(lane), \(actorID),
                        \(actorID), \(decision))
                RETURNING *)
            SELECT \(unescaped: noteColumns) FROM n
            """, logger: logger))
    }

    /// The writer a change replaces without having seen it: told, unless it was the actor's own earlier change.
    static func overwrite(_ current: NoteRow?, seen: Int?, version: KeyPath<NoteRow, Int>, by: KeyPath<NoteRow, Int64>,
                          actorID: Int64, noteID: Int64, field: String, name: String) -> [Overwrite]? {
        guard let current, let seen, seen < current[keyPath: version], current[keyPath: by] != actorID else { return nil }
        return [Overwrite(memberID: current[keyPath: by], noteID: noteID, field: field, byName: name)]
    }

    static func checkTarget(_ connection: PostgresConnection, _ target: String, workshopID: Int64,
                            logger: Logger) async throws {
        guard let parsed = BoardTarget(target) else { throw StoreError.notFound }
        let id = parsed.id
        let found = parsed.isNote
            ? try await connection.query("SELECT 1 FROM board_notes WHERE id = \(id) AND workshop_id = \(workshopID)",
                                         logger: logger).first(Int32.self)
            : try await connection.query("SELECT 1 FROM board_clusters WHERE id = \(id) AND workshop_id = \(workshopID)",
                                         logger: logger).first(Int32.self)
        guard found != nil else { throw StoreError.notFound }
    }

    /// Gives back the dots placed on a note or cluster that goes away.
    static func refundDots(_ connection: PostgresConnection, target: String, logger: Logger) async throws {
        try await connection.query("""
            WITH gone AS (DELETE FROM board_dots WHERE target = \(target) RETURNING activity_id, member_id, count)
            UPDATE board_dot_budgets b SET spent = b.spent - g.count
            FROM (SELECT activity_id, member_id, sum(count)::int AS count FROM gone GROUP BY 1, 2) g
            WHERE b.activity_id = g.activity_id AND b.member_id = g.member_id
            """, logger: logger)
    }

    /// Numbers the operation in the board's sequence, appends it and notifies listeners (at commit), in one
    /// statement. The caller holds the workshop row's lock, so numbers follow commit order without gaps. The
    /// notification carries the operation itself while it fits PostgreSQL's payload limit (8,000 bytes), so a hub
    /// that is up to date hands it on without reading it back; a longer one is announced by number only.
    static func append(_ connection: PostgresConnection, _ op: inout BoardOp, workshopID: Int64, ref: String? = nil,
                       logger: Logger) async throws {
        let payload = String(decoding: try JSONEncoder().encode(op), as: UTF8.self)
        let seq = try await connection.query("""
            WITH s AS (UPDATE workshops SET board_seq = board_seq + 1,
                              agenda_seq = CASE WHEN \(op.kind == .agenda) THEN board_seq + 1 ELSE agenda_seq END
                       WHERE id = \(workshopID) RETURNING board_seq),
                 o AS (INSERT INTO board_ops (workshop_id, seq, kind, actor_id, payload, client_ref)
                       SELECT \(workshopID), s.board_seq, \(op.kind.rawValue), \(op.actorID),
                              jsonb_set(\(payload)::jsonb, '{seq}', to_jsonb(s.board_seq)), \(ref)
                       FROM s RETURNING seq, payload::text AS json)
            SELECT o.seq FROM o, LATERAL pg_notify(\(channel), \(workshopID) || ':' || o.seq ||
                CASE WHEN octet_length(o.json) <= \(Self.maxNotifiedBytes) THEN ':' || o.json ELSE '' END) n
            """, logger: logger).first(Int64.self)
        guard let seq else { throw StoreError.notFound }
        op.seq = seq
    }

    /// The longest operation a notification carries (PostgreSQL's payload limit is 8,000 bytes, less the prefix).
    public static let maxNotifiedBytes = 7900
}
