import EyrieStore
import PostgresNIO

extension Database {
    /// One number from a test's own SQL (a count to check a kept counter or a refusal against).
    public func count(_ sql: String) async throws -> Int64 {
        var n: Int64 = -1
        for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int64.self) { n = value }
        return n
    }
}
