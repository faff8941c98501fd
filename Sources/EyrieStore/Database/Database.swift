import Foundation
import Logging
import PostgresNIO

/// The shared connection pool and logger that every repository uses.
public struct Database: Sendable {
    public let client: PostgresClient
    public let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Runs `body` in one transaction: everything or nothing.
    public func transaction<Result: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                try await body(connection)
            }
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError { throw inner }
            throw error
        }
    }

    /// Whether the database answers.
    public func ping() async -> Bool {
        do {
            let rows = try await client.query("SELECT 1", logger: logger)
            for try await _ in rows.decode(Int32.self) {}
            return true
        } catch {
            return false
        }
    }
}

/// Failures the store reports in domain terms.
public enum StoreError: Error, Equatable, Sendable {
    case notFound
    case conflict(String)
    /// A limit the database enforces (a CHECK constraint) would be passed: budgets, dots per idea.
    case limitReached(String)
}

extension Error {
    /// The violated constraint's name when this is a PostgreSQL unique violation (23505).
    public var uniqueViolation: String? { violation("23505") }

    /// The violated constraint's name when this is a PostgreSQL check violation (23514).
    public var checkViolation: String? { violation("23514") }

    private func violation(_ state: String) -> String? {
        var error: any Error = self
        if let wrapped = error as? PostgresTransactionError, let inner = wrapped.closureError { error = inner }
        guard let psql = error as? PSQLError, psql.serverInfo?[.sqlState] == state else { return nil }
        return psql.serverInfo?[.constraintName] ?? ""
    }
}

extension PostgresRowSequence {
    /// The first row decoded as `T`, or nil.
    func first<T: PostgresDecodable & Sendable>(_ type: T.Type) async throws -> T? {
        for try await value in decode(T.self) { return value }
        return nil
    }
}
