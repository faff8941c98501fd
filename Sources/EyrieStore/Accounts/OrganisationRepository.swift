import EyrieCore
import PostgresNIO

/// Client and member organisations.
public struct OrganisationRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Every organisation, confirmed or not, with its member count, by name.
    public func all() async throws -> [Organisation] {
        let rows = try await db.client.query("""
            SELECT o.id, o.name, o.slug, (SELECT count(*) FROM members m WHERE m.organisation_id = o.id)::int8, o.confirmed
            FROM organisations o ORDER BY o.name
            """, logger: db.logger)
        var list: [Organisation] = []
        for try await (id, name, slug, count, confirmed) in rows.decode((Int64, String, String, Int64, Bool).self) {
            var organisation = Organisation(id: id, name: name, slug: slug, memberCount: Int(count))
            organisation.isConfirmed = confirmed
            list.append(organisation)
        }
        return list
    }

    /// Creates an organisation; `conflict("name")` when one with the same slug exists.
    public func create(_ draft: OrganisationDraft) async throws -> Int64 {
        do {
            let rows = try await db.client.query("""
                INSERT INTO organisations (name, slug) VALUES (\(draft.name), \(draft.slug)) RETURNING id
                """, logger: db.logger)
            return try await rows.first(Int64.self) ?? 0
        } catch let error where error.uniqueViolation != nil {
            throw StoreError.conflict("name")
        }
    }

    /// The id of the organisation with this slug, creating it if needed (demo and CLI).
    public func ensure(name: String) async throws -> Int64 {
        let slug = Slug.make(name)
        let rows = try await db.client.query("""
            INSERT INTO organisations (name, slug) VALUES (\(name), \(slug))
            ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name RETURNING id
            """, logger: db.logger)
        return try await rows.first(Int64.self) ?? 0
    }

    /// The organisation a newcomer's choice stands for, inside the sign-up's transaction: a listed one as it is (nil if it
    /// does not exist), "Independent" (made once, confirmed), or the one a typed name already stands for (its key, or an
    /// organisation merged away under that key), else a new, unconfirmed one. The upsert locks the organisation's row
    /// (`FOR NO KEY UPDATE`) until the member's row is in, so a merge of that organisation waits for the sign-up.
    static func resolve(_ choice: OrganisationChoice, on connection: PostgresConnection, logger: Logger) async throws -> Int64? {
        switch choice {
        case .listed(let id):
            return try await connection.query("SELECT id FROM organisations WHERE id = \(id)", logger: logger).first(Int64.self)
        case .independent:
            let name = OrganisationChoice.independentName
            return try await connection.query("""
                INSERT INTO organisations (name, slug, confirmed) VALUES (\(name), \(Slug.make(name)), true)
                ON CONFLICT (slug) DO UPDATE SET confirmed = true RETURNING id
                """, logger: logger).first(Int64.self)
        case .unlisted(let name):
            let key = OrganisationChoice.key(name)
            if let merged = try await connection.query("""
                SELECT organisation_id FROM organisation_aliases WHERE key = \(key)
                """, logger: logger).first(Int64.self) {
                return merged
            }
            return try await connection.query("""
                INSERT INTO organisations (name, slug, confirmed) VALUES (\(name), \(key), false)
                ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id
                """, logger: logger).first(Int64.self)
        }
    }

    /// A platform admin vouches for an organisation a newcomer named; false when there is no such organisation.
    public func confirm(id: Int64) async throws -> Bool {
        try await db.client.query("""
            UPDATE organisations SET confirmed = true WHERE id = \(id) RETURNING id
            """, logger: db.logger).first(Int64.self) != nil
    }

    /// Moves everything of an unconfirmed organisation (its members, the challenges it sponsors, the offerings it runs or
    /// partners in) to another and removes it; the name it was known by leads newcomers to the other from then on.
    /// Throws `notFound` when either is missing and `conflict("organisation")` when `from` is confirmed or is `into`.
    ///
    /// Locks (on its own, see `Database`): both organisations' rows `FOR UPDATE` in id order (the one that goes is
    /// deleted), then the members' rows, challenges and offerings that point at it.
    public func merge(_ from: Int64, into: Int64) async throws {
        guard from != into else { throw StoreError.conflict("organisation") }
        try await db.transaction { connection in
            let logger = db.logger
            let rows = try await connection.query("""
                SELECT id, slug, confirmed FROM organisations WHERE id IN (\(from), \(into)) ORDER BY id FOR UPDATE
                """, logger: logger)
            var found: [Int64: (slug: String, confirmed: Bool)] = [:]
            for try await (id, slug, confirmed) in rows.decode((Int64, String, Bool).self) { found[id] = (slug, confirmed) }
            guard let gone = found[from], found[into] != nil else { throw StoreError.notFound }
            guard !gone.confirmed else { throw StoreError.conflict("organisation") }
            let statements: [PostgresQuery] = [
                "UPDATE members SET organisation_id = \(into) WHERE organisation_id = \(from)",
                "UPDATE challenges SET sponsor_id = \(into) WHERE sponsor_id = \(from)",
                "UPDATE offerings SET organisation_id = \(into) WHERE organisation_id = \(from)",
                """
                INSERT INTO offering_partners (offering_id, organisation_id)
                SELECT offering_id, \(into) FROM offering_partners WHERE organisation_id = \(from) ON CONFLICT DO NOTHING
                """,
                "DELETE FROM offering_partners WHERE organisation_id = \(from)",
                "UPDATE organisation_aliases SET organisation_id = \(into) WHERE organisation_id = \(from)",
                """
                INSERT INTO organisation_aliases (key, organisation_id) VALUES (\(gone.slug), \(into))
                ON CONFLICT (key) DO UPDATE SET organisation_id = EXCLUDED.organisation_id
                """,
                "DELETE FROM organisations WHERE id = \(from)",
            ]
            for statement in statements { try await connection.query(statement, logger: logger) }
        }
    }
}
