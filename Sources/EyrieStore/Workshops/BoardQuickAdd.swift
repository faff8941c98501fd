import EyrieCore
import Foundation
import PostgresNIO

/// The board's busiest change, a new note (or a decision), in one statement: a brainstorm of 200 people adds
/// hundreds a minute, and a change that holds the workshop's row over several round trips makes every other writer
/// of the board queue behind it. The actor's standing is read without a lock and the rules decided on it; the
/// statement then numbers, inserts, appends and notifies only if that standing still holds, holding the row for its
/// own execution alone: the workshop's state and the number of its latest agenda operation, both on the row itself
/// (re-read when the statement had to wait for the row), and the actor's role. When anything changed, the cluster
/// is gone, or the rules say no, the change goes the locked way (`apply`), which decides under the lock.
extension BoardRepository {
    func quickAdd(_ command: BoardCommand, workshopID: Int64, actorID: Int64, ref: String? = nil) async throws -> BoardOp? {
        let (body, clusterID, lane, decision): (String, Int64?, BlueprintLane?, Bool)
        switch command {
        case .addNote(let b, let c, let l): (body, clusterID, lane, decision) = (b, c, l, false)
        case .recordDecision(let b): (body, clusterID, lane, decision) = (b, nil, nil, true)
        default: return nil
        }
        let standing = try await db.client.withConnection {
            try await Self.standing($0, workshopID: workshopID, actorID: actorID, locking: false, logger: db.logger)
        }
        let rule = BoardRules.check(command.action(ownNote: false), role: standing.role, workshop: standing.state,
                                    activity: standing.activity?.kind, activityState: standing.activity?.state)
        guard rule.isAllowed else { return nil }
        var op = BoardOp(seq: 0, kind: .noteSaved, actorID: actorID,
                         note: BoardNote(id: 0, body: body, clusterID: clusterID, lane: lane?.rawValue, authorID: actorID,
                                         authorName: standing.actorName, bodyVersion: 1, placeVersion: 1,
                                         decision: decision ? true : nil))
        let payload = String(decoding: try JSONEncoder().encode(op), as: UTF8.self)
        let kind = op.kind.rawValue
        let rows: [(Int64, Int64, String)]
        do {
            rows = try await db.retrying {
            try await db.client.query("""
                WITH s AS (
                    UPDATE workshops w SET board_seq = board_seq + 1
                    WHERE w.id = \(workshopID) AND w.state = \(standing.state.rawValue) AND w.agenda_seq = \(standing.agendaSeq)
                      AND (SELECT \(unescaped: Self.roleSQL) FROM members m
                           LEFT JOIN memberships ms ON ms.community_id = w.community_id AND ms.member_id = m.id
                                AND ms.status = 'active'
                           WHERE m.id = \(actorID)) = \(standing.role.rawValue)
                      AND (\(clusterID)::int8 IS NULL OR EXISTS (
                           SELECT 1 FROM board_clusters c WHERE c.id = \(clusterID) AND c.workshop_id = w.id))
                    RETURNING w.board_seq),
                n AS (
                    INSERT INTO board_notes (workshop_id, activity_id, author_id, body, cluster_id, lane, body_by, place_by,
                                             decision)
                    SELECT \(workshopID), \(standing.activity?.id), \(actorID), \(body), \(clusterID), \(lane?.rawValue),
                           \(actorID), \(actorID), \(decision)
                    FROM s RETURNING id, language),
                o AS (
                    INSERT INTO board_ops (workshop_id, seq, kind, actor_id, payload, client_ref)
                    SELECT \(workshopID), s.board_seq, \(kind), \(actorID),
                           jsonb_set(jsonb_set(jsonb_set(\(payload)::jsonb, '{seq}', to_jsonb(s.board_seq)), '{note,id}',
                                               to_jsonb(n.id)), '{note,language}', to_jsonb(n.language)), \(ref)
                    FROM s, n RETURNING seq, payload::text AS json)
                SELECT o.seq, n.id, n.language FROM o, n, LATERAL pg_notify(\(Self.channel), \(workshopID) || ':' || o.seq ||
                    CASE WHEN octet_length(o.json) <= \(Self.maxNotifiedBytes) THEN ':' || o.json ELSE '' END) x
                """, logger: db.logger).decode((Int64, Int64, String).self).reduce(into: [(Int64, Int64, String)]()) { $0.append($1) }
            }
        } catch let error where error.foreignKeyViolation != nil {
            return nil  // the cluster went away meanwhile: the locked way says so
        }
        guard let (seq, noteID, language) = rows.first else { return nil }
        op.seq = seq
        op.note?.id = noteID
        op.note?.language = language
        return op
    }
}
