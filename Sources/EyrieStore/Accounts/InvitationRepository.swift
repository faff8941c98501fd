import EyrieCore
import Foundation
import PostgresNIO

/// Invitations for members an import created (they cannot sign in until they choose a password): made for one
/// address, used once, within a week. Only those members can be invited, so a link can never take over an account
/// that already signs in.
public struct InvitationRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The password an import gives its members: no bcrypt hash matches it.
    public static let importedPassword = "!imported"

    public enum Refusal: Error, Equatable {
        /// The member signs in already (or does not exist).
        case notImported
        /// Another account has this address.
        case addressTaken
        /// Used, expired, or never made.
        case unusable
    }

    public struct Pending: Sendable {
        public var memberID: Int64
        public var name: String
        public var email: String
    }

    /// Where the invitation's e-mail points: the site's address (the link is `site/invitations/<token>`).
    /// Where the link points, and who writes the e-mail in the invited member's language.
    public struct Mail: Sendable {
        public var site: String
        public var voices: Voices
        public init(site: String, voices: Voices = .english) { self.site = site; self.voices = voices }
    }

    /// Makes an invitation for an imported member; returns the token for the link. With `mail`, the same transaction
    /// puts the e-mail that carries the link in the outbox (its body is blanked once the mail server took it).
    public func create(memberID: Int64, email: String, invitedBy: Int64?, lifetime: TimeInterval = 7 * 86400,
                       mail: Mail? = nil) async throws -> String {
        let token = Token.random()
        let logger = db.logger
        let made = try await db.transaction { connection -> Bool in
            let rows = try await connection.query("""
                INSERT INTO invitations (token_hash, member_id, email, invited_by, expires_at)
                SELECT \(Token.hash(token)), m.id, \(email), \(invitedBy), now() + make_interval(secs => \(lifetime))
                FROM members m WHERE m.id = \(memberID) AND m.password_hash = \(Self.importedPassword)
                  AND NOT EXISTS (SELECT 1 FROM members o WHERE o.email = \(email)::citext AND o.id <> m.id)
                RETURNING member_id
                """, logger: logger)
            guard try await rows.first(Int64.self) != nil else { return false }
            guard let mail else { return true }
            let names = try await connection.query("""
                SELECT m.name, (SELECT name FROM members WHERE id = \(invitedBy)), m.language FROM members m
                WHERE m.id = \(memberID)
                """, logger: logger)
            var (name, inviter, language) = ("", "A steward", String?.none)
            for try await (n, i, l) in names.decode((String, String?, String?).self) { (name, inviter, language) = (n, i ?? inviter, l) }
            func say(_ phrase: Phrase) -> String { mail.voices.say(phrase, in: language) }
            let body = [say("Hello \("name", name),"), "",
                        say("\("inviter", inviter) invites you to Eyrie, where your community keeps its ideas, workshops and services. Your contributions are there already; choose a password to sign in and take part:"), "",
                        "\(mail.site)/invitations/\(token)", "",
                        say(.plural("The link works once, within {count} day. If you did not expect this message, ignore it: nothing happens without the link.",
                                    "The link works once, within {count} days. If you did not expect this message, ignore it: nothing happens without the link.",
                                    count: Int(lifetime / 86400)))].joined(separator: "\n")
            try await Outbox.enqueue(connection, memberID: memberID, kind: "invitation", recipient: email,
                                     subject: say("\("inviter", inviter) invites you to Eyrie"), body: body, unsubscribe: nil,
                                     logger: logger)
            return true
        }
        guard made else {
            let taken = try await db.client.query(
                "SELECT count(*)::int8 FROM members WHERE email = \(email)::citext AND id <> \(memberID)", logger: db.logger)
            throw (try await taken.first(Int64.self) ?? 0) > 0 ? Refusal.addressTaken : Refusal.notImported
        }
        return token
    }

    /// The invitation behind a link, while it can still be used.
    public func find(token: String) async throws -> Pending? {
        let rows = try await db.client.query("""
            SELECT m.id, m.name, i.email::text FROM invitations i JOIN members m ON m.id = i.member_id
            WHERE i.token_hash = \(Token.hash(token)) AND i.accepted_at IS NULL AND i.expires_at > now()
              AND m.password_hash = \(Self.importedPassword)
            """, logger: db.logger)
        for try await (id, name, email) in rows.decode((Int64, String, String).self) {
            return Pending(memberID: id, name: name, email: email)
        }
        return nil
    }

    /// Uses the invitation: the member gets its address and the password; returns the member's id. A second use
    /// (a double click, a race) finds it used and changes nothing.
    public func accept(token: String, passwordHash: String) async throws -> Int64 {
        try await db.transaction { connection in
            let used = try await connection.query("""
                UPDATE invitations SET accepted_at = now()
                WHERE token_hash = \(Token.hash(token)) AND accepted_at IS NULL AND expires_at > now()
                RETURNING member_id, email::text
                """, logger: db.logger).collect()
            guard let (memberID, email) = try used.first?.decode((Int64, String).self) else { throw Refusal.unusable }
            do {
                let set = try await connection.query("""
                    UPDATE members SET email = \(email), password_hash = \(passwordHash)
                    WHERE id = \(memberID) AND password_hash = \(Self.importedPassword) RETURNING id
                    """, logger: db.logger).collect()
                guard !set.isEmpty else { throw Refusal.unusable }
            } catch let error where error.uniqueViolation != nil {
                throw Refusal.addressTaken
            }
            return memberID
        }
    }
}
