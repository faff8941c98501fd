import EyrieCore
import Foundation
import PostgresNIO

/// The library linked to the work: a resource points at ideas, workshops and offerings of its own community, and
/// those pages list it. A closed workshop's summary or an offering's update becomes a resource in one step.
///
/// Lock order: linking and unlinking take no lock of their own beyond the key-share the foreign keys take (the unique
/// indexes make a double click one link). Keeping a summary or an update locks its source first — the workshop's row
/// (`FOR NO KEY UPDATE`, level 0 of `Database`'s order) or the update's row — then inserts the resource, its authors
/// and its link: the source's lock is what makes two clicks one resource.
public struct WorkLinkRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The SQL that finds a piece of work in a community: an idea members can read (not a draft, not hidden), a
    /// workshop or an offering.
    static func work(_ work: WorkReference, communityID: Int64) -> PostgresQuery {
        switch work.kind {
        case .idea:
            "SELECT id FROM ideas WHERE id = \(work.id) AND community_id = \(communityID) AND state <> 'draft' AND hidden_reason IS NULL"
        case .workshop:
            "SELECT id FROM workshops WHERE id = \(work.id) AND community_id = \(communityID)"
        case .offering:
            "SELECT id FROM offerings WHERE id = \(work.id) AND community_id = \(communityID)"
        }
    }

    static func column(_ kind: WorkKind) -> String {
        switch kind {
        case .idea: "idea_id"
        case .workshop: "workshop_id"
        case .offering: "offering_id"
        }
    }

    /// Links the resource to the work; `false` when it was linked already (twice is once). Throws `notFound` when
    /// the work is not one the resource's community can read.
    @discardableResult
    public func link(resourceID: Int64, communityID: Int64, to work: WorkReference, actorID: Int64) async throws -> Bool {
        try await db.transaction { connection in
            guard try await connection.query(Self.work(work, communityID: communityID), logger: db.logger).first(Int64.self) != nil else {
                throw StoreError.notFound
            }
            let column = Self.column(work.kind)
            let made = try await connection.query("""
                INSERT INTO resource_links (resource_id, \(unescaped: column), linked_by)
                VALUES (\(resourceID), \(work.id), \(actorID))
                ON CONFLICT (\(unescaped: column), resource_id) WHERE \(unescaped: column) IS NOT NULL DO NOTHING
                RETURNING id
                """, logger: db.logger).first(Int64.self)
            return made != nil
        }
    }

    /// The resource's link `id` with who made it, or nil when the resource has no such link.
    public func link(id: Int64, resourceID: Int64) async throws -> WorkLink? {
        try await links(resourceID: resourceID).first { $0.id == id }
    }

    /// Removes the link (the resource and the work stay).
    public func unlink(id: Int64, resourceID: Int64) async throws {
        try await db.client.query("""
            DELETE FROM resource_links WHERE id = \(id) AND resource_id = \(resourceID)
            """, logger: db.logger)
    }

    /// What the resource is linked to, in the order the links were made, each with the work's title.
    public func links(resourceID: Int64) async throws -> [WorkLink] {
        let rows = try await db.client.query("""
            SELECT l.id, l.idea_id, l.workshop_id, l.offering_id, coalesce(i.title, w.title, o.name), l.linked_by,
                   l.from_summary OR l.update_id IS NOT NULL
            FROM resource_links l
            LEFT JOIN ideas i ON i.id = l.idea_id
            LEFT JOIN workshops w ON w.id = l.workshop_id
            LEFT JOIN offerings o ON o.id = l.offering_id
            WHERE l.resource_id = \(resourceID) AND (i.id IS NULL OR (i.state <> 'draft' AND i.hidden_reason IS NULL))
            ORDER BY l.id
            """, logger: db.logger)
        var out: [WorkLink] = []
        for try await (id, idea, workshop, offering, title, by, made) in rows.decode(
            (Int64, Int64?, Int64?, Int64?, String?, Int64?, Bool).self) {
            let work: WorkReference? = if let idea { WorkReference(.idea, idea) }
                else if let workshop { WorkReference(.workshop, workshop) }
                else if let offering { WorkReference(.offering, offering) } else { nil }
            guard let work, let title else { continue }
            out.append(WorkLink(id: id, work: work, title: title, linkedBy: by, madeFromIt: made))
        }
        return out
    }

    /// A resource as a piece of work lists it.
    public struct Linked: Sendable, Equatable {
        public var id: Int64
        public var title: String
        public var kind: ResourceKind
        public var language: String
        /// Kept from the workshop's summary in one step.
        public var isSummary: Bool
    }

    /// The resources linked to the work, the most recently updated first.
    public func resources(for work: WorkReference, limit: Int = 20) async throws -> [Linked] {
        let column = Self.column(work.kind)
        let rows = try await db.client.query("""
            SELECT r.id, r.title, r.kind, r.language, l.from_summary FROM resource_links l JOIN resources r ON r.id = l.resource_id
            WHERE l.\(unescaped: column) = \(work.id)
            ORDER BY l.from_summary DESC, r.updated_at DESC, r.id DESC LIMIT \(limit)
            """, logger: db.logger)
        var out: [Linked] = []
        for try await (id, title, kind, language, summary) in rows.decode((Int64, String, String, String, Bool).self) {
            out.append(Linked(id: id, title: title, kind: ResourceKind(key: kind), language: language, isSummary: summary))
        }
        return out
    }

    /// What a workshop's or an update's resource is made of; the store adds the link and the credits.
    public struct Keeping: Sendable {
        public var title: String
        public var body: String
        public var language: String?

        public init(title: String, body: String, language: String?) {
            self.title = title
            self.body = body
            self.language = language
        }
    }

    /// Keeps the workshop's summary as a lesson learned, its facilitators credited beside the keeper, linked to the
    /// workshop; the resource already kept when someone did it first. Returns the resource and whether it is new.
    public func keepSummary(workshopID: Int64, _ keeping: Keeping, actorID: Int64) async throws -> (id: Int64, isNew: Bool) {
        try await db.transaction { connection in
            let logger = db.logger
            guard let communityID = try await connection.query("""
                SELECT community_id FROM workshops WHERE id = \(workshopID) FOR NO KEY UPDATE
                """, logger: logger).first(Int64.self) else { throw StoreError.notFound }
            // Read after the lock, in a statement of its own: one that started before a first keeper committed would
            // not see their link.
            if let existing = try await connection.query("""
                SELECT resource_id FROM resource_links WHERE workshop_id = \(workshopID) AND from_summary
                """, logger: logger).first(Int64.self) { return (existing, false) }
            let id = try await LibraryRepository.write(connection, communityID: communityID, kind: .lesson, title: keeping.title,
                                                       body: keeping.body, language: keeping.language, actorID: actorID, logger: logger)
            try await connection.query("""
                INSERT INTO resource_authors (resource_id, member_id)
                SELECT \(id), member_id FROM workshop_facilitators WHERE workshop_id = \(workshopID)
                ON CONFLICT DO NOTHING
                """, logger: logger)
            try await LibraryRepository.authorsFollow(connection, id: id, logger: logger)
            try await connection.query("""
                INSERT INTO resource_links (resource_id, workshop_id, from_summary, linked_by)
                VALUES (\(id), \(workshopID), true, \(actorID))
                """, logger: logger)
            return (id, true)
        }
    }

    /// Keeps the offering's update as a lesson learned, its author credited beside the keeper, linked to the
    /// offering; the resource already kept when someone did it first. Throws `notFound` when the update is not the
    /// offering's.
    public func keepUpdate(updateID: Int64, offeringID: Int64, _ keeping: Keeping, actorID: Int64) async throws -> (id: Int64, isNew: Bool) {
        try await db.transaction { connection in
            let logger = db.logger
            let rows = try await connection.query("""
                SELECT o.community_id, u.author_id FROM offering_updates u JOIN offerings o ON o.id = u.offering_id
                WHERE u.id = \(updateID) AND u.offering_id = \(offeringID) FOR NO KEY UPDATE OF u
                """, logger: logger)
            var found: (Int64, Int64?)?
            for try await row in rows.decode((Int64, Int64?).self) { found = row }
            guard let (communityID, author) = found else { throw StoreError.notFound }
            if let existing = try await connection.query("""
                SELECT resource_id FROM resource_links WHERE update_id = \(updateID)
                """, logger: logger).first(Int64.self) { return (existing, false) }
            let id = try await LibraryRepository.write(connection, communityID: communityID, kind: .lesson, title: keeping.title,
                                                       body: keeping.body, language: keeping.language, actorID: actorID, logger: logger)
            if let author {
                try await connection.query("""
                    INSERT INTO resource_authors (resource_id, member_id) VALUES (\(id), \(author)) ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
            try await LibraryRepository.authorsFollow(connection, id: id, logger: logger)
            try await connection.query("""
                INSERT INTO resource_links (resource_id, offering_id, update_id, linked_by)
                VALUES (\(id), \(offeringID), \(updateID), \(actorID))
                """, logger: logger)
            return (id, true)
        }
    }

    /// The updates of the offering already kept in the library, with their resources.
    public func keptUpdates(offeringID: Int64) async throws -> [Int64: Int64] {
        let rows = try await db.client.query("""
            SELECT update_id, resource_id FROM resource_links WHERE offering_id = \(offeringID) AND update_id IS NOT NULL
            """, logger: db.logger)
        var out: [Int64: Int64] = [:]
        for try await (update, resource) in rows.decode((Int64, Int64).self) { out[update] = resource }
        return out
    }
}
