import EyrieCore
import Foundation
import PostgresNIO

/// Seats in workshops: registering, the waiting list, giving a seat back, attendance. Every change locks the
/// workshop row first (`FOR NO KEY UPDATE`), so seat counts move one registration at a time; the `workshop_full`
/// CHECK is the capacity's last word whatever happens above it.
public struct RegistrationRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Asks for a seat: a seat while there is one, else the back of the waiting list. Asking again while seated or
    /// waiting changes nothing (a double click). Throws `conflict("state")` when the workshop no longer takes
    /// registrations, `notFound` when there is no such workshop.
    @discardableResult
    public func register(workshopID: Int64, memberID: Int64) async throws -> RegistrationStatus {
        try await db.transaction { connection in
            let logger = db.logger
            let (state, capacity, seats) = try await Self.lock(connection, workshopID: workshopID, logger: logger)
            guard state.takesRegistrations else { throw StoreError.conflict("state") }
            let existing = try await connection.query("""
                SELECT status FROM workshop_registrations
                WHERE workshop_id = \(workshopID) AND member_id = \(memberID)
                """, logger: logger).first(String.self).flatMap(RegistrationStatus.init(rawValue:))
            if let existing, existing != .cancelled { return existing }
            let status = WaitingList.placement(capacity: capacity, seatsTaken: seats)
            try await connection.query("""
                INSERT INTO workshop_registrations (workshop_id, member_id, status)
                VALUES (\(workshopID), \(memberID), \(status.rawValue))
                ON CONFLICT (workshop_id, member_id) DO UPDATE
                SET status = EXCLUDED.status, queue_number = nextval('workshop_queue'), attended = NULL,
                    registered_at = now(), updated_at = now()
                """, logger: logger)
            try await connection.query("""
                UPDATE workshops SET seats_taken = seats_taken + \(status == .registered ? 1 : 0),
                       waiting = waiting + \(status == .waiting ? 1 : 0)
                WHERE id = \(workshopID)
                """, logger: logger)
            try await connection.query("""
                INSERT INTO workshop_events (workshop_id, actor_id, member_id, kind)
                VALUES (\(workshopID), \(memberID), \(memberID), \(status == .registered ? "registered" : "waitlisted"))
                """, logger: logger)
            return status
        }
    }

    /// Gives the member's seat (or place in the queue) back; a freed seat goes to the first on the waiting list.
    /// Returns false when they had neither.
    @discardableResult
    public func withdraw(workshopID: Int64, memberID: Int64) async throws -> Bool {
        try await db.transaction { connection in
            let logger = db.logger
            let (state, _, _) = try await Self.lock(connection, workshopID: workshopID, logger: logger)
            guard state.takesRegistrations else { throw StoreError.conflict("state") }
            let previous = try await connection.query("""
                WITH mine AS (
                    SELECT status FROM workshop_registrations
                    WHERE workshop_id = \(workshopID) AND member_id = \(memberID) AND status <> 'cancelled'
                    FOR NO KEY UPDATE)
                UPDATE workshop_registrations r SET status = 'cancelled', updated_at = now() FROM mine
                WHERE r.workshop_id = \(workshopID) AND r.member_id = \(memberID)
                RETURNING mine.status
                """, logger: logger).first(String.self).flatMap(RegistrationStatus.init(rawValue:))
            guard let previous else { return false }
            try await BoardRepository.accessLost(connection, memberID: memberID, logger: logger)
            try await connection.query("""
                UPDATE workshops SET seats_taken = seats_taken - \(previous == .registered ? 1 : 0),
                       waiting = waiting - \(previous == .waiting ? 1 : 0)
                WHERE id = \(workshopID)
                """, logger: logger)
            try await connection.query("""
                INSERT INTO workshop_events (workshop_id, actor_id, member_id, kind)
                VALUES (\(workshopID), \(memberID), \(memberID), 'withdrew')
                """, logger: logger)
            try await Self.seatWaitingList(connection, workshopID: workshopID, actorID: nil, logger: logger)
            return true
        }
    }

    /// The workshop's state, capacity and seats taken, its row locked for the rest of the transaction.
    static func lock(_ connection: PostgresConnection, workshopID: Int64,
                     logger: Logger) async throws -> (WorkshopState, Int, Int) {
        let rows = try await connection.query("""
            SELECT state, capacity, seats_taken FROM workshops WHERE id = \(workshopID) FOR NO KEY UPDATE
            """, logger: logger)
        for try await (state, capacity, seats) in rows.decode((String, Int32, Int32).self) {
            return (WorkshopState(rawValue: state) ?? .draft, Int(capacity), Int(seats))
        }
        throw StoreError.notFound
    }

    /// Gives free seats to the waiting list in queue order (`WaitingList.promotions`). The caller holds the
    /// workshop's lock.
    static func seatWaitingList(_ connection: PostgresConnection, workshopID: Int64, actorID: Int64?,
                                logger: Logger) async throws {
        let rows = try await connection.query("""
            SELECT w.capacity - w.seats_taken, r.member_id
            FROM workshops w LEFT JOIN LATERAL (
                SELECT member_id FROM workshop_registrations
                WHERE workshop_id = w.id AND status = 'waiting' ORDER BY queue_number
                LIMIT greatest(w.capacity - w.seats_taken, 0)) r ON true
            WHERE w.id = \(workshopID)
            """, logger: logger)
        var free = 0
        var queue: [Int64] = []
        for try await (seats, member) in rows.decode((Int32, Int64?).self) {
            free = Int(seats)
            if let member { queue.append(member) }
        }
        let promoted = WaitingList.promotions(freeSeats: free, queue: queue)
        guard !promoted.isEmpty else { return }
        try await connection.query("""
            UPDATE workshop_registrations SET status = 'registered', updated_at = now()
            WHERE workshop_id = \(workshopID) AND member_id = ANY(\(promoted)) AND status = 'waiting'
            """, logger: logger)
        try await connection.query("""
            UPDATE workshops SET seats_taken = seats_taken + \(Int32(promoted.count)),
                   waiting = waiting - \(Int32(promoted.count))
            WHERE id = \(workshopID)
            """, logger: logger)
        try await connection.query("""
            INSERT INTO workshop_events (workshop_id, actor_id, member_id, kind)
            SELECT \(workshopID), \(actorID), unnest(\(promoted)), 'promoted'
            """, logger: logger)
    }

    /// Everyone seated or waiting (waiting list in order), with attendance as marked.
    public func participants(workshopID: Int64) async throws -> [Registration] {
        let rows = try await db.client.query("""
            SELECT m.id, m.name, o.name, r.status,
                   CASE WHEN r.status = 'waiting'
                        THEN row_number() OVER (PARTITION BY r.status ORDER BY r.queue_number) END,
                   r.attended
            FROM workshop_registrations r JOIN members m ON m.id = r.member_id
            JOIN organisations o ON o.id = m.organisation_id
            WHERE r.workshop_id = \(workshopID) AND r.status <> 'cancelled'
            ORDER BY r.status = 'waiting', r.queue_number
            """, logger: db.logger)
        var list: [Registration] = []
        for try await r in rows.decode((Int64, String, String, String, Int64?, Bool?).self) {
            list.append(Registration(memberID: r.0, memberName: r.1, organisationName: r.2,
                                     status: RegistrationStatus(rawValue: r.3) ?? .registered,
                                     waitingPosition: r.4.map(Int.init), attended: r.5))
        }
        return list
    }

    /// Marks who came (true), who did not (false) and whom nobody knows about (nil), in one statement: the seats'
    /// rows are locked in member order, so two facilitators saving at once wait for each other rather than deadlock.
    /// Returns the members whose mark was written; people without a seat are left out.
    @discardableResult
    public func markAttendance(workshopID: Int64, marks: [Int64: Bool?]) async throws -> Set<Int64> {
        let ordered = marks.keys.sorted()
        let states = ordered.map { id -> String in
            switch marks[id] ?? nil { case true?: "yes"; case false?: "no"; case nil: "unknown" }
        }
        return try await db.retrying {
            var written: Set<Int64> = []
            let rows = try await db.client.query("""
            WITH marks AS (SELECT * FROM unnest(\(ordered)::int8[], \(states)::text[]) AS m(member_id, state)),
            seats AS (
                SELECT r.member_id FROM workshop_registrations r JOIN marks m ON m.member_id = r.member_id
                WHERE r.workshop_id = \(workshopID) AND r.status = 'registered'
                ORDER BY r.member_id FOR NO KEY UPDATE OF r)
            UPDATE workshop_registrations r
            SET attended = CASE m.state WHEN 'yes' THEN true WHEN 'no' THEN false END, updated_at = now()
            FROM marks m JOIN seats s ON s.member_id = m.member_id
            WHERE r.workshop_id = \(workshopID) AND r.member_id = m.member_id
            RETURNING r.member_id
            """, logger: db.logger)
            for try await id in rows.decode(Int64.self) { written.insert(id) }
            return written
        }
    }
}
