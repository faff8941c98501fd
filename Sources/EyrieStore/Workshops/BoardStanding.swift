import EyrieCore
import Foundation
import PostgresNIO

extension BoardRepository {
    /// Who the actor is on this board and what runs, read under the workshop's lock.
    struct Standing {
        var state: WorkshopState
        /// The sequence number of the board's latest agenda operation, as read (see `quickAdd`).
        var agendaSeq: Int64
        var role: BoardRules.Role
        var actorName: String
        var activity: Activity?
    }

    /// The actor's role on the board (`facilitator`, `participant` or `viewer`), over `workshops w`, `members m` and
    /// their active membership `ms`.
    static let roleSQL = """
        CASE WHEN m.is_admin OR coalesce(ms.role = 'steward', false) OR (ms.role IS NOT NULL AND EXISTS (
                      SELECT 1 FROM workshop_facilitators f WHERE f.workshop_id = w.id AND f.member_id = m.id))
                  THEN 'facilitator'
             WHEN ms.role IS NOT NULL AND EXISTS (
                      SELECT 1 FROM workshop_registrations r
                      WHERE r.workshop_id = w.id AND r.member_id = m.id AND r.status = 'registered')
                  THEN 'participant'
             ELSE 'viewer' END
        """

    /// Who the actor is and what runs. With `locking`, the workshop's row is locked first, in a statement of its
    /// own, so that the standing is read after any change that held the row (a statement that waits for a row
    /// lock sees that row's new version, but not the new rows of other tables, such as the activity that started).
    static func standing(_ connection: PostgresConnection, workshopID: Int64, actorID: Int64, locking: Bool = true,
                         logger: Logger) async throws -> Standing {
        if locking {
            let found = try await connection.query("""
                SELECT 1 FROM workshops WHERE id = \(workshopID) FOR NO KEY UPDATE
                """, logger: logger).first(Int32.self)
            guard found != nil else { throw StoreError.notFound }
        }
        let rows = try await connection.query("""
            SELECT w.state, w.agenda_seq, m.name, \(unescaped: roleSQL),
                   a.id, a.position, a.kind, a.title, a.prompt, a.minutes, a.dots_per_participant, a.max_dots_per_item,
                   a.state, a.ends_at, a.seconds_left
            FROM workshops w JOIN members m ON m.id = \(actorID)
            LEFT JOIN memberships ms ON ms.community_id = w.community_id AND ms.member_id = m.id AND ms.status = 'active'
            LEFT JOIN workshop_activities a ON a.workshop_id = w.id AND a.state IN ('running', 'paused')
            WHERE w.id = \(workshopID)
            """, logger: logger)
        for try await row in rows {
            var r = RowReader(row)
            let (state, agendaSeq, actorName, role) = try (r.next(String.self), r.next(Int64.self), r.next(String.self),
                                                           r.next(String.self))
            // The running activity, if any (all NULL otherwise).
            let (id, position, kind, title, prompt) = try (r.next(Int64?.self), r.next(Int32?.self), r.next(String?.self),
                                                           r.next(String?.self), r.next(String?.self))
            let (minutes, dotsPer, maxPerItem) = try (r.next(Int32?.self), r.next(Int32?.self), r.next(Int32?.self))
            let (activityState, endsAt, secondsLeft) = try (r.next(String?.self), r.next(Date?.self), r.next(Int32?.self))
            var activity: Activity?
            if let id, let kind = kind.flatMap(ActivityKind.init(rawValue:)) {
                activity = Activity(id: id, position: Int(position ?? 0), kind: kind, title: title ?? "", prompt: prompt ?? "",
                                    minutes: Int(minutes ?? 1), dotsPerParticipant: Int(dotsPer ?? 5),
                                    maxDotsPerItem: Int(maxPerItem ?? 3),
                                    state: ActivityState(rawValue: activityState ?? "") ?? .pending,
                                    endsAt: endsAt, secondsLeft: secondsLeft.map(Int.init))
            }
            return Standing(state: WorkshopState(rawValue: state) ?? .draft, agendaSeq: agendaSeq,
                            role: BoardRules.Role(rawValue: role) ?? .viewer, actorName: actorName, activity: activity)
        }
        throw StoreError.notFound
    }
}
