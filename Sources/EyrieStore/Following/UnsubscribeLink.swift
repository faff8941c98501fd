import Crypto
import Foundation
import PostgresNIO

/// One-click unsubscribe links: `<member id>.<HMAC-SHA256 of "unsubscribe:<id>" with the instance's key>`,
/// base64url. Without the key no link can be made; a link names its member, so it cannot unsubscribe another.
public struct UnsubscribeLink: Sendable {
    let key: SymmetricKey

    /// The instance's signing key, made on first use and kept in `site_keys`.
    public static func load(_ db: Database) async throws -> UnsubscribeLink {
        let fresh = Data((0..<32).map { _ in UInt8.random(in: 0...255) })
        let rows = try await db.client.query("""
            WITH made AS (INSERT INTO site_keys (name, key) VALUES ('unsubscribe', \(fresh)) ON CONFLICT (name) DO NOTHING
                          RETURNING key)
            SELECT key FROM made UNION ALL SELECT key FROM site_keys WHERE name = 'unsubscribe'
            """, logger: db.logger)
        guard let key = try await rows.first(Data.self) else { throw StoreError.notFound }
        return UnsubscribeLink(key: SymmetricKey(data: key))
    }

    public func token(memberID: Int64) -> String {
        "\(memberID).\(Self.base64url(Data(signature(memberID))))"
    }

    /// The member a token was made for, or nil when it was not made with this instance's key.
    public func member(_ token: String) -> Int64? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(parts[0]), id > 0, let given = Self.unbase64url(String(parts[1])) else {
            return nil
        }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Data("unsubscribe:\(id)".utf8), using: key) ? id : nil
    }

    func signature(_ memberID: Int64) -> HMAC<SHA256>.MAC {
        HMAC<SHA256>.authenticationCode(for: Data("unsubscribe:\(memberID)".utf8), using: key)
    }

    static func base64url(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func unbase64url(_ text: String) -> Data? {
        var base = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base.count % 4 != 0 { base += "=" }
        return Data(base64Encoded: base)
    }
}
