import Crypto
import EyrieCore
import Foundation
import PostgresNIO

/// Signed-in sessions. The cookie carries a random token; only its SHA-256 is stored.
public struct SessionRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// A new session for `memberID`: the raw token for the cookie and the CSRF token for forms.
    /// A new session's cookie token and CSRF token.
    public struct NewSession: Sendable {
        public var token: String
        public var csrf: String
    }

    /// `via`: the organisation whose identity provider signed the member in (for the provider's own sign-out).
    public func create(memberID: Int64, lifetime: TimeInterval, via organisationID: Int64? = nil) async throws -> NewSession {
        let token = Token.random()
        let csrf = Token.random()
        let expires = Date().addingTimeInterval(lifetime)
        // The sign-in is kept too: for members who only read, it is the one trace of taking part (community health).
        try await db.client.query("""
            WITH signin AS (INSERT INTO member_signins (member_id) VALUES (\(memberID)))
            INSERT INTO sessions (token_hash, member_id, csrf_token, expires_at, via_organisation_id)
            VALUES (\(Token.hash(token)), \(memberID), \(csrf), \(expires), \(organisationID))
            """, logger: db.logger)
        return NewSession(token: token, csrf: csrf)
    }

    /// A session's member, its CSRF token and how many of the member's notifications are unread (for the header).
    public struct SignedIn: Sendable {
        public var member: Member
        public var csrf: String
        public var unread: Int
        /// The language the member chose (nil: none chosen).
        public var language: String?
    }

    /// The member behind a cookie token, with the session's CSRF token; nil when unknown or expired.
    /// The session's member, its CSRF token and how many of the member's notifications are unread (for the header).
    public func find(token: String) async throws -> SignedIn? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: MemberRepository.columns), s.csrf_token,
                   (SELECT count(*) FROM notifications n WHERE n.member_id = m.id AND n.read_at IS NULL)::int8,
                   m.language
            FROM sessions s JOIN members m ON m.id = s.member_id JOIN organisations o ON o.id = m.organisation_id
            WHERE s.token_hash = \(Token.hash(token)) AND s.expires_at > now()
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            return SignedIn(member: try MemberRepository.member(&r), csrf: try r.next(), unread: Int(try r.next(Int64.self)),
                            language: try r.next(String?.self))
        }
        return nil
    }

    /// Ends a session; answers the organisation whose provider had signed it in, if one did.
    @discardableResult
    public func delete(token: String) async throws -> Int64? {
        let rows = try await db.client.query("""
            DELETE FROM sessions WHERE token_hash = \(Token.hash(token)) RETURNING via_organisation_id
            """, logger: db.logger)
        return try await rows.first(Int64?.self) ?? nil
    }

    /// Notes a failed sign-in; the table is pruned of rows older than a day as it goes.
    public func recordFailure(email: String, address: String) async throws {
        // Concurrent prunes may delete the same old rows in different orders: retried if PostgreSQL aborts one.
        try await db.retrying {
            try await db.client.query("""
                WITH pruned AS (DELETE FROM signin_failures WHERE created_at < now() - interval '1 day')
                INSERT INTO signin_failures (email, address) VALUES (\(email), \(address))
                """, logger: db.logger)
        }
    }

    /// Failed sign-ins in the last `window` seconds for this account and for this address.
    public func recentFailures(email: String, address: String, window: Int) async throws -> Failures {
        let since = Date().addingTimeInterval(-Double(window))
        let rows = try await db.client.query("""
            SELECT count(*) FILTER (WHERE email = \(email)::citext)::int8, count(*) FILTER (WHERE address = \(address))::int8
            FROM signin_failures WHERE created_at > \(since) AND (email = \(email)::citext OR address = \(address))
            """, logger: db.logger)
        for try await (byEmail, byAddress) in rows.decode((Int64, Int64).self) {
            return Failures(email: Int(byEmail), address: Int(byAddress))
        }
        return Failures(email: 0, address: 0)
    }

    /// Failed sign-ins in the window, for the address typed and from the visitor's network address.
    public struct Failures: Sendable {
        public var email: Int
        public var address: Int
    }

    public func clearFailures(email: String) async throws {
        try await db.client.query("DELETE FROM signin_failures WHERE email = \(email)::citext", logger: db.logger)
    }
}

/// Random tokens and their hashes.
public enum Token {
    /// 32 random bytes, URL-safe base64 without padding.
    public static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }
}
