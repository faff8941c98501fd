import EyrieCore
import Foundation
import PostgresNIO

/// Where an offering came from (its ideas, the ideas merged into them, the workshops, the people), and what became
/// of a member's ideas: the credit that is never lost.
public struct LineageRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public struct SourceIdea: Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var state: IdeaState
        /// The source idea it was merged into, for an idea merged into one of the offering's ideas.
        public var mergedIntoID: Int64?
        public var challengeTitle: String
    }

    public struct SourceWorkshop: Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var startsAt: Date
        /// `linked` (chosen when the offering was made), `output` (an idea came out of it) or `worked on`.
        public var how: String
    }

    public struct Contributor: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var organisation: String
    }

    public struct Lineage: Sendable {
        public var ideas: [SourceIdea]
        public var workshops: [SourceWorkshop]
        public var contributors: [Contributor]
    }

    public func lineage(offeringID: Int64) async throws -> Lineage {
        async let ideas = ideas(offeringID)
        async let workshops = workshops(offeringID)
        async let contributors = contributors(offeringID)
        return Lineage(ideas: try await ideas, workshops: try await workshops, contributors: try await contributors)
    }

    func ideas(_ offeringID: Int64) async throws -> [SourceIdea] {
        let rows = try await db.client.query("""
            WITH RECURSIVE sources(id) AS (
                SELECT id FROM ideas WHERE offering_id = \(offeringID)
                UNION SELECT i.id FROM ideas i JOIN sources s ON i.merged_into_id = s.id)
            SELECT i.id, i.title, i.state, CASE WHEN i.offering_id IS NULL THEN i.merged_into_id END, c.title
            FROM sources s JOIN ideas i ON i.id = s.id JOIN challenges c ON c.id = i.challenge_id
            WHERE i.hidden_reason IS NULL
            ORDER BY i.offering_id IS NULL, i.id
            """, logger: db.logger)
        var list: [SourceIdea] = []
        for try await (id, title, state, into, challenge) in rows.decode((Int64, String, String, Int64?, String).self) {
            list.append(SourceIdea(id: id, title: title, state: IdeaState(rawValue: state) ?? .converted, mergedIntoID: into,
                                   challengeTitle: challenge))
        }
        return list
    }

    func workshops(_ offeringID: Int64) async throws -> [SourceWorkshop] {
        let rows = try await db.client.query("""
            WITH RECURSIVE sources(id) AS (
                SELECT id FROM ideas WHERE offering_id = \(offeringID)
                UNION SELECT i.id FROM ideas i JOIN sources s ON i.merged_into_id = s.id),
            found AS (
                SELECT workshop_id, 1 AS rank, 'linked' AS how FROM offering_workshops WHERE offering_id = \(offeringID)
                UNION ALL SELECT o.workshop_id, 2, 'output' FROM workshop_outputs o JOIN sources s ON s.id = o.idea_id
                          WHERE o.kind = 'idea'
                UNION ALL SELECT w.workshop_id, 3, 'worked on' FROM workshop_ideas w JOIN sources s ON s.id = w.idea_id)
            SELECT DISTINCT ON (w.id) w.id, w.title, w.starts_at, f.how
            FROM found f JOIN workshops w ON w.id = f.workshop_id
            WHERE w.state IN ('running', 'closed')
            ORDER BY w.id, f.rank
            """, logger: db.logger)
        var list: [SourceWorkshop] = []
        for try await (id, title, starts, how) in rows.decode((Int64, String, Date, String).self) {
            list.append(SourceWorkshop(id: id, title: title, startsAt: starts, how: how))
        }
        return list.sorted { $0.startsAt < $1.startsAt }
    }

    /// The authors and co-authors of the offering's ideas and of the ideas merged into them, by organisation.
    public func contributors(_ offeringID: Int64) async throws -> [Contributor] {
        let rows = try await db.client.query("""
            WITH RECURSIVE sources(id) AS (
                SELECT id FROM ideas WHERE offering_id = \(offeringID)
                UNION SELECT i.id FROM ideas i JOIN sources s ON i.merged_into_id = s.id)
            SELECT DISTINCT m.id, m.name, g.name
            FROM sources s JOIN idea_authors a ON a.idea_id = s.id JOIN members m ON m.id = a.member_id
            JOIN organisations g ON g.id = m.organisation_id
            ORDER BY g.name, m.name, m.id
            """, logger: db.logger)
        var list: [Contributor] = []
        for try await (id, name, organisation) in rows.decode((Int64, String, String).self) {
            list.append(Contributor(id: id, name: name, organisation: organisation))
        }
        return list
    }

    /// One of a member's ideas that fed an offering, directly or through the idea it was merged into.
    public struct Fate: Sendable, Equatable {
        public var ideaID: Int64
        public var ideaTitle: String
        public var ideaState: IdeaState
        public var offeringID: Int64
        public var offeringName: String
        public var offeringState: OfferingState
        public var progress: Int
        public var lastUpdate: String?
        public var lastUpdateAt: Date?
    }

    /// What became of the member's ideas that fed an offering, newest offering first.
    public func fates(memberID: Int64, limit: Int = 30) async throws -> [Fate] {
        let rows = try await db.client.query("""
            WITH RECURSIVE chain(start, id, depth) AS (
                SELECT i.id, i.id, 0 FROM idea_authors a JOIN ideas i ON i.id = a.idea_id WHERE a.member_id = \(memberID)
                UNION ALL
                SELECT c.start, n.merged_into_id, c.depth + 1 FROM chain c JOIN ideas n ON n.id = c.id
                WHERE n.merged_into_id IS NOT NULL AND n.offering_id IS NULL AND c.depth < 20)
            SELECT i.id, i.title, i.state, o.id, o.name, o.state, o.progress, u.note, u.created_at
            FROM chain c JOIN ideas reached ON reached.id = c.id AND reached.offering_id IS NOT NULL
            JOIN ideas i ON i.id = c.start JOIN offerings o ON o.id = reached.offering_id
            LEFT JOIN LATERAL (SELECT note, created_at FROM offering_updates WHERE offering_id = o.id
                               ORDER BY id DESC LIMIT 1) u ON true
            WHERE i.hidden_reason IS NULL
            ORDER BY o.id DESC, i.id LIMIT \(limit)
            """, logger: db.logger)
        var list: [Fate] = []
        for try await row in rows {
            var r = RowReader(row)
            let (ideaID, ideaTitle, ideaState) = try (r.next(Int64.self), r.next(String.self), r.next(String.self))
            let (offeringID, offeringName, offeringState, progress) = try (r.next(Int64.self), r.next(String.self),
                                                                           r.next(String.self), r.next(Int32.self))
            let (lastUpdate, lastUpdateAt) = try (r.next(String?.self), r.next(Date?.self))
            list.append(Fate(ideaID: ideaID, ideaTitle: ideaTitle, ideaState: IdeaState(rawValue: ideaState) ?? .converted,
                             offeringID: offeringID, offeringName: offeringName,
                             offeringState: OfferingState(rawValue: offeringState) ?? .concept, progress: Int(progress),
                             lastUpdate: lastUpdate, lastUpdateAt: lastUpdateAt))
        }
        return list
    }
}
