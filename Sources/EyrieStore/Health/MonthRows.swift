import PostgresNIO

/// One month's rows of a per-member health table (`participation_months`, `participation_levels`), replaced by a
/// freshly worked-out set without rewriting what did not change. The new rows go into a temporary table without
/// indexes or foreign keys first; then only the members whose row changed are updated, the new ones inserted and the
/// ones no longer there deleted. A month worked out again is mostly the same as before (the month just ended against
/// its last hourly refresh, or the month under way an hour later), so most rows are left alone: no new row versions,
/// no index entries, no foreign-key checks for them.
struct MonthRows {
    /// The table, keyed by `(community_id, month, member_id)`.
    let table: String
    /// Every other column.
    let values: [String]

    /// The staging table's name (dropped at the end of the transaction).
    var staging: String { "staged_\(table)" }

    /// Makes (or empties) the staging table. Its rows carry every column of `table`.
    func stage(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: """
            CREATE TEMP TABLE IF NOT EXISTS \(staging)
            (LIKE \(table) INCLUDING DEFAULTS EXCLUDING CONSTRAINTS EXCLUDING INDEXES) ON COMMIT DROP
            """), logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: "TRUNCATE \(staging)"), logger: logger)
    }

    /// Makes `table`'s rows of the community's month equal to the staged ones.
    func merge(_ connection: PostgresConnection, communityID: Int64, day: String, logger: Logger) async throws {
        // Indexed by member, so that every join below is a lookup whatever the planner believes of the month's rows
        // (their statistics are often older than the rows: an anti-join planned for "one row" scanned the staging
        // table once per row, 5 s for 15,000 rows).
        try await connection.query(PostgresQuery(unsafeSQL: """
            CREATE UNIQUE INDEX IF NOT EXISTS \(staging)_member ON \(staging) (member_id)
            """), logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: "ANALYZE \(staging)"), logger: logger)
        let changed = values.map { "t.\($0) IS DISTINCT FROM s.\($0)" }.joined(separator: " OR ")
        let set = values.map { "\($0) = s.\($0)" }.joined(separator: ", ")
        let columns = (["community_id", "month", "member_id"] + values).joined(separator: ", ")
        try await connection.query("""
            DELETE FROM \(unescaped: table) t WHERE t.community_id = \(communityID) AND t.month = \(day)::date
              AND NOT EXISTS (SELECT 1 FROM \(unescaped: staging) s WHERE s.member_id = t.member_id)
            """, logger: logger)
        try await connection.query("""
            UPDATE \(unescaped: table) t SET \(unescaped: set) FROM \(unescaped: staging) s
            WHERE t.community_id = \(communityID) AND t.month = \(day)::date AND t.member_id = s.member_id
              AND (\(unescaped: changed))
            """, logger: logger)
        try await connection.query("""
            INSERT INTO \(unescaped: table) (\(unescaped: columns))
            SELECT \(unescaped: columns) FROM \(unescaped: staging) s
            WHERE NOT EXISTS (SELECT 1 FROM \(unescaped: table) t
                              WHERE t.community_id = \(communityID) AND t.month = \(day)::date AND t.member_id = s.member_id)
            """, logger: logger)
    }
}
