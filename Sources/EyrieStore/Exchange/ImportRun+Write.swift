import EyrieCore
import Foundation
import PostgresNIO

extension ImportRun {
    /// The community named on the command line, made from the file's settings when it does not exist yet. Its row is
    /// locked `FOR NO KEY UPDATE` for the whole import: two imports into one community take turns (the second then
    /// finds what the first made), while the pages' votes and comments, which only key-share it, go on.
    mutating func findOrCreateCommunity() async throws -> (Int64, Bool) {
        let slug = options.slug
        if let id = try await lockCommunity(slug) { return (id, false) }
        let values = community ?? []
        let name = values.count > 1 ? values[1] ?? slug : slug
        let domain = values.count > 2 ? values[2] ?? "" : ""
        let visibility = values.count > 3 ? values[3] ?? "private" : "private"
        let created = values.count > 4 ? values[4] : nil
        let invite = Token.random(bytes: 12)
        let rows = try await connection.query("""
            INSERT INTO communities (slug, name, domain, visibility, invite_code, created_at)
            VALUES (\(slug), \(name), \(domain), \(visibility), \(invite), coalesce(\(created)::timestamptz, now()))
            ON CONFLICT (slug) DO NOTHING RETURNING id
            """, logger: logger).collect()
        if let row = rows.first { return (try row.decode(Int64.self), true) }
        // Another import made it meanwhile (and has committed: the insert waited for it).
        guard let id = try await lockCommunity(slug) else { throw StoreError.busy }
        return (id, false)
    }

    private func lockCommunity(_ slug: String) async throws -> Int64? {
        let rows = try await connection.query("SELECT id FROM communities WHERE slug = \(slug) FOR NO KEY UPDATE",
                                              logger: logger).collect()
        return try rows.first?.decode(Int64.self)
    }

    /// Maps the entity's rows to existing ones or new ids, then writes them; returns what was created, updated and
    /// skipped.
    mutating func write(_ table: ExchangeTable, community: Int64, hasCommunity: Bool) async throws -> ImportTally {
        let entity = table.entity
        let file = files[entity.name] ?? entity.name
        let total = try await count("SELECT count(*) FROM \(ImportSQL.staging(entity))", community)
        guard total > 0 else { return ImportTally() }
        let shared = ExchangeTable.shared.contains(entity.name)
        if entity.idKind != nil {
            try await run(ImportSQL.mapKnown(entity), community)
            if shared {
                for sql in ImportSQL.mapShared(entity) { try await run(sql, community) }
            } else {
                try await run(ImportSQL.mapOwn(table), community)
                for (row, id) in try await pairs(ImportSQL.foreignRows(table), community) {
                    problems.add(.init(file: file, row: row, column: "id",
                                       reason: "\("id", id) is a row of another community: an import writes only into \("community", options.slug)"))
                }
                guard problems.isEmpty else { return ImportTally() }
            }
            try await run(ImportSQL.allocate(table), community)
            // The statistics taken before said no row was fresh: without new ones the insert below joins a million
            // rows by nested loops.
            try await connection.query(PostgresQuery(unsafeSQL: "ANALYZE \(ImportSQL.staging(entity))"), logger: logger)
            try await run(ImportSQL.recordKeys(entity, ownToo: shared), community)
        }
        let created: Int
        do {
            created = try await count(ImportSQL.insert(table, hasCommunity: hasCommunity), community)
        } catch let error as PSQLError where Self.isDataError(error) {
            problems.add(.init(file: file, reason: Self.constraintMessage(error)))
            return ImportTally()
        }
        var updated = 0
        if entity.idKind != nil && !shared {
            do {
                updated = try await count(ImportSQL.update(table), community)
            } catch let error as PSQLError where Self.isDataError(error) {
                problems.add(.init(file: file, reason: Self.constraintMessage(error)))
                return ImportTally()
            }
        }
        return ImportTally(created: created, updated: updated, skipped: total - created - updated)
    }

    func pairs(_ sql: String, _ community: Int64) async throws -> [(Int, String)] {
        var binds = PostgresBindings()
        binds.append(community)
        binds.append(origin)
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var out: [(Int, String)] = []
        for try await (row, value) in rows.decode((Int, String).self) { out.append((row, value)) }
        return out
    }

    static func isDataError(_ error: PSQLError) -> Bool {
        guard let state = error.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("22") || state.hasPrefix("23")
    }

    /// A rule the rows break together (a date order, a limit) that no single field shows.
    static func constraintMessage(_ error: PSQLError) -> Phrase {
        let constraint = error.serverInfo?[.constraintName] ?? ""
        let detail = error.serverInfo?[.detail] ?? error.serverInfo?[.message] ?? "a rule of the data"
        switch constraint {
        case "workshop_full": return "more people are registered for a workshop than it has seats"
        case "ideas_converted_have_offering": return "a converted idea must name its offering"
        case "challenges_check": return "a challenge's dates must be in order: opens, voting, review, closes"
        case "workshops_check": return "a workshop must end after it starts"
        case "voting_settings_check": return "max_dots_per_idea cannot be more than dots_per_member"
        case "voting_settings_check1": return "criteria and weights must list as many entries"
        default: return constraint.isEmpty ? "the rows break a rule: \("detail", detail)"
            : "the rows break \("rule", constraint): \("detail", detail)"
        }
    }
}
