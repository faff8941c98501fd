import PostgresNIO

/// What a restore is compared by: the rows in each of Eyrie's tables and a checksum of every idea, so two databases
/// (the live one at a moment, and its copy restored to that moment) can be shown equal (`eyrie check --counts`).
public struct TableCounts: Sendable, Equatable {
    /// Each table's rows, by table name.
    public var rows: [String: Int]
    /// md5 of every idea's whole row in id order.
    public var ideasChecksum: String

    /// The lines `eyrie check --counts` prints: `table <name> <rows>` in name order, then `ideas md5 <checksum>`.
    public var lines: [String] {
        rows.keys.sorted().map { "table \($0) \(rows[$0]!)" } + ["ideas md5 \(ideasChecksum)"]
    }

    /// Counts every table in the public schema (one statement, each table counted in full) and sums up the ideas.
    public static func read(_ db: Database) async throws -> TableCounts {
        var rows: [String: Int] = [:]
        let counted = try await db.client.query("""
            SELECT c.relname::text,
                   (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM public.%I', c.relname),
                                                        false, true, '')))[1]::text::int8
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
            """)
        for try await (table, count) in counted.decode((String, Int64).self) { rows[table] = Int(count) }
        var checksum = ""
        for try await (sum,) in try await db.client.query(
            "SELECT md5(coalesce(string_agg(i::text, '|' ORDER BY i.id), '')) FROM ideas i").decode((String,).self) {
            checksum = sum
        }
        return TableCounts(rows: rows, ideasChecksum: checksum)
    }
}
