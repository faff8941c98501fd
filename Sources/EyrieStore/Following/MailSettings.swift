import EyrieCore
import Foundation
import PostgresNIO

/// A member's choices about e-mail: the digest's frequency, and the one-click opt-out.
public struct MailSettings: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// How often a member wants the digest, and whether they opted out of all mail.
    public struct Choice: Sendable {
        public var frequency: DigestFrequency
        public var optedOut: Bool
    }

    public func frequency(memberID: Int64) async throws -> Choice {
        let rows = try await db.client.query("SELECT digest, mail_opt_out FROM members WHERE id = \(memberID)", logger: db.logger)
        for try await (digest, out) in rows.decode((String, Bool).self) {
            return Choice(frequency: DigestFrequency(rawValue: digest) ?? .weekly, optedOut: out)
        }
        throw StoreError.notFound
    }

    /// Chooses how often the digest comes (the next one a period from now); choosing one again lifts the opt-out.
    public func choose(_ frequency: DigestFrequency, memberID: Int64) async throws {
        let seconds = frequency.interval ?? DigestFrequency.weekly.interval!
        try await db.client.query("""
            UPDATE members SET digest = \(frequency.rawValue), mail_opt_out = \(frequency == .never),
                   digest_due_at = now() + make_interval(secs => \(seconds))
            WHERE id = \(memberID)
            """, logger: db.logger)
    }

    /// The unsubscribe link's click: no digest, no nudges by e-mail. True when it changed something.
    @discardableResult
    public func optOut(memberID: Int64) async throws -> Bool {
        try await db.client.query("""
            UPDATE members SET digest = 'never', mail_opt_out = true WHERE id = \(memberID) AND NOT mail_opt_out RETURNING 1
            """, logger: db.logger).first(Int32.self) != nil
    }
}
