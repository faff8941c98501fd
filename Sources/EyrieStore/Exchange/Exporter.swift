import EyrieCore
import Foundation
import Logging
import PostgresNIO

/// Writes a community's whole history to an `ExportSink`, reading every table from one snapshot (a repeatable-read,
/// read-only transaction) and streaming rows as PostgreSQL sends them, so memory stays flat however big it is.
public struct Exporter: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public enum Failure: Error, Equatable { case noSuchCommunity(String) }

    /// Rows written per entity, in the format's order.
    public typealias Summary = [(entity: String, rows: Int)]

    /// - Parameter progress: called every few thousand rows with the entity, its rows so far and its total (only
    ///   counted when `countFirst`, for an ETA on a terminal).
    public func export(slug: String, includeEmails: Bool, to sink: any ExportSink, countFirst: Bool = false,
                       now: Date = Date(),
                       progress: @escaping @Sendable (String, Int, Int?) -> Void = { _, _, _ in }) async throws -> Summary {
        try await db.client.withConnection { connection in
            let logger = db.logger
            try await connection.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
            do {
                try await connection.query("SET LOCAL statement_timeout = 0", logger: logger)
                try await connection.query("SET LOCAL idle_in_transaction_session_timeout = 0", logger: logger)
                // Who takes part is the union of every table's people (1.7M ids for the benchmark's community): made
                // unique in memory rather than by a sort spilled to disk, for the members and again for their
                // organisations.
                try await connection.query("SET LOCAL work_mem = '64MB'", logger: logger)
                let summary = try await write(connection, slug: slug, includeEmails: includeEmails, sink: sink,
                                              countFirst: countFirst, now: now, progress: progress)
                try await connection.query("COMMIT", logger: logger)
                return summary
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    private func write(_ connection: PostgresConnection, slug: String, includeEmails: Bool, sink: any ExportSink,
                       countFirst: Bool, now: Date, progress: @Sendable (String, Int, Int?) -> Void) async throws -> Summary {
        let logger = db.logger
        let found = try await connection.query("""
            SELECT c.id, c.slug, c.name, c.domain, c.visibility, \(unescaped: ExchangeSQL.time("c.created_at")),
                   (SELECT origin FROM exchange_origin),
                   EXISTS (SELECT 1 FROM exchange_keys k WHERE k.community_id = c.id)
            FROM communities c WHERE c.slug = \(slug)
            """, logger: logger).collect()
        guard let head = found.first else { throw Failure.noSuchCommunity(slug) }
        var r = RowReader(head)
        let (id, cslug, name, domain) = try (r.next(Int64.self), r.next(String.self), r.next(String.self), r.next(String.self))
        let (visibility, created, origin, keyed) = try (r.next(String.self), r.next(String.self), r.next(String.self),
                                                        r.next(Bool.self))
        try sink.begin(exportedAt: ExchangeTime.iso(now), community: [cslug, name, domain, visibility, created])
        var summary: Summary = []
        for table in ExchangeTable.all {
            let select = ExchangeSQL.exportSelect(table, keyed: keyed, includeEmails: includeEmails)
            var total: Int?
            if countFirst {
                let counted = try await connection.query(query("SELECT count(*) \(table.scope)", id, origin),
                                                         logger: logger)
                total = try await counted.first(Int.self)
            }
            try sink.beginEntity(table.entity)
            var rows = 0
            let stream = try await connection.query(query(select, id, origin), logger: logger)
            for try await row in stream {
                try sink.beginRow()
                for cell in row {
                    if let bytes = cell.bytes {
                        try bytes.withUnsafeReadableBytes { try sink.cell($0) }
                    } else {
                        try sink.cell(nil)
                    }
                }
                try sink.endRow()
                rows += 1
                if rows % 5000 == 0 { progress(table.table, rows, total) }
            }
            try sink.endEntity()
            progress(table.table, rows, total ?? rows)
            summary.append((table.table, rows))
        }
        try sink.finish()
        return summary
    }

    private func query(_ sql: String, _ community: Int64, _ origin: String) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(community)
        binds.append(origin)
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
