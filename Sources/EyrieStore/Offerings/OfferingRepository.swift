import EyrieCore
import Foundation
import PostgresNIO

/// Service offerings: made from selected ideas and closed workshops, edited, moved through their states.
///
/// Locks: every change to an offering or to what it holds (canvas, blueprint, KPIs, progress) locks the offering's
/// row first (`FOR NO KEY UPDATE`, level 0 beside a workshop's row in `Database`'s order) and re-reads its state
/// under the lock. Making one locks the ideas it converts (level 2, in id order) and re-checks that each is still
/// selected, so a concurrent withdrawal either lands first (and nothing is converted) or finds the idea converted.
public struct OfferingRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Why an offering could not be made from the chosen ideas and workshops: the field and a message for it.
    public struct Unavailable: Error, Equatable {
        public var field: String
        public var message: Phrase

        public init(field: String, message: Phrase) { self.field = field; self.message = message }
    }

    static let columns = """
        o.id, o.community_id, o.challenge_id, o.name, o.promise, o.segment, o.owner_id, coalesce(m.name, 'Nobody'),
        o.organisation_id, g.name, o.state, o.progress, o.created_at, o.updated_at
        """
    static let from = """
        offerings o LEFT JOIN members m ON m.id = o.owner_id JOIN organisations g ON g.id = o.organisation_id
        """
    /// An offering from `columns`, read in their order.
    static func offering(_ r: inout RowReader) throws -> Offering {
        let (id, communityID, challengeID) = try (r.next(Int64.self), r.next(Int64.self), r.next(Int64?.self))
        let (name, promise, segment) = try (r.next(String.self), r.next(String.self), r.next(String.self))
        let (ownerID, ownerName, organisationID, organisationName) = try (r.next(Int64?.self), r.next(String.self),
                                                                          r.next(Int64.self), r.next(String.self))
        let (state, progress, createdAt, updatedAt) = try (r.next(String.self), r.next(Int32.self), r.next(Date.self),
                                                           r.next(Date.self))
        return Offering(id: id, communityID: communityID, challengeID: challengeID, name: name, promise: promise,
                        segment: segment, ownerID: ownerID, ownerName: ownerName, organisationID: organisationID,
                        organisationName: organisationName, state: OfferingState(rawValue: state) ?? .concept,
                        progress: Int(progress), createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Makes the offering and converts its ideas, all in one transaction: either every idea points to the new
    /// offering or none does. Throws `Unavailable` naming the first idea or workshop that cannot be used.
    public func create(_ draft: OfferingDraft, communityID: Int64, actorID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let logger = db.logger
            try await Self.checkPeople(connection, draft.details, communityID: communityID, logger: logger)
            var challengeID: Int64?
            let workshops = try await connection.query("""
                SELECT id, title, state, community_id, challenge_id FROM workshops WHERE id = ANY(\(draft.workshopIDs))
                ORDER BY id
                """, logger: logger)
            var foundWorkshops = 0
            for try await (id, title, state, community, challenge) in workshops.decode((Int64, String, String, Int64, Int64?).self) {
                guard community == communityID else { throw Unavailable(field: "workshops", message: "Choose workshops of this community") }
                guard state == WorkshopState.closed.rawValue else {
                    throw Unavailable(field: "workshops", message: "“\("title", title)” is not closed yet: offerings carry on closed workshops")
                }
                challengeID = challengeID ?? challenge
                foundWorkshops += 1
            }
            guard foundWorkshops == draft.workshopIDs.count else {
                throw Unavailable(field: "workshops", message: "Choose workshops of this community")
            }
            // The ideas, locked in id order, their state checked under the lock.
            let ideas = try await connection.query("""
                SELECT id, title, state, community_id, challenge_id, hidden_reason IS NOT NULL FROM ideas
                WHERE id = ANY(\(draft.ideaIDs)) ORDER BY id FOR NO KEY UPDATE
                """, logger: logger)
            var found: [Int64] = []
            var firstChallenge: Int64?
            for try await (id, title, state, community, challenge, hidden) in ideas.decode((Int64, String, String, Int64, Int64, Bool).self) {
                guard community == communityID, !hidden else {
                    throw Unavailable(field: "ideas", message: "Choose ideas of this community")
                }
                guard IdeaAction.convert.sources.contains(IdeaState(rawValue: state) ?? .draft) else {
                    let now = IdeaState(rawValue: state)?.label.lowercased() ?? state
                    throw Unavailable(field: "ideas", message: "“\("title", title)” is \("state", now) now, no longer selected: it cannot become part of an offering")
                }
                firstChallenge = firstChallenge ?? challenge
                found.append(id)
            }
            guard found.count == draft.ideaIDs.count else {
                throw Unavailable(field: "ideas", message: "Choose ideas of this community")
            }
            let d = draft.details
            let id = try await connection.query("""
                INSERT INTO offerings (community_id, challenge_id, name, promise, segment, owner_id, organisation_id, created_by)
                VALUES (\(communityID), \(firstChallenge ?? challengeID), \(d.name), \(d.promise), \(d.segment), \(d.ownerID),
                        \(d.organisationID), \(actorID))
                RETURNING id
                """, logger: logger).first(Int64.self)
            guard let id else { throw StoreError.notFound }
            try await Self.savePartners(connection, d.partnerIDs, offeringID: id, logger: logger)
            try await connection.query("""
                INSERT INTO offering_workshops (offering_id, workshop_id) SELECT \(id), unnest(\(draft.workshopIDs)::int8[])
                """, logger: logger)
            try await connection.query("""
                WITH converted AS (
                    UPDATE ideas SET state = 'converted', offering_id = \(id), updated_at = now()
                    WHERE id = ANY(\(found)) RETURNING id, community_id)
                INSERT INTO idea_events (community_id, idea_id, actor_id, kind, from_state, to_state, reason)
                SELECT community_id, id, \(actorID), 'converted', 'selected', 'converted', \("Became the offering “\(d.name)”")
                FROM converted
                """, logger: logger)
            try await Self.event(connection, offeringID: id, communityID: communityID, actorID: actorID, kind: "created",
                                 from: nil, to: .concept, reason: "", logger: logger)
            try await NotificationRepository.tellContributors(
                connection, offeringID: id, kind: "converted",
                telling: "Your idea became part of the offering “\("offering", d.name)”.", logger: logger)
            return id
        }
    }

    /// The owner must be an active member of the community; the organisations must exist.
    static func checkPeople(_ connection: PostgresConnection, _ d: OfferingDetails, communityID: Int64,
                            logger: Logger) async throws {
        let rows = try await connection.query("""
            SELECT EXISTS (SELECT 1 FROM memberships WHERE community_id = \(communityID) AND member_id = \(d.ownerID)
                           AND status = 'active'),
                   EXISTS (SELECT 1 FROM organisations WHERE id = \(d.organisationID)),
                   (SELECT count(*) FROM organisations WHERE id = ANY(\(d.partnerIDs)))::int8
            """, logger: logger)
        for try await (owner, organisation, partners) in rows.decode((Bool, Bool, Int64).self) {
            if !owner { throw Unavailable(field: "owner", message: "Choose an owner among the community's members") }
            if !organisation { throw Unavailable(field: "organisation", message: "Choose an organisation from the list") }
            if partners != d.partnerIDs.count { throw Unavailable(field: "partners", message: "Choose partners from the list") }
        }
    }

    static func savePartners(_ connection: PostgresConnection, _ partners: [Int64], offeringID: Int64,
                             logger: Logger) async throws {
        try await connection.query("DELETE FROM offering_partners WHERE offering_id = \(offeringID)", logger: logger)
        try await connection.query("""
            INSERT INTO offering_partners (offering_id, organisation_id) SELECT \(offeringID), unnest(\(partners)::int8[])
            """, logger: logger)
    }

    static func event(_ connection: PostgresConnection, offeringID: Int64, communityID: Int64, actorID: Int64?,
                      kind: String, from: OfferingState?, to: OfferingState?, reason: String, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO offering_events (community_id, offering_id, actor_id, kind, from_state, to_state, reason)
            VALUES (\(communityID), \(offeringID), \(actorID), \(kind), \(from?.rawValue), \(to?.rawValue), \(reason))
            """, logger: logger)
    }

    /// Locks the offering's row for a change and returns its state and community; `notFound` when it is gone,
    /// `conflict("state")` when it is retired (nothing of it changes any more).
    static func lockEditable(_ connection: PostgresConnection, offeringID: Int64,
                             logger: Logger) async throws -> (state: OfferingState, communityID: Int64) {
        let rows = try await connection.query("""
            SELECT state, community_id FROM offerings WHERE id = \(offeringID) FOR NO KEY UPDATE
            """, logger: logger)
        for try await (state, community) in rows.decode((String, Int64).self) {
            let state = OfferingState(rawValue: state) ?? .concept
            guard state.isEditable else { throw StoreError.conflict("state") }
            return (state, community)
        }
        throw StoreError.notFound
    }

    /// An offering as the viewer meets it: with its community and the viewer's role there.
    /// A partner organisation of an offering.
    public struct Partner: Sendable, Equatable {
        public var id: Int64
        public var name: String
    }

    public struct Visit: Sendable {
        public var offering: Offering
        public var community: Community
        public var role: CommunityRole?
        public var partners: [Partner]
        /// Who is looking (nil: nobody signed in).
        public var viewerID: Int64?
    }

    public func visit(id: Int64, viewerID: Int64?) async throws -> Visit? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), \(unescaped: CommunityRepository.joinedColumns), ms.role,
                   coalesce((SELECT array_agg(p.organisation_id ORDER BY q.name) FROM offering_partners p
                             JOIN organisations q ON q.id = p.organisation_id WHERE p.offering_id = o.id), '{}'),
                   coalesce((SELECT array_agg(q.name ORDER BY q.name) FROM offering_partners p
                             JOIN organisations q ON q.id = p.organisation_id WHERE p.offering_id = o.id), '{}')
            FROM \(unescaped: Self.from) JOIN communities k ON k.id = o.community_id
            LEFT JOIN memberships ms ON ms.community_id = o.community_id AND ms.member_id = \(viewerID) AND ms.status = 'active'
            WHERE o.id = \(id)
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            let offering = try Self.offering(&r)
            let community = try CommunityRepository.community(&r)
            let (role, partnerIDs, partnerNames) = try (r.next(String?.self), r.next([Int64].self), r.next([String].self))
            return Visit(offering: offering, community: community, role: role.flatMap(CommunityRole.init(rawValue:)),
                         partners: zip(partnerIDs, partnerNames).map { Partner(id: $0, name: $1) }, viewerID: viewerID)
        }
        return nil
    }

    /// A card of the portfolio.
    public struct Card: Sendable {
        public var offering: Offering
        public var ideaCount: Int
        public var lastUpdate: Date?
    }

    /// The community's offerings, newest first within each state.
    public func list(communityID: Int64) async throws -> [Card] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns),
                   (SELECT count(*) FROM ideas i WHERE i.offering_id = o.id)::int8,
                   (SELECT max(u.created_at) FROM offering_updates u WHERE u.offering_id = o.id)
            FROM \(unescaped: Self.from) WHERE o.community_id = \(communityID)
            ORDER BY o.id DESC
            """, logger: db.logger)
        var cards: [Card] = []
        for try await row in rows {
            var r = RowReader(row)
            cards.append(Card(offering: try Self.offering(&r), ideaCount: Int(try r.next(Int64.self)), lastUpdate: try r.next()))
        }
        return cards
    }

    /// Saves new details (the owner checked against the community's members).
    public func update(id: Int64, _ details: OfferingDetails, actorID: Int64) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            let (_, communityID) = try await Self.lockEditable(connection, offeringID: id, logger: logger)
            try await Self.checkPeople(connection, details, communityID: communityID, logger: logger)
            try await connection.query("""
                UPDATE offerings SET name = \(details.name), promise = \(details.promise), segment = \(details.segment),
                       owner_id = \(details.ownerID), organisation_id = \(details.organisationID), updated_at = now()
                WHERE id = \(id)
                """, logger: logger)
            try await Self.savePartners(connection, details.partnerIDs, offeringID: id, logger: logger)
            try await Self.event(connection, offeringID: id, communityID: communityID, actorID: actorID, kind: "edited",
                                 from: nil, to: nil, reason: "", logger: logger)
        }
    }

    /// Moves the offering (the move re-checked against its state under the lock), records why, and tells the
    /// contributors of its ideas. `conflict("state")` when the offering is no longer where the move starts.
    public func move(id: Int64, _ move: OfferingMove, reason: String, actorID: Int64) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            let rows = try await connection.query("""
                SELECT state, community_id, name FROM offerings WHERE id = \(id) FOR NO KEY UPDATE
                """, logger: logger)
            var found: (OfferingState, Int64, String)?
            for try await (state, community, name) in rows.decode((String, Int64, String).self) {
                found = (OfferingState(rawValue: state) ?? .concept, community, name)
            }
            guard let (state, communityID, name) = found else { throw StoreError.notFound }
            guard move.sources.contains(state) else { throw StoreError.conflict("state") }
            try await connection.query("""
                UPDATE offerings SET state = \(move.target.rawValue), updated_at = now() WHERE id = \(id)
                """, logger: logger)
            try await Self.event(connection, offeringID: id, communityID: communityID, actorID: actorID, kind: "moved",
                                 from: state, to: move.target, reason: reason, logger: logger)
            try await NotificationRepository.tellContributors(
                connection, offeringID: id, kind: "state",
                telling: Phrase("“{offering}”, which your idea fed, is now {state}: {reason}",
                                ["offering": name, "state": move.target.label.lowercased(), "reason": reason]).saying("state"),
                logger: logger)
        }
    }

    /// The offering's history, oldest first.
    public func history(offeringID: Int64) async throws -> [OfferingEvent] {
        let rows = try await db.client.query("""
            SELECT e.kind, e.from_state, e.to_state, e.reason, coalesce(m.name, 'Someone'), e.created_at
            FROM offering_events e LEFT JOIN members m ON m.id = e.actor_id
            WHERE e.offering_id = \(offeringID) AND e.kind <> 'edited' ORDER BY e.id
            """, logger: db.logger)
        var events: [OfferingEvent] = []
        for try await (kind, from, to, reason, actor, at) in rows.decode((String, String?, String?, String, String, Date).self) {
            events.append(OfferingEvent(kind: kind, from: from.flatMap(OfferingState.init(rawValue:)),
                                        to: to.flatMap(OfferingState.init(rawValue:)), reason: reason, actorName: actor, at: at))
        }
        return events
    }

    /// The offering an idea became part of, if any.
    /// The offering an idea became part of, named.
    public struct OfferingOfIdea: Sendable {
        public var id: Int64
        public var name: String
        public var state: OfferingState
    }

    public func of(ideaID: Int64) async throws -> OfferingOfIdea? {
        let rows = try await db.client.query("""
            SELECT o.id, o.name, o.state FROM ideas i JOIN offerings o ON o.id = i.offering_id WHERE i.id = \(ideaID)
            """, logger: db.logger)
        for try await (id, name, state) in rows.decode((Int64, String, String).self) {
            return OfferingOfIdea(id: id, name: name, state: OfferingState(rawValue: state) ?? .concept)
        }
        return nil
    }
}
