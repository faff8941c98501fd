import EyrieCore
import Foundation
import PostgresNIO

/// Accounts: members, their home organisation, their password hash.
public struct MemberRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The password hash of an account made through an identity provider: no password opens it.
    public static let noPassword = "!"

    static let columns = "m.id, m.email::text, m.name, m.organisation_id, o.name, m.is_admin, m.created_at"

    /// A member from `columns`, read in their order.
    static func member(_ r: inout RowReader) throws -> Member {
        let (id, email, name) = try (r.next(Int64.self), r.next(String.self), r.next(String.self))
        let (organisationID, organisationName, isAdmin, createdAt) = try (r.next(Int64.self), r.next(String.self),
                                                                          r.next(Bool.self), r.next(Date.self))
        return Member(id: id, email: email, name: name, organisationID: organisationID,
                      organisationName: organisationName, isAdmin: isAdmin, createdAt: createdAt)
    }

    /// A member with their password hash, for signing in.
    public struct Credentials: Sendable {
        public var member: Member
        public var passwordHash: String
    }

    /// Creates an account; `StoreError.conflict("email")` when the address is taken,
    /// `conflict("organisation")` when the organisation does not exist.
    public func create(name: String, email: String, passwordHash: String, organisationID: Int64,
                       isAdmin: Bool = false) async throws -> Int64 {
        do {
            let rows = try await db.client.query("""
                INSERT INTO members (email, name, password_hash, organisation_id, is_admin)
                SELECT \(email), \(name), \(passwordHash), o.id, \(isAdmin) FROM organisations o WHERE o.id = \(organisationID)
                RETURNING id
                """, logger: db.logger)
            guard let id = try await rows.first(Int64.self) else { throw StoreError.conflict("organisation") }
            return id
        } catch let error where error.uniqueViolation != nil {
            throw StoreError.conflict("email")
        }
    }

    /// A newcomer's account, in their organisation as they chose it (see `OrganisationRepository.resolve`): one
    /// transaction, so an address already taken leaves no new organisation behind. Throws `conflict("email")` for an
    /// address in use and `conflict("organisation")` for a listed organisation that does not exist.
    public func signUp(name: String, email: String, passwordHash: String, organisation: OrganisationChoice) async throws -> Int64 {
        do {
            return try await db.transaction { connection in
                guard let organisationID = try await OrganisationRepository.resolve(organisation, on: connection,
                                                                                     logger: db.logger) else {
                    throw StoreError.conflict("organisation")
                }
                let rows = try await connection.query("""
                    INSERT INTO members (email, name, password_hash, organisation_id)
                    VALUES (\(email), \(name), \(passwordHash), \(organisationID)) RETURNING id
                    """, logger: db.logger)
                return try await rows.first(Int64.self) ?? 0
            }
        } catch let error where error.uniqueViolation != nil {
            throw StoreError.conflict("email")
        }
    }

    public func find(id: Int64) async throws -> Member? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM members m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.id = \(id)
            """, logger: db.logger)
        for try await row in rows {
            var reader = RowReader(row)
            return try Self.member(&reader)
        }
        return nil
    }

    /// The language a member reads Eyrie in (nil: their browser's).
    public func setLanguage(memberID: Int64, language: String?) async throws {
        try await db.client.query("UPDATE members SET language = \(language) WHERE id = \(memberID)", logger: db.logger)
    }

    /// The member and their password hash, for signing in.
    public func credentials(email: String) async throws -> Credentials? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), m.password_hash
            FROM members m JOIN organisations o ON o.id = m.organisation_id WHERE m.email = \(email)::citext
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            return Credentials(member: try Self.member(&r), passwordHash: try r.next())
        }
        return nil
    }

    /// Members found by email, for co-authors: only active members of the community.
    public func communityMembers(emails: [String], communityID: Int64) async throws -> [Member] {
        guard !emails.isEmpty else { return [] }
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM members m
            JOIN organisations o ON o.id = m.organisation_id
            JOIN memberships ms ON ms.member_id = m.id AND ms.community_id = \(communityID) AND ms.status = 'active'
            WHERE lower(m.email::text) = ANY(\(emails))
            """, logger: db.logger)
        var members: [Member] = []
        for try await row in rows {
            var reader = RowReader(row)
            members.append(try Self.member(&reader))
        }
        return members
    }

    /// Whether an import made this member and they have not chosen a password yet (they cannot sign in).
    public func isImported(id: Int64) async throws -> Bool {
        let rows = try await db.client.query("""
            SELECT count(*)::int8 FROM members WHERE id = \(id) AND password_hash = \(InvitationRepository.importedPassword)
            """, logger: db.logger)
        return (try await rows.first(Int64.self) ?? 0) > 0
    }

    public func count() async throws -> Int {
        try await db.client.query("SELECT count(*)::int8 FROM members", logger: db.logger).first(Int64.self).map(Int.init) ?? 0
    }
}
