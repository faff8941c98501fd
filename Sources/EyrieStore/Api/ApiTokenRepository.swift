import EyrieCore
import Foundation
import PostgresNIO

/// Personal API tokens: made (the token returned once, its hash kept), listed, revoked, and used — one statement
/// finds a live token with its member, counts the request in the token's rate window and notes when it was used.
public struct ApiTokenRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// What a request's token stands for, with its rate window after counting this request.
    public struct Use: Sendable {
        public var tokenID: Int64
        public var member: Member
        public var canWrite: Bool
        public var rate: RateDecision
    }

    /// Makes a token for the member; returns its id and the token, which is shown once and never stored.
    /// A token just made: shown once, never stored in clear.
    public struct Created: Sendable {
        public var id: Int64
        public var token: String
    }

    public func create(memberID: Int64, name: String, canWrite: Bool) async throws -> Created {
        let token = ApiToken.marker + Token.random()
        let prefix = String(token.prefix(ApiToken.marker.count + 6))
        let rows = try await db.client.query("""
            INSERT INTO api_tokens (member_id, name, token_hash, prefix, can_write)
            VALUES (\(memberID), \(name), \(Token.hash(token)), \(prefix), \(canWrite)) RETURNING id
            """, logger: db.logger)
        return Created(id: try await rows.first(Int64.self) ?? 0, token: token)
    }

    public func list(memberID: Int64) async throws -> [ApiToken] {
        let rows = try await db.client.query("""
            SELECT id, name, prefix, can_write, created_at, last_used_at, revoked_at FROM api_tokens
            WHERE member_id = \(memberID) ORDER BY revoked_at IS NOT NULL, id DESC LIMIT 100
            """, logger: db.logger)
        var out: [ApiToken] = []
        for try await row in rows {
            var r = RowReader(row)
            let (id, name, prefix, canWrite) = try (r.next(Int64.self), r.next(String.self), r.next(String.self),
                                                    r.next(Bool.self))
            let (createdAt, lastUsedAt, revokedAt) = try (r.next(Date.self), r.next(Date?.self), r.next(Date?.self))
            out.append(ApiToken(id: id, name: name, prefix: prefix, canWrite: canWrite, createdAt: createdAt,
                                lastUsedAt: lastUsedAt, revokedAt: revokedAt))
        }
        return out
    }

    /// Revokes one of the member's own tokens; false when it is not theirs (or already revoked).
    public func revoke(id: Int64, memberID: Int64) async throws -> Bool {
        let rows = try await db.client.query("""
            UPDATE api_tokens SET revoked_at = now() WHERE id = \(id) AND member_id = \(memberID) AND revoked_at IS NULL
            RETURNING id
            """, logger: db.logger)
        return try await rows.first(Int64.self) != nil
    }

    /// The live token's member and its rate window after counting this request; nil for an unknown or revoked one.
    public func use(token: String, limit: Int, window: Int) async throws -> Use? {
        let rows = try await db.client.query("""
            WITH used AS (
                UPDATE api_tokens t SET
                    window_count = CASE WHEN t.window_start > now() - make_interval(secs => \(window)) THEN t.window_count + 1 ELSE 1 END,
                    window_start = CASE WHEN t.window_start > now() - make_interval(secs => \(window)) THEN t.window_start ELSE now() END,
                    last_used_at = now()
                WHERE t.token_hash = \(Token.hash(token)) AND t.revoked_at IS NULL
                RETURNING t.id, t.member_id, t.can_write, t.window_count,
                          extract(epoch FROM t.window_start + make_interval(secs => \(window)) - now())::float8 AS left)
            SELECT u.id, u.can_write, u.window_count, u.left, \(unescaped: MemberRepository.columns)
            FROM used u JOIN members m ON m.id = u.member_id JOIN organisations o ON o.id = m.organisation_id
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            let (tokenID, canWrite, count, secondsLeft) = try (r.next(Int64.self), r.next(Bool.self), r.next(Int32.self),
                                                               r.next(Double.self))
            return Use(tokenID: tokenID, member: try MemberRepository.member(&r), canWrite: canWrite,
                       rate: RateDecision(count: Int(count), limit: limit, secondsLeft: secondsLeft))
        }
        return nil
    }
}
