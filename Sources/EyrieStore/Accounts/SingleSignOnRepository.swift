import EyrieCore
import Foundation
import PostgresNIO

/// Organisations' identity providers, the identities they vouched for, sign-ins under way and pending links.
///
/// Locks: saving a provider locks its `identity_providers` row (an upsert) and then replaces its domains, on its own;
/// a first sign-in inserts the member and the identity in one transaction and holds no other lock (two at once for
/// one subject: the second meets the unique address or identity and reads the first one's account instead).
public struct SingleSignOnRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// A configured provider; the client secret is still sealed.
    public struct Provider: Sendable, Equatable {
        public var organisationID: Int64
        public var organisationName: String
        public var issuer: String
        public var clientID: String
        public var sealedSecret: Data
        public var domains: [String]
        public var required: Bool
    }

    static let columns = """
        p.organisation_id, o.name, p.issuer, p.client_id, p.client_secret, p.required,
        coalesce((SELECT array_agg(d.domain ORDER BY d.domain) FROM identity_provider_domains d
                  WHERE d.organisation_id = p.organisation_id), '{}')
        """

    private func providers(where condition: PostgresQuery) async throws -> [Provider] {
        var query = PostgresQuery(unsafeSQL: """
            SELECT \(Self.columns) FROM identity_providers p JOIN organisations o ON o.id = p.organisation_id WHERE
            """)
        query.sql += " " + condition.sql + " ORDER BY o.name"
        query.binds = condition.binds
        var found: [Provider] = []
        for try await row in try await db.client.query(query, logger: db.logger) {
            var r = RowReader(row)
            let (id, name, issuer, client) = try (r.next(Int64.self), r.next(String.self), r.next(String.self), r.next(String.self))
            let secret = try r.next(ByteBuffer.self)
            let (required, domains) = try (r.next(Bool.self), r.next([String].self))
            found.append(Provider(organisationID: id, organisationName: name, issuer: issuer, clientID: client,
                                  sealedSecret: Data(buffer: secret), domains: domains, required: required))
        }
        return found
    }

    public func provider(organisationID: Int64) async throws -> Provider? {
        try await providers(where: "p.organisation_id = \(organisationID)").first
    }

    /// The provider an address's domain is led to.
    public func provider(email: String) async throws -> Provider? {
        let domain = emailDomain(email)
        guard !domain.isEmpty else { return nil }
        return try await providers(where: """
            p.organisation_id = (SELECT organisation_id FROM identity_provider_domains WHERE domain = \(domain))
            """).first
    }

    /// Every configured provider, by organisation name (the sign-in page's buttons).
    public func all() async throws -> [Provider] {
        try await providers(where: "true")
    }

    /// Saves an organisation's provider and its domains at once. `sealedSecret` nil keeps the stored secret.
    /// Throws `conflict("domains")` when another organisation's provider has one of the domains, `notFound` when the
    /// organisation does not exist, `conflict("clientSecret")` when there is no secret to keep.
    public func save(organisationID: Int64, draft: IdentityProviderDraft, sealedSecret: Data?, by memberID: Int64) async throws {
        do {
            try await db.transaction { connection in
                let secret = sealedSecret.map { ByteBuffer(bytes: $0) }
                let rows = try await connection.query("""
                    INSERT INTO identity_providers AS p (organisation_id, issuer, client_id, client_secret, required, updated_by)
                    SELECT o.id, \(draft.issuer), \(draft.clientID), coalesce(\(secret), ''::bytea), \(draft.required), \(memberID)
                    FROM organisations o WHERE o.id = \(organisationID)
                    ON CONFLICT (organisation_id) DO UPDATE SET issuer = excluded.issuer, client_id = excluded.client_id,
                        client_secret = coalesce(\(secret), p.client_secret), required = excluded.required,
                        updated_at = now(), updated_by = excluded.updated_by
                    RETURNING length(client_secret)
                    """, logger: db.logger)
                guard let length = try await rows.first(Int32.self) else { throw StoreError.notFound }
                guard length > 0 else { throw StoreError.conflict("clientSecret") }
                try await connection.query("""
                    DELETE FROM identity_provider_domains
                    WHERE organisation_id = \(organisationID) AND NOT domain = ANY(\(draft.domains))
                    """, logger: db.logger)
                try await connection.query("""
                    INSERT INTO identity_provider_domains (domain, organisation_id)
                    SELECT unnest(\(draft.domains)::text[]), \(organisationID) ON CONFLICT (domain) DO NOTHING
                    """, logger: db.logger)
                let taken = try await connection.query("""
                    SELECT count(*)::int8 FROM identity_provider_domains
                    WHERE domain = ANY(\(draft.domains)) AND organisation_id <> \(organisationID)
                    """, logger: db.logger)
                if try await taken.first(Int64.self) ?? 0 > 0 { throw StoreError.conflict("domains") }
            }
        } catch let error where error.uniqueViolation != nil {
            throw StoreError.conflict("domains")
        }
    }

    /// Removes an organisation's provider (its members keep their accounts; identities stay for a provider set up again).
    @discardableResult
    public func remove(organisationID: Int64) async throws -> Bool {
        let rows = try await db.client.query("""
            DELETE FROM identity_providers WHERE organisation_id = \(organisationID) RETURNING 1
            """, logger: db.logger)
        return try await rows.first(Int32.self) != nil
    }

    // MARK: Sign-ins under way

    public struct Attempt: Sendable, Equatable {
        public var organisationID: Int64
        public var nonce: String
        public var codeVerifier: String
        public var next: String

        public init(organisationID: Int64, nonce: String, codeVerifier: String, next: String) {
            self.organisationID = organisationID; self.nonce = nonce; self.codeVerifier = codeVerifier; self.next = next
        }
    }

    /// How long a sign-in may take at the provider.
    public static let attemptLifetime = 600

    /// Keeps a sign-in sent to a provider (old ones are pruned as it goes).
    public func begin(state: String, attempt: Attempt) async throws {
        try await db.client.query("""
            WITH pruned AS (DELETE FROM sign_in_attempts
                            WHERE created_at < now() - make_interval(secs => \(Self.attemptLifetime)))
            INSERT INTO sign_in_attempts (state_hash, organisation_id, nonce, code_verifier, next_path)
            VALUES (\(Token.hash(state)), \(attempt.organisationID), \(attempt.nonce), \(attempt.codeVerifier), \(attempt.next))
            """, logger: db.logger)
    }

    /// The sign-in a provider sends back, taken once: a second call with the same state finds nothing.
    public func take(state: String) async throws -> Attempt? {
        let rows = try await db.client.query("""
            DELETE FROM sign_in_attempts WHERE state_hash = \(Token.hash(state))
            RETURNING organisation_id, nonce, code_verifier, next_path,
                      created_at > now() - make_interval(secs => \(Self.attemptLifetime))
            """, logger: db.logger)
        for try await (org, nonce, verifier, next, fresh) in rows.decode((Int64, String, String, String, Bool).self) {
            return fresh ? Attempt(organisationID: org, nonce: nonce, codeVerifier: verifier, next: next) : nil
        }
        return nil
    }

    // MARK: Accounts

    /// What a verified identity leads to.
    public enum Arrival: Sendable, Equatable {
        /// A member this provider signed in before (or just linked).
        case known(Int64)
        /// A new account, made in the provider's organisation.
        case created(Int64)
        /// An account with the token's address exists and is not linked to this identity yet.
        case existing(Int64)
    }

    /// Finds the member behind (organisation, subject); else, when no account has the address, makes one in the
    /// organisation (with no password) and links it; else answers the existing account, which is not linked here.
    public func arrive(organisationID: Int64, subject: String, email: String, name: String) async throws -> Arrival {
        for attempt in 0..<2 {
            do {
                return try await db.transaction { connection in
                    let known = try await connection.query("""
                        UPDATE member_identities SET last_sign_in_at = now()
                        WHERE organisation_id = \(organisationID) AND subject = \(subject) RETURNING member_id
                        """, logger: db.logger)
                    if let id = try await known.first(Int64.self) { return .known(id) }
                    let existing = try await connection.query("SELECT id FROM members WHERE email = \(email)::citext",
                                                               logger: db.logger)
                    if let id = try await existing.first(Int64.self) { return .existing(id) }
                    let created = try await connection.query("""
                        WITH member AS (
                            INSERT INTO members (email, name, password_hash, organisation_id)
                            VALUES (\(email), \(name), \(MemberRepository.noPassword), \(organisationID)) RETURNING id)
                        INSERT INTO member_identities (organisation_id, subject, member_id)
                        SELECT \(organisationID), \(subject), id FROM member RETURNING member_id
                        """, logger: db.logger)
                    return .created(try await created.first(Int64.self) ?? 0)
                }
            } catch let error where error.uniqueViolation != nil && attempt == 0 {
                continue  // another first sign-in for this person just committed: read what it made
            }
        }
        throw StoreError.busy
    }

    /// Links an identity to an account no password opens (made by an import, or by a provider), for a provider that
    /// verified the account's address in its own domain: there is no password to ask for. An imported member becomes
    /// an ordinary one (no longer waiting for an invitation). False when the account has a password (then the member
    /// must give it, `holdLink`) or the identity belongs to someone else.
    public func linkPasswordless(organisationID: Int64, subject: String, memberID: Int64) async throws -> Bool {
        try await db.transaction { connection in
            let claimed = try await connection.query("""
                UPDATE members SET password_hash = \(MemberRepository.noPassword)
                WHERE id = \(memberID) AND password_hash IN (\(MemberRepository.noPassword), \(InvitationRepository.importedPassword))
                RETURNING id
                """, logger: db.logger)
            guard try await claimed.first(Int64.self) != nil else { return false }
            let linked = try await connection.query("""
                INSERT INTO member_identities (organisation_id, subject, member_id)
                VALUES (\(organisationID), \(subject), \(memberID)) ON CONFLICT (organisation_id, subject) DO NOTHING
                RETURNING member_id
                """, logger: db.logger)
            guard try await linked.first(Int64.self) != nil else { throw StoreError.conflict("subject") }
            return true
        }
    }

    public struct PendingLink: Sendable, Equatable {
        public var memberID: Int64
        public var organisationID: Int64
        public var subject: String
        public var next: String

        public init(memberID: Int64, organisationID: Int64, subject: String, next: String) {
            self.memberID = memberID; self.organisationID = organisationID; self.subject = subject; self.next = next
        }
    }

    /// Keeps an identity waiting for its account's password; answers the token for the browser's cookie.
    public func holdLink(_ link: PendingLink) async throws -> String {
        let token = Token.random()
        try await db.client.query("""
            WITH pruned AS (DELETE FROM pending_links WHERE created_at < now() - make_interval(secs => \(Self.attemptLifetime)))
            INSERT INTO pending_links (token_hash, member_id, organisation_id, subject, next_path)
            VALUES (\(Token.hash(token)), \(link.memberID), \(link.organisationID), \(link.subject), \(link.next))
            """, logger: db.logger)
        return token
    }

    /// The pending link behind a cookie token, without using it up (the page that asks for the password).
    public func pendingLink(token: String) async throws -> PendingLink? {
        let rows = try await db.client.query("""
            SELECT member_id, organisation_id, subject, next_path FROM pending_links
            WHERE token_hash = \(Token.hash(token)) AND created_at > now() - make_interval(secs => \(Self.attemptLifetime))
            """, logger: db.logger)
        for try await (member, org, subject, next) in rows.decode((Int64, Int64, String, String).self) {
            return PendingLink(memberID: member, organisationID: org, subject: subject, next: next)
        }
        return nil
    }

    /// Uses a pending link up: links it and answers it, once.
    public func completeLink(token: String) async throws -> PendingLink? {
        try await db.transaction { connection in
            let rows = try await connection.query("""
                DELETE FROM pending_links WHERE token_hash = \(Token.hash(token))
                    AND created_at > now() - make_interval(secs => \(Self.attemptLifetime))
                RETURNING member_id, organisation_id, subject, next_path
                """, logger: db.logger)
            for try await (member, org, subject, next) in rows.decode((Int64, Int64, String, String).self) {
                try await connection.query("""
                    INSERT INTO member_identities (organisation_id, subject, member_id) VALUES (\(org), \(subject), \(member))
                    ON CONFLICT (organisation_id, subject) DO NOTHING
                    """, logger: db.logger)
                return PendingLink(memberID: member, organisationID: org, subject: subject, next: next)
            }
            return nil
        }
    }
}
