import EyrieCore
import PostgresNIO

/// Client and member organisations.
public struct OrganisationRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public func all() async throws -> [Organisation] {
        let rows = try await db.client.query("""
            SELECT o.id, o.name, o.slug, (SELECT count(*) FROM members m WHERE m.organisation_id = o.id)::int8
            FROM organisations o ORDER BY o.name
            """, logger: db.logger)
        var list: [Organisation] = []
        for try await (id, name, slug, count) in rows.decode((Int64, String, String, Int64).self) {
            list.append(Organisation(id: id, name: name, slug: slug, memberCount: Int(count)))
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
}
