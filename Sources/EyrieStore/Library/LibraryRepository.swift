import EyrieCore
import Foundation
import PostgresNIO

/// The community's library: resources with every version kept, their authors, "useful" marks and the kinds the
/// stewards added. Writes lock the resource's row first (`FOR NO KEY UPDATE`), then write its versions, authors and
/// marks; `Database.transaction` retries a serialization failure or deadlock.
public struct LibraryRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// An edit that started from a version someone else has since replaced: nothing was written; `current` is what
    /// the resource says now, to show beside the editor's own text.
    public struct EditConflict: Error, Sendable {
        public var current: Resource
        public var editorName: String?
    }

    static let columns = """
        r.id, r.community_id, r.kind, r.title, r.body, r.tags, r.language, r.version, r.useful_count, r.created_by,
        r.created_at, r.updated_at
        """

    /// The same, without the text (an empty body), for lists.
    static let cardColumns = columns.replacingOccurrences(of: "r.body,", with: "''::text,")

    static func resource(_ r: inout RowReader) throws -> Resource {
        let (id, communityID, kind, title) = try (r.next(Int64.self), r.next(Int64.self), r.next(String.self), r.next(String.self))
        let (body, tags, language, version) = try (r.next(String.self), r.next([String].self), r.next(String.self), r.next(Int32.self))
        let (useful, createdBy, createdAt, updatedAt) = try (r.next(Int32.self), r.next(Int64?.self), r.next(Date.self), r.next(Date.self))
        return Resource(id: id, communityID: communityID, kind: ResourceKind(key: kind), title: title, body: body, tags: tags,
                        language: language, version: Int(version), usefulCount: Int(useful), createdBy: createdBy,
                        createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Writes a new resource (version 1) by `actorID`, its first author.
    public func create(_ draft: ResourceDraft, communityID: Int64, actorID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            try await Self.write(connection, communityID: communityID, kind: draft.kind, title: draft.title, body: draft.body,
                                 tags: draft.tags, language: draft.language, actorID: actorID, logger: db.logger)
        }
    }

    /// Inserts a resource's row, its version 1 and `actorID` as its first author, inside the caller's transaction
    /// (a new resource, or one made from a discussion, a workshop's summary or an offering's update). A nil language
    /// is the writer's.
    static func write(_ connection: PostgresConnection, communityID: Int64, kind: ResourceKind, title: String, body: String,
                      tags: [String] = [], language: String?, actorID: Int64, logger: Logger) async throws -> Int64 {
        let rows = try await connection.query("""
            INSERT INTO resources (community_id, kind, title, body, tags, language, created_by)
            VALUES (\(communityID), \(kind.key), \(title), \(body), \(tags), \(language), \(actorID))
            RETURNING id
            """, logger: logger)
        guard let id = try await rows.first(Int64.self) else { throw StoreError.notFound }
        try await connection.query("""
            INSERT INTO resource_versions (resource_id, number, kind, title, body, tags, edited_by)
            SELECT id, 1, kind, title, body, tags, created_by FROM resources WHERE id = \(id)
            """, logger: logger)
        try await connection.query("""
            INSERT INTO resource_authors (resource_id, member_id) VALUES (\(id), \(actorID))
            """, logger: logger)
        try await FollowRepository.starts(connection, .resource(id), memberID: actorID, communityID: communityID, logger: logger)
        return id
    }

    /// Every author of the resource follows it (after a resource made from other work credited its authors), or only
    /// the author `memberID` (who just wrote a version).
    static func authorsFollow(_ connection: PostgresConnection, id: Int64, only memberID: Int64? = nil,
                              logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO follows (member_id, community_id, resource_id)
            SELECT a.member_id, r.community_id, r.id FROM resource_authors a JOIN resources r ON r.id = a.resource_id
            WHERE r.id = \(id) AND (\(memberID)::int8 IS NULL OR a.member_id = \(memberID))
            ON CONFLICT (resource_id, member_id) WHERE resource_id IS NOT NULL DO NOTHING
            """, logger: logger)
    }

    /// Saves an edit as the next version when the resource is still at `draft.baseVersion`; otherwise throws
    /// `EditConflict` with what it says now. Returns the new version's number.
    @discardableResult
    public func update(id: Int64, _ draft: ResourceDraft, actorID: Int64) async throws -> Int {
        try await db.transaction { connection in
            let current = try await Self.locked(connection, id: id, logger: db.logger)
            guard current.version == draft.baseVersion else {
                let name = try await Self.lastEditor(connection, id: id, version: current.version, logger: db.logger)
                throw EditConflict(current: current, editorName: name)
            }
            return try await Self.write(connection, id: id, title: draft.title, kind: draft.kind, body: draft.body,
                                        tags: draft.tags, language: draft.language, reason: draft.reason,
                                        next: current.version + 1, actorID: actorID, logger: db.logger)
        }
    }

    /// Makes version `number`'s text the resource's again, as a new version (nothing is lost).
    @discardableResult
    public func restore(id: Int64, number: Int, actorID: Int64, reason: String) async throws -> Int {
        try await db.transaction { connection in
            let current = try await Self.locked(connection, id: id, logger: db.logger)
            let rows = try await connection.query("""
                SELECT kind, title, body, tags FROM resource_versions WHERE resource_id = \(id) AND number = \(number)
                """, logger: db.logger)
            var old: (String, String, String, [String])?
            for try await row in rows.decode((String, String, String, [String]).self) { old = row }
            guard let (kind, title, body, tags) = old else { throw StoreError.notFound }
            return try await Self.write(connection, id: id, title: title, kind: ResourceKind(key: kind), body: body,
                                        tags: tags, language: nil, reason: reason, next: current.version + 1,
                                        actorID: actorID, logger: db.logger)
        }
    }

    /// The resource's row, locked for the change that follows (the one lock every write takes first).
    static func locked(_ connection: PostgresConnection, id: Int64, logger: Logger) async throws -> Resource {
        let rows = try await connection.query("""
            SELECT \(unescaped: columns) FROM resources r WHERE r.id = \(id) FOR NO KEY UPDATE
            """, logger: logger)
        for try await row in rows {
            var r = RowReader(row)
            return try resource(&r)
        }
        throw StoreError.notFound
    }

    static func lastEditor(_ connection: PostgresConnection, id: Int64, version: Int, logger: Logger) async throws -> String? {
        try await connection.query("""
            SELECT m.name FROM resource_versions v JOIN members m ON m.id = v.edited_by
            WHERE v.resource_id = \(id) AND v.number = \(version)
            """, logger: logger).first(String.self)
    }

    static func write(_ connection: PostgresConnection, id: Int64, title: String, kind: ResourceKind, body: String,
                      tags: [String], language: String?, reason: String, next: Int, actorID: Int64,
                      logger: Logger) async throws -> Int {
        try await connection.query("""
            UPDATE resources SET title = \(title), kind = \(kind.key), body = \(body), tags = \(tags),
                   language = coalesce(\(language), language), version = \(next), updated_at = now()
            WHERE id = \(id)
            """, logger: logger)
        try await connection.query("""
            INSERT INTO resource_versions (resource_id, number, kind, title, body, tags, edited_by, reason)
            VALUES (\(id), \(next), \(kind.key), \(title), \(body), \(tags), \(actorID), \(reason))
            """, logger: logger)
        try await connection.query("""
            INSERT INTO resource_authors (resource_id, member_id) VALUES (\(id), \(actorID)) ON CONFLICT DO NOTHING
            """, logger: logger)
        let phrase: Phrase = reason.isEmpty ? "“\("title", title)” has a new version"
            : "“\("title", title)” has a new version: \("reason", reason)"
        try await FollowRepository.tellFollowers(connection, .resource(id), except: actorID, kind: "resource", telling: phrase,
                                                 link: "/resources/\(id)", logger: logger)
        try await Self.authorsFollow(connection, id: id, only: actorID, logger: logger)
        return next
    }

    /// A resource as a visitor reads it: its community, the visitor's role there, whether they marked it useful,
    /// and its authors.
    public struct Visit: Sendable {
        public var resource: Resource
        public var community: Community
        public var role: CommunityRole?
        public var viewerID: Int64?
        public var markedUseful: Bool
        public var authors: [Author]
        /// Shown first on the community's page (stewards choose).
        public var isFeatured: Bool
    }

    public struct Author: Sendable, Equatable {
        public var id: Int64
        public var name: String
    }

    public func visit(id: Int64, viewerID: Int64?) async throws -> Visit? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), \(unescaped: CommunityRepository.joinedColumns), ms.role,
                   EXISTS (SELECT 1 FROM resource_useful u WHERE u.resource_id = r.id AND u.member_id = \(viewerID)),
                   coalesce((SELECT array_agg(m.id ORDER BY m.name) FROM resource_authors a JOIN members m ON m.id = a.member_id
                             WHERE a.resource_id = r.id), '{}'),
                   coalesce((SELECT array_agg(m.name ORDER BY m.name) FROM resource_authors a JOIN members m ON m.id = a.member_id
                             WHERE a.resource_id = r.id), '{}'),
                   r.featured_at IS NOT NULL
            FROM resources r JOIN communities k ON k.id = r.community_id
            LEFT JOIN memberships ms ON ms.community_id = r.community_id AND ms.member_id = \(viewerID) AND ms.status = 'active'
            WHERE r.id = \(id)
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            let resource = try Self.resource(&r)
            let community = try CommunityRepository.community(&r)
            let (role, useful, ids, names) = try (r.next(String?.self), r.next(Bool.self), r.next([Int64].self), r.next([String].self))
            let featured = try r.next(Bool.self)
            return Visit(resource: resource, community: community, role: role.flatMap(CommunityRole.init(rawValue:)),
                         viewerID: viewerID, markedUseful: useful,
                         authors: zip(ids, names).map { Author(id: $0, name: $1) }, isFeatured: featured)
        }
        return nil
    }

    /// Every version, newest first, with its editor's name.
    public func versions(resourceID: Int64) async throws -> [ResourceVersion] {
        let rows = try await db.client.query("""
            SELECT v.number, v.title, v.body, v.kind, v.tags, v.edited_by, m.name, v.edited_at, v.reason
            FROM resource_versions v LEFT JOIN members m ON m.id = v.edited_by
            WHERE v.resource_id = \(resourceID) ORDER BY v.number DESC
            """, logger: db.logger)
        var out: [ResourceVersion] = []
        for try await (n, title, body, kind, tags, editor, name, at, reason) in rows.decode(
            (Int32, String, String, String, [String], Int64?, String?, Date, String).self) {
            out.append(ResourceVersion(number: Int(n), title: title, body: body, kind: ResourceKind(key: kind), tags: tags,
                                       editorID: editor, editorName: name, at: at, reason: reason))
        }
        return out
    }

    /// Marks the resource useful for the member (once: a second mark changes nothing) or takes the mark back; the
    /// kept count moves with the mark in one transaction. Returns the count now.
    @discardableResult
    public func setUseful(resourceID: Int64, memberID: Int64, _ useful: Bool) async throws -> Int {
        try await db.transaction { connection in
            _ = try await Self.locked(connection, id: resourceID, logger: db.logger)
            let mark: PostgresQuery = useful ? """
                INSERT INTO resource_useful (resource_id, member_id) VALUES (\(resourceID), \(memberID))
                ON CONFLICT DO NOTHING RETURNING 1
                """ : """
                DELETE FROM resource_useful WHERE resource_id = \(resourceID) AND member_id = \(memberID) RETURNING 1
                """
            let changed = try await connection.query(mark, logger: db.logger).first(Int32.self) != nil
            let count = try await connection.query("""
                UPDATE resources SET useful_count = useful_count + \(changed ? (useful ? 1 : -1) : 0)
                WHERE id = \(resourceID) RETURNING useful_count
                """, logger: db.logger).first(Int32.self)
            return Int(count ?? 0)
        }
    }

    /// A line of the library's list (its resource without its text: `body` is empty).
    public struct Card: Sendable, Equatable {
        public var resource: Resource
        public var authorNames: [String]
    }

    /// The community's resources matching `query` (words in any language, a kind, a tag), in its order.
    public func list(communityID: Int64, query: ResourceQuery) async throws -> [Card] {
        let order = switch query.sort {
        case .newest: "r.created_at DESC, r.id DESC"
        case .useful: "r.useful_count DESC, r.id DESC"
        case .updated: "r.updated_at DESC, r.id DESC"
        }
        // A card shows no text: the bodies stay in the database (50 of them are most of the bytes otherwise).
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.cardColumns),
                   coalesce((SELECT array_agg(m.name ORDER BY m.name) FROM resource_authors a JOIN members m ON m.id = a.member_id
                             WHERE a.resource_id = r.id), '{}')
            FROM resources r
            WHERE r.community_id = \(communityID)
              AND (\(query.words) = '' OR r.search @@ eyrie_search_query(\(query.words)))
              AND (\(query.kind)::text IS NULL OR r.kind = \(query.kind))
              AND (\(query.tag)::text IS NULL OR r.tags @> ARRAY[\(query.tag)]::text[])
            ORDER BY \(unescaped: order) LIMIT \(query.limit)
            """, logger: db.logger)
        var cards: [Card] = []
        for try await row in rows {
            var r = RowReader(row)
            let resource = try Self.resource(&r)
            cards.append(Card(resource: resource, authorNames: try r.next([String].self)))
        }
        return cards
    }

    /// Features the resource on its community's page, or stops featuring it.
    public func setFeatured(id: Int64, _ featured: Bool) async throws {
        let changed = try await db.client.query("""
            UPDATE resources SET featured_at = CASE WHEN \(featured) THEN coalesce(featured_at, now()) END
            WHERE id = \(id) RETURNING 1
            """, logger: db.logger).first(Int32.self)
        guard changed != nil else { throw StoreError.notFound }
    }

    /// The community's featured resources, the latest featured first.
    public func featured(communityID: Int64, limit: Int = 5) async throws -> [Resource] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM resources r
            WHERE r.community_id = \(communityID) AND r.featured_at IS NOT NULL
            ORDER BY r.featured_at DESC, r.id DESC LIMIT \(limit)
            """, logger: db.logger)
        var out: [Resource] = []
        for try await row in rows {
            var r = RowReader(row)
            out.append(try Self.resource(&r))
        }
        return out
    }

    /// The tags the community's resources use, most used first.
    public func tags(communityID: Int64, limit: Int = 30) async throws -> [String] {
        let rows = try await db.client.query("""
            SELECT t FROM resources r, unnest(r.tags) t WHERE r.community_id = \(communityID)
            GROUP BY t ORDER BY count(*) DESC, t LIMIT \(limit)
            """, logger: db.logger)
        var tags: [String] = []
        for try await tag in rows.decode(String.self) { tags.append(tag) }
        return tags
    }

    /// The kinds a resource of the community may be: the four every library has, then the stewards' own.
    public func kinds(communityID: Int64) async throws -> [ResourceKind] {
        let rows = try await db.client.query("""
            SELECT name FROM resource_kinds WHERE community_id = \(communityID) ORDER BY created_at, name
            """, logger: db.logger)
        var kinds = ResourceKind.builtIn
        for try await name in rows.decode(String.self) { kinds.append(.custom(name)) }
        return kinds
    }

    /// Adds a kind the stewards named; a kind the library has already is a conflict.
    public func addKind(_ kind: ResourceKind, communityID: Int64) async throws {
        do {
            try await db.client.query("""
                INSERT INTO resource_kinds (community_id, name) VALUES (\(communityID), \(kind.key))
                """, logger: db.logger)
        } catch let error where error.uniqueViolation != nil {
            throw StoreError.conflict("kind")
        }
    }
}
