import EyrieCore
import Foundation
import PostgresNIO

/// Workshops: scheduling, details, facilitators, the ideas they work on, and their state moves.
///
/// Locks: a workshop's own row first (`FOR NO KEY UPDATE`: its state, capacity and seat counters), then its
/// registrations, its activities, and last its history (insert-only); see `Database`.
public struct WorkshopRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    static let columns = """
        w.id, w.community_id, w.challenge_id, ch.title, w.title, w.purpose, w.starts_at, w.ends_at, w.time_zone, w.place,
        w.call_link, w.capacity, w.seats_taken, w.waiting, w.state, w.cancel_reason, w.sequence, w.created_at, w.updated_at
        """
    static let from = "workshops w LEFT JOIN challenges ch ON ch.id = w.challenge_id"
    /// A workshop from `columns`, read in their order.
    static func workshop(_ r: inout RowReader) throws -> Workshop {
        let (id, communityID, challengeID, challengeTitle) = try (r.next(Int64.self), r.next(Int64.self), r.next(Int64?.self),
                                                                  r.next(String?.self))
        let (title, purpose, startsAt, endsAt) = try (r.next(String.self), r.next(String.self), r.next(Date.self),
                                                      r.next(Date.self))
        let (timeZone, place, callLink) = try (r.next(String.self), r.next(String.self), r.next(String.self))
        let (capacity, seatsTaken, waiting) = try (r.next(Int32.self), r.next(Int32.self), r.next(Int32.self))
        let (state, cancelReason, sequence, createdAt, updatedAt) = try (r.next(String.self), r.next(String?.self),
                                                                         r.next(Int32.self), r.next(Date.self),
                                                                         r.next(Date.self))
        return Workshop(id: id, communityID: communityID, challengeID: challengeID, challengeTitle: challengeTitle,
                        title: title, purpose: purpose, startsAt: startsAt, endsAt: endsAt, timeZone: timeZone,
                        place: place, callLink: callLink, capacity: Int(capacity), seatsTaken: Int(seatsTaken),
                        waiting: Int(waiting), state: WorkshopState(rawValue: state) ?? .draft, cancelReason: cancelReason,
                        sequence: Int(sequence), createdAt: createdAt, updatedAt: updatedAt)
    }

    static func collect(_ rows: PostgresRowSequence) async throws -> [Workshop] {
        var list: [Workshop] = []
        for try await row in rows {
            var reader = RowReader(row)
            list.append(try workshop(&reader))
        }
        return list
    }

    /// Schedules a new workshop (as a draft). Throws `conflict("challenge")`, `conflict("ideas")` or
    /// `conflict("facilitators")` when one of them is not part of the community (an idea must be public and, for a
    /// challenge's workshop, of that challenge; a facilitator an active facilitator or steward of the community).
    public func create(_ draft: WorkshopDraft, communityID: Int64, createdBy: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let logger = db.logger
            let id = try await connection.query("""
                INSERT INTO workshops (community_id, challenge_id, title, purpose, starts_at, ends_at, time_zone, place,
                                       call_link, capacity, created_by)
                SELECT \(communityID), \(draft.challengeID)::int8, \(draft.title), \(draft.purpose), \(draft.startsAt),
                       \(draft.endsAt), \(draft.timeZone), \(draft.place), \(draft.callLink), \(Int32(draft.capacity)),
                       \(createdBy)
                WHERE \(draft.challengeID)::int8 IS NULL
                   OR EXISTS (SELECT 1 FROM challenges WHERE id = \(draft.challengeID) AND community_id = \(communityID))
                RETURNING id
                """, logger: logger).first(Int64.self)
            guard let id else { throw StoreError.conflict("challenge") }
            try await Self.link(connection, workshopID: id, draft: draft, communityID: communityID, logger: logger)
            try await connection.query("""
                INSERT INTO workshop_events (workshop_id, actor_id, kind) VALUES (\(id), \(createdBy), 'created')
                """, logger: logger)
            return id
        }
    }

    /// Changes the details. Moving the time or the place raises the calendar sequence; lowering the capacity below
    /// the seats taken throws `conflict("capacity")`; raising it seats the waiting list in order.
    public func update(id: Int64, _ draft: WorkshopDraft, communityID: Int64, actorID: Int64) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            let current = try await connection.query("""
                SELECT state, seats_taken FROM workshops WHERE id = \(id) AND community_id = \(communityID) FOR NO KEY UPDATE
                """, logger: logger)
            var found: (String, Int32)?
            for try await r in current.decode((String, Int32).self) { found = r }
            guard let (state, seats) = found else { throw StoreError.notFound }
            guard WorkshopState(rawValue: state)?.isEditable == true else { throw StoreError.conflict("state") }
            guard draft.capacity >= seats else { throw StoreError.conflict("capacity") }
            let updated = try await connection.query("""
                UPDATE workshops SET challenge_id = \(draft.challengeID)::int8, title = \(draft.title), purpose = \(draft.purpose),
                       sequence = sequence + CASE WHEN starts_at <> \(draft.startsAt) OR ends_at <> \(draft.endsAt)
                                  OR place <> \(draft.place) OR call_link <> \(draft.callLink) THEN 1 ELSE 0 END,
                       starts_at = \(draft.startsAt), ends_at = \(draft.endsAt), time_zone = \(draft.timeZone),
                       place = \(draft.place), call_link = \(draft.callLink), capacity = \(Int32(draft.capacity)),
                       updated_at = now()
                WHERE id = \(id) AND (\(draft.challengeID)::int8 IS NULL
                   OR EXISTS (SELECT 1 FROM challenges WHERE id = \(draft.challengeID) AND community_id = \(communityID)))
                RETURNING 1
                """, logger: logger).first(Int32.self)
            guard updated != nil else { throw StoreError.conflict("challenge") }
            try await connection.query("DELETE FROM workshop_ideas WHERE workshop_id = \(id)", logger: logger)
            try await connection.query("DELETE FROM workshop_facilitators WHERE workshop_id = \(id)", logger: logger)
            try await Self.link(connection, workshopID: id, draft: draft, communityID: communityID, logger: logger)
            try await RegistrationRepository.seatWaitingList(connection, workshopID: id, actorID: actorID, logger: logger)
            try await connection.query("""
                INSERT INTO workshop_events (workshop_id, actor_id, kind) VALUES (\(id), \(actorID), 'edited')
                """, logger: logger)
        }
    }

    /// Links the chosen ideas and facilitators, refusing any that do not belong.
    static func link(_ connection: PostgresConnection, workshopID: Int64, draft: WorkshopDraft, communityID: Int64,
                     logger: Logger) async throws {
        let ideas = try await connection.query("""
            INSERT INTO workshop_ideas (workshop_id, idea_id)
            SELECT \(workshopID), i.id FROM ideas i
            WHERE i.id = ANY(\(draft.ideaIDs)) AND i.community_id = \(communityID)
              AND (\(draft.challengeID)::int8 IS NULL OR i.challenge_id = \(draft.challengeID))
              AND idea_is_public(i.state, i.hidden_reason, i.awaiting_approval)
            RETURNING 1
            """, logger: logger)
        var linked = 0
        for try await _ in ideas { linked += 1 }
        guard linked == draft.ideaIDs.count else { throw StoreError.conflict("ideas") }
        let people = try await connection.query("""
            INSERT INTO workshop_facilitators (workshop_id, member_id)
            SELECT \(workshopID), member_id FROM memberships
            WHERE community_id = \(communityID) AND member_id = ANY(\(draft.facilitatorIDs)) AND status = 'active'
              AND role IN ('facilitator', 'steward')
            RETURNING 1
            """, logger: logger)
        linked = 0
        for try await _ in people { linked += 1 }
        guard linked == draft.facilitatorIDs.count else { throw StoreError.conflict("facilitators") }
    }

    public func find(id: Int64) async throws -> Workshop? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from) WHERE w.id = \(id)
            """, logger: db.logger)
        return try await Self.collect(rows).first
    }

    /// A workshop as one viewer meets it: its community, the viewer's role there, whether they facilitate it and
    /// their registration (with their place on the waiting list).
    public struct Visit: Sendable {
        public var workshop: Workshop
        public var community: Community
        public var role: CommunityRole?
        public var isFacilitator: Bool
        public var registration: RegistrationStatus?
        public var waitingPosition: Int?
    }

    public func visit(id: Int64, viewerID: Int64?) async throws -> Visit? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), \(unescaped: CommunityRepository.joinedColumns),
                   ms.role,
                   EXISTS (SELECT 1 FROM workshop_facilitators f WHERE f.workshop_id = w.id AND f.member_id = \(viewerID)),
                   r.status,
                   CASE WHEN r.status = 'waiting' THEN (SELECT count(*) FROM workshop_registrations q
                        WHERE q.workshop_id = w.id AND q.status = 'waiting' AND q.queue_number <= r.queue_number) END
            FROM \(unescaped: Self.from) JOIN communities k ON k.id = w.community_id
            LEFT JOIN memberships ms ON ms.community_id = w.community_id AND ms.member_id = \(viewerID)
                 AND ms.status = 'active'
            LEFT JOIN workshop_registrations r ON r.workshop_id = w.id AND r.member_id = \(viewerID)
            WHERE w.id = \(id)
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            let workshop = try Self.workshop(&r)
            let community = try CommunityRepository.community(&r)
            let (role, facilitates, registration, waitingPosition) = try (r.next(String?.self), r.next(Bool.self),
                                                                          r.next(String?.self), r.next(Int64?.self))
            let status = registration.flatMap(RegistrationStatus.init(rawValue:))
            return Visit(workshop: workshop, community: community, role: role.flatMap(CommunityRole.init(rawValue:)),
                         isFacilitator: facilitates && role != nil, registration: status == .cancelled ? nil : status,
                         waitingPosition: waitingPosition.map(Int.init))
        }
        return nil
    }

    /// A person named on a workshop page.
    public struct Person: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var organisationName: String
    }

    public func facilitators(workshopID: Int64) async throws -> [Person] {
        let rows = try await db.client.query("""
            SELECT m.id, m.name, o.name FROM workshop_facilitators f JOIN members m ON m.id = f.member_id
            JOIN organisations o ON o.id = m.organisation_id
            WHERE f.workshop_id = \(workshopID) ORDER BY m.name, m.id
            """, logger: db.logger)
        var list: [Person] = []
        for try await (id, name, org) in rows.decode((Int64, String, String).self) {
            list.append(Person(id: id, name: name, organisationName: org))
        }
        return list
    }

    /// The ideas a workshop works on that the public may see (an idea hidden since is left out).
    /// An idea a workshop works on.
    public struct WorkshopIdea: Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var state: IdeaState
    }

    public func ideas(workshopID: Int64) async throws -> [WorkshopIdea] {
        let rows = try await db.client.query("""
            SELECT i.id, i.title, i.state FROM workshop_ideas wi JOIN ideas i ON i.id = wi.idea_id
            WHERE wi.workshop_id = \(workshopID) AND idea_is_public(i.state, i.hidden_reason, i.awaiting_approval)
            ORDER BY i.title, i.id
            """, logger: db.logger)
        var list: [WorkshopIdea] = []
        for try await (id, title, state) in rows.decode((Int64, String, String).self) {
            list.append(WorkshopIdea(id: id, title: title, state: IdeaState(rawValue: state) ?? .submitted))
        }
        return list
    }

    /// A community's workshops, or one challenge's, soonest first; drafts only for those who may see them
    /// (`draftsFor`: the viewer's id when they facilitate, or `.all` for stewards).
    public enum Drafts: Sendable {
        case none
        case facilitatedBy(Int64)
        case all
    }

    public func list(communityID: Int64, challengeID: Int64? = nil, drafts: Drafts, limit: Int = 50) async throws -> [Workshop] {
        let (showAll, facilitator): (Bool, Int64?) = switch drafts {
        case .none: (false, nil)
        case .facilitatedBy(let id): (false, id)
        case .all: (true, nil)
        }
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM \(unescaped: Self.from)
            WHERE w.community_id = \(communityID) AND (\(challengeID)::int8 IS NULL OR w.challenge_id = \(challengeID))
              AND (w.state <> 'draft' OR \(showAll)
                   OR EXISTS (SELECT 1 FROM workshop_facilitators f WHERE f.workshop_id = w.id AND f.member_id = \(facilitator)::int8))
            ORDER BY (w.state IN ('closed', 'cancelled')), w.starts_at, w.id LIMIT \(limit)
            """, logger: db.logger)
        return try await Self.collect(rows)
    }

    /// One of a member's workshops, with their registration (nil when they only facilitate it).
    public struct Seat: Sendable {
        public var workshop: Workshop
        public var registration: RegistrationStatus?
    }

    /// The workshops a member has a seat in, waits for, or facilitates, that have not ended long ago (upcoming and
    /// running first, then the last 30 days), in communities where they are still an active member.
    public func forMember(_ memberID: Int64, limit: Int = 20) async throws -> [Seat] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), r.status
            FROM \(unescaped: Self.from)
            JOIN memberships ms ON ms.community_id = w.community_id AND ms.member_id = \(memberID) AND ms.status = 'active'
            LEFT JOIN workshop_registrations r ON r.workshop_id = w.id AND r.member_id = \(memberID)
                 AND r.status <> 'cancelled'
            WHERE (r.status IS NOT NULL
                   OR EXISTS (SELECT 1 FROM workshop_facilitators f WHERE f.workshop_id = w.id AND f.member_id = \(memberID)))
              AND w.ends_at > now() - interval '30 days' AND w.state <> 'cancelled'
            ORDER BY (w.ends_at < now()), w.starts_at, w.id LIMIT \(limit)
            """, logger: db.logger)
        var list: [Seat] = []
        for try await row in rows {
            var r = RowReader(row)
            list.append(Seat(workshop: try Self.workshop(&r),
                             registration: try r.next(String?.self).flatMap(RegistrationStatus.init(rawValue:))))
        }
        return list
    }

    /// Moves the workshop's state, re-checked under its lock (`conflict("state")` when it moved meanwhile), raising the
    /// calendar sequence, with the reason in its history.
    public func move(id: Int64, _ move: WorkshopMove, actorID: Int64, reason: String) async throws {
        let sources = move.sources.map(\.rawValue)
        try await db.transaction { connection in
            let logger = db.logger
            let moved = try await connection.query("""
                WITH target AS (SELECT id FROM workshops WHERE id = \(id) AND state = ANY(\(sources)) FOR NO KEY UPDATE)
                UPDATE workshops w SET state = \(move.target.rawValue), sequence = sequence + 1, updated_at = now(),
                       cancel_reason = CASE WHEN \(move == .cancel) THEN \(reason) ELSE cancel_reason END
                FROM target WHERE w.id = target.id RETURNING 1
                """, logger: logger).first(Int32.self)
            guard moved != nil else { throw StoreError.conflict("state") }
            try await connection.query("""
                INSERT INTO workshop_events (workshop_id, actor_id, kind, reason)
                VALUES (\(id), \(actorID), \(move.rawValue), \(reason))
                """, logger: logger)
            let title = try await connection.query("SELECT title FROM workshops WHERE id = \(id)", logger: logger)
                .first(String.self) ?? ""
            let state = move.target.label.lowercased()
            let told: Phrase = reason.isEmpty ? "Workshop “\("title", title)” is now \("state", state)"
                : "Workshop “\("title", title)” is now \("state", state): \("reason", reason.prefix(140))"
            try await FollowRepository.tellFollowers(
                connection, .workshop(id), except: actorID, kind: "workshop", telling: told.saying("state"),
                link: "/workshops/\(id)", logger: logger)
        }
    }
}
