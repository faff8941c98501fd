import EyrieCore
import Foundation
import PostgresNIO

/// A workshop's agenda: ordered, time-boxed activities, and the facilitator's clock commands. Every change locks the
/// workshop row first and appends an `agenda` operation to the board (with the whole agenda), so every participant's
/// countdown follows the same end time.
public struct AgendaRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    static let columns = """
        id, position, kind, title, prompt, minutes, dots_per_participant, max_dots_per_item, state, ends_at, seconds_left
        """

    static func activities(_ rows: PostgresRowSequence) async throws -> [Activity] {
        var list: [Activity] = []
        for try await row in rows {
            var r = RowReader(row)
            let (id, position, kind, title, prompt) = try (r.next(Int64.self), r.next(Int32.self), r.next(String.self),
                                                           r.next(String.self), r.next(String.self))
            let (minutes, dotsPer, maxPerItem) = try (r.next(Int32.self), r.next(Int32.self), r.next(Int32.self))
            let (state, endsAt, secondsLeft) = try (r.next(String.self), r.next(Date?.self), r.next(Int32?.self))
            list.append(Activity(id: id, position: Int(position), kind: ActivityKind(rawValue: kind) ?? .brainstorm,
                                 title: title, prompt: prompt, minutes: Int(minutes), dotsPerParticipant: Int(dotsPer),
                                 maxDotsPerItem: Int(maxPerItem), state: ActivityState(rawValue: state) ?? .pending,
                                 endsAt: endsAt, secondsLeft: secondsLeft.map(Int.init)))
        }
        return list
    }

    public func list(workshopID: Int64) async throws -> [Activity] {
        try await Self.activities(db.client.query("""
            SELECT \(unescaped: Self.columns) FROM workshop_activities WHERE workshop_id = \(workshopID) ORDER BY position, id
            """, logger: db.logger))
    }

    static func list(_ connection: PostgresConnection, workshopID: Int64, logger: Logger) async throws -> [Activity] {
        try await activities(connection.query("""
            SELECT \(unescaped: columns) FROM workshop_activities WHERE workshop_id = \(workshopID) ORDER BY position, id
            """, logger: logger))
    }

    /// Locks the workshop and checks its state; then runs `body` and appends the new agenda to the board.
    func changing(workshopID: Int64, actorID: Int64, allowed: Set<WorkshopState>,
                  _ body: @Sendable @escaping (PostgresConnection) async throws -> Void) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            let (state, _, _) = try await RegistrationRepository.lock(connection, workshopID: workshopID, logger: logger)
            guard allowed.contains(state) else { throw StoreError.conflict("state") }
            try await body(connection)
            var op = BoardOp(seq: 0, kind: .agenda, actorID: actorID,
                             agenda: try await Self.list(connection, workshopID: workshopID, logger: logger).map(AgendaItem.init))
            try await BoardRepository.append(connection, &op, workshopID: workshopID, logger: logger)
        }
    }

    static let editable: Set<WorkshopState> = [.draft, .scheduled, .running]

    /// Adds an activity at the end of the agenda.
    public func add(_ draft: ActivityDraft, workshopID: Int64, actorID: Int64) async throws {
        try await changing(workshopID: workshopID, actorID: actorID, allowed: Self.editable) { connection in
            try await connection.query("""
                INSERT INTO workshop_activities (workshop_id, position, kind, title, prompt, minutes, dots_per_participant,
                                                 max_dots_per_item)
                SELECT \(workshopID), coalesce(max(position), 0) + 1, \(draft.kind.rawValue), \(draft.title), \(draft.prompt),
                       \(Int32(draft.minutes)), \(Int32(draft.dotsPerParticipant)), \(Int32(draft.maxDotsPerItem))
                FROM workshop_activities WHERE workshop_id = \(workshopID)
                """, logger: db.logger)
        }
    }

    /// Moves a not-yet-started activity one place up (-1) or down (+1).
    public func move(activityID: Int64, by step: Int, workshopID: Int64, actorID: Int64) async throws {
        try await changing(workshopID: workshopID, actorID: actorID, allowed: Self.editable) { connection in
            let logger = db.logger
            let list = try await Self.list(connection, workshopID: workshopID, logger: logger)
            guard let i = list.firstIndex(where: { $0.id == activityID }) else { throw StoreError.notFound }
            let j = i + (step < 0 ? -1 : 1)
            guard list.indices.contains(j) else { return }
            let (a, b) = (list[i], list[j])
            try await connection.query("""
                UPDATE workshop_activities SET position = CASE id WHEN \(a.id) THEN \(Int32(b.position)) ELSE \(Int32(a.position)) END
                WHERE id IN (\(a.id), \(b.id))
                """, logger: logger)
        }
    }

    /// Removes an activity that has not started (and has no notes or dots yet).
    public func delete(activityID: Int64, workshopID: Int64, actorID: Int64) async throws {
        try await changing(workshopID: workshopID, actorID: actorID, allowed: Self.editable) { connection in
            let deleted = try await connection.query("""
                DELETE FROM workshop_activities WHERE id = \(activityID) AND workshop_id = \(workshopID) AND state = 'pending'
                RETURNING 1
                """, logger: db.logger).first(Int32.self)
            guard deleted != nil else { throw StoreError.conflict("started") }
        }
    }

    /// Starts, pauses, resumes, extends or finishes an activity (`ActivityClock`); starting one finishes the one that
    /// ran before. `conflict("clock")` when the command does not apply to the activity's state now.
    public func clock(_ command: ClockCommand, activityID: Int64, workshopID: Int64, actorID: Int64,
                      now: Date = Date()) async throws {
        try await changing(workshopID: workshopID, actorID: actorID, allowed: [.running]) { connection in
            let logger = db.logger
            let list = try await Self.list(connection, workshopID: workshopID, logger: logger)
            guard let activity = list.first(where: { $0.id == activityID }) else { throw StoreError.notFound }
            guard let result = ActivityClock.apply(command, to: activity, now: now) else { throw StoreError.conflict("clock") }
            if command == .start {
                try await connection.query("""
                    UPDATE workshop_activities SET state = 'done', ends_at = NULL, seconds_left = NULL
                    WHERE workshop_id = \(workshopID) AND state IN ('running', 'paused')
                    """, logger: logger)
            }
            try await connection.query("""
                UPDATE workshop_activities SET state = \(result.state.rawValue), ends_at = \(result.endsAt),
                       seconds_left = \(result.secondsLeft.map(Int32.init))
                WHERE id = \(activityID)
                """, logger: logger)
        }
    }

    /// Finishes the running activity and starts the next one not yet started.
    public func advance(workshopID: Int64, actorID: Int64, now: Date = Date()) async throws {
        try await changing(workshopID: workshopID, actorID: actorID, allowed: [.running]) { connection in
            let logger = db.logger
            let list = try await Self.list(connection, workshopID: workshopID, logger: logger)
            try await connection.query("""
                UPDATE workshop_activities SET state = 'done', ends_at = NULL, seconds_left = NULL
                WHERE workshop_id = \(workshopID) AND state IN ('running', 'paused')
                """, logger: logger)
            guard let next = list.first(where: { $0.state == .pending }),
                  let result = ActivityClock.apply(.start, to: next, now: now) else { return }
            try await connection.query("""
                UPDATE workshop_activities SET state = \(result.state.rawValue), ends_at = \(result.endsAt)
                WHERE id = \(next.id)
                """, logger: logger)
        }
    }
}
