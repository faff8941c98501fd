import EyrieCore
import Foundation
import PostgresNIO

/// What the offering form offers to choose from.
public struct OfferingChoices: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The community's selected ideas (the ones an offering can be made from), by challenge.
    public func selectedIdeas(communityID: Int64, limit: Int = 200) async throws
        -> [(id: Int64, title: String, challengeTitle: String)] {
        let rows = try await db.client.query("""
            SELECT i.id, i.title, c.title FROM ideas i JOIN challenges c ON c.id = i.challenge_id
            WHERE i.community_id = \(communityID) AND i.state = 'selected' AND i.hidden_reason IS NULL
            ORDER BY c.id, i.support_count DESC, i.id LIMIT \(limit)
            """, logger: db.logger)
        var list: [(id: Int64, title: String, challengeTitle: String)] = []
        for try await (id, title, challenge) in rows.decode((Int64, String, String).self) { list.append((id, title, challenge)) }
        return list
    }

    /// The community's closed workshops, newest first.
    /// A closed workshop an offering may carry on from.
    public struct ClosedWorkshop: Sendable {
        public var id: Int64
        public var title: String
        public var startsAt: Date
    }

    public func closedWorkshops(communityID: Int64, limit: Int = 50) async throws -> [ClosedWorkshop] {
        let rows = try await db.client.query("""
            SELECT id, title, starts_at FROM workshops WHERE community_id = \(communityID) AND state = 'closed'
            ORDER BY starts_at DESC, id DESC LIMIT \(limit)
            """, logger: db.logger)
        var list: [ClosedWorkshop] = []
        for try await (id, title, starts) in rows.decode((Int64, String, Date).self) {
            list.append(ClosedWorkshop(id: id, title: title, startsAt: starts))
        }
        return list
    }

    /// Active members who may own an offering, leads first.
    public func owners(communityID: Int64, limit: Int = 500) async throws -> [PersonRow] {
        let rows = try await db.client.query("""
            SELECT m.id, m.name, o.name FROM memberships ms JOIN members m ON m.id = ms.member_id
            JOIN organisations o ON o.id = m.organisation_id
            WHERE ms.community_id = \(communityID) AND ms.status = 'active'
            ORDER BY ms.role = 'member', m.name, m.id LIMIT \(limit)
            """, logger: db.logger)
        var list: [PersonRow] = []
        for try await (id, name, org) in rows.decode((Int64, String, String).self) {
            list.append(PersonRow(id: id, name: name, organisation: org))
        }
        return list
    }

    /// The workshops an offering came from that drafted blueprint steps, for seeding its blueprint.
    /// A workshop whose blueprint notes can seed an offering's steps.
    public struct SeedingWorkshop: Sendable {
        public var id: Int64
        public var title: String
        public var notes: Int
    }

    public func blueprintWorkshops(offeringID: Int64) async throws -> [SeedingWorkshop] {
        let rows = try await db.client.query("""
            SELECT w.id, w.title, count(n.id)::int8 FROM offering_workshops ow JOIN workshops w ON w.id = ow.workshop_id
            JOIN workshop_activities a ON a.workshop_id = w.id AND a.kind = 'blueprint'
            JOIN board_notes n ON n.activity_id = a.id AND n.lane IS NOT NULL
            WHERE ow.offering_id = \(offeringID) GROUP BY w.id ORDER BY w.id
            """, logger: db.logger)
        var list: [SeedingWorkshop] = []
        for try await (id, title, notes) in rows.decode((Int64, String, Int64).self) {
            list.append(SeedingWorkshop(id: id, title: title, notes: Int(notes)))
        }
        return list
    }
}
