import EyrieCore
import Foundation
import PostgresNIO

/// Communities and memberships.
public struct CommunityRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    static let columns = columns("c", counted: true)
    /// The community joined as `k` beside a challenge, workshop or offering, without its member count.
    static let joinedColumns = columns("k", counted: false)

    /// A community's columns under `alias`, in the order `community(_:)` reads them; without `counted`, the member
    /// count is 0 (it costs a scan of the memberships) for pages that only name the community.
    static func columns(_ alias: String, counted: Bool) -> String {
        let count = counted
            ? "(SELECT count(*) FROM memberships x WHERE x.community_id = \(alias).id AND x.status = 'active')::int8" : "0::int8"
        return ["id", "slug", "name", "domain", "visibility", "invite_code", "authors_may_support", "language"]
            .map { "\(alias).\($0)" }.joined(separator: ", ") + ", " + count
    }

    /// A community from `columns`, read in their order.
    static func community(_ r: inout RowReader) throws -> Community {
        let (id, slug, name, domain) = try (r.next(Int64.self), r.next(String.self), r.next(String.self), r.next(String.self))
        let (visibility, inviteCode, authorsMaySupport) = try (r.next(String.self), r.next(String.self), r.next(Bool.self))
        let (language, memberCount) = try (r.next(String?.self), r.next(Int64.self))
        var community = Community(id: id, slug: slug, name: name, domain: domain,
                                  visibility: CommunityVisibility(rawValue: visibility) ?? .private, inviteCode: inviteCode,
                                  memberCount: Int(memberCount))
        community.authorsMaySupport = authorsMaySupport
        community.language = language
        return community
    }

    /// A community the member belongs to (or asked to join), with their role there.
    public struct MemberOf: Sendable {
        public var community: Community
        public var role: CommunityRole
        public var status: MembershipStatus
    }

    public func all() async throws -> [Community] {
        let rows = try await db.client.query("SELECT \(unescaped: Self.columns) FROM communities c ORDER BY c.name",
                                             logger: db.logger)
        return try await Self.collect(rows)
    }

    public func find(slug: String) async throws -> Community? {
        let rows = try await db.client.query("SELECT \(unescaped: Self.columns) FROM communities c WHERE c.slug = \(slug)",
                                             logger: db.logger)
        return try await Self.collect(rows).first
    }

    /// The community without its member count (which costs a scan of the memberships): for pages that only name it.
    public func find(id: Int64) async throws -> Community? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns("c", counted: false)) FROM communities c WHERE c.id = \(id)
            """, logger: db.logger)
        return try await Self.collect(rows).first
    }

    /// Communities a member belongs to (active or pending), with their role.
    public func memberships(of memberID: Int64) async throws -> [MemberOf] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), ms.role, ms.status FROM memberships ms
            JOIN communities c ON c.id = ms.community_id WHERE ms.member_id = \(memberID) ORDER BY c.name
            """, logger: db.logger)
        var list: [MemberOf] = []
        for try await row in rows {
            var r = RowReader(row)
            list.append(MemberOf(community: try Self.community(&r), role: CommunityRole(rawValue: try r.next()) ?? .member,
                                 status: MembershipStatus(rawValue: try r.next()) ?? .pending))
        }
        return list
    }

    /// Creates a community and makes `stewardID` its first steward, in one transaction.
    public func create(_ draft: CommunityDraft, stewardID: Int64) async throws -> Community {
        let invite = Token.random(bytes: 12)
        do {
            _ = try await db.transaction { connection in
                let rows = try await connection.query("""
                    INSERT INTO communities (slug, name, domain, visibility, invite_code)
                    VALUES (\(draft.slug), \(draft.name), \(draft.domain), \(draft.visibility.rawValue), \(invite))
                    RETURNING id
                    """, logger: db.logger)
                let id = try await rows.first(Int64.self) ?? 0
                try await connection.query("""
                    INSERT INTO memberships (community_id, member_id, role, status)
                    VALUES (\(id), \(stewardID), 'steward', 'active')
                    """, logger: db.logger)
                return id
            }
            guard let community = try await find(slug: draft.slug) else { throw StoreError.notFound }
            return community
        } catch let error where error.uniqueViolation != nil {
            throw StoreError.conflict("name")
        }
    }

    /// Saves what stewards change after the community is made (its slug stays); false when it does not exist.
    public func save(_ settings: CommunitySettings, communityID: Int64) async throws -> Bool {
        try await db.client.query("""
            UPDATE communities SET name = \(settings.name), domain = \(settings.domain),
                   visibility = \(settings.visibility.rawValue), authors_may_support = \(settings.authorsMaySupport),
                   language = \(settings.language)
            WHERE id = \(communityID) RETURNING id
            """, logger: db.logger).first(Int64.self) != nil
    }

    /// The default language of the community a page belongs to, found from the page's address (`/communities/<slug>…`,
    /// `/challenges/<id>…`, `/ideas/<id>…`, `/workshops/<id>…`, `/offerings/<id>…`); nil when it has none or the address
    /// names no community. Asked only for visitors with no language of their own.
    public func language(path: String) async throws -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).prefix(2).map(String.init)
        guard parts.count == 2 else { return nil }
        let key = parts[1]
        let id = Int64(key) ?? -1
        let sql: PostgresQuery? = switch parts[0] {
        case "communities": "SELECT language FROM communities WHERE slug = \(key)"
        case "challenges": "SELECT c.language FROM challenges h JOIN communities c ON c.id = h.community_id WHERE h.id = \(id)"
        case "ideas": """
            SELECT c.language FROM ideas i JOIN challenges h ON h.id = i.challenge_id JOIN communities c ON c.id = h.community_id
            WHERE i.id = \(id)
            """
        case "workshops": "SELECT c.language FROM workshops w JOIN communities c ON c.id = w.community_id WHERE w.id = \(id)"
        case "offerings": "SELECT c.language FROM offerings o JOIN communities c ON c.id = o.community_id WHERE o.id = \(id)"
        default: nil
        }
        guard let sql else { return nil }
        return try await db.client.query(sql, logger: db.logger).first(String?.self) ?? nil
    }

    public func membership(communityID: Int64, memberID: Int64) async throws -> Membership? {
        try await members(communityID: communityID, memberID: memberID).first
    }

    /// Members of a community, active and pending, ordered by organisation then name.
    public func members(communityID: Int64, memberID: Int64? = nil) async throws -> [Membership] {
        let rows = try await db.client.query("""
            SELECT ms.community_id, m.id, m.name, o.name, ms.role, ms.status, o.id, ms.is_sponsor
            FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
            WHERE ms.community_id = \(communityID) AND (\(memberID)::int8 IS NULL OR ms.member_id = \(memberID))
            ORDER BY o.name, m.name
            """, logger: db.logger)
        var list: [Membership] = []
        for try await row in rows {
            var r = RowReader(row)
            let (communityID, memberID, memberName, organisationName) = try (r.next(Int64.self), r.next(Int64.self),
                                                                            r.next(String.self), r.next(String.self))
            let (role, status, organisationID, isSponsor) = try (r.next(String.self), r.next(String.self), r.next(Int64.self),
                                                                 r.next(Bool.self))
            list.append(Membership(communityID: communityID, memberID: memberID, memberName: memberName,
                                   organisationName: organisationName, role: CommunityRole(rawValue: role) ?? .member,
                                   status: MembershipStatus(rawValue: status) ?? .pending, organisationID: organisationID,
                                   isSponsor: isSponsor))
        }
        return list
    }

    /// Adds a member (idempotent: joining twice changes nothing, and never demotes or re-queues).
    public func join(communityID: Int64, memberID: Int64, status: MembershipStatus,
                     role: CommunityRole = .member) async throws {
        try await db.client.query("""
            INSERT INTO memberships (community_id, member_id, role, status)
            VALUES (\(communityID), \(memberID), \(role.rawValue), \(status.rawValue))
            ON CONFLICT (community_id, member_id) DO UPDATE
            SET status = CASE WHEN EXCLUDED.status = 'active' THEN 'active' ELSE memberships.status END
            """, logger: db.logger)
    }

    /// Changes a member's role; false when they are not a member.
    @discardableResult
    public func setRole(communityID: Int64, memberID: Int64, role: CommunityRole) async throws -> Bool {
        // A changed role may take away a facilitator's hold on live boards: their sockets reconnect as what they are now.
        let rows = try await db.client.query("""
            WITH changed AS (
                UPDATE memberships SET role = \(role.rawValue)
                WHERE community_id = \(communityID) AND member_id = \(memberID) RETURNING member_id)
            SELECT pg_notify(\(BoardRepository.channel), 'access:' || member_id) FROM changed
            """, logger: db.logger)
        var changed = false
        for try await _ in rows { changed = true }
        return changed
    }

    /// Marks a member as a sponsor (or not); false when they are not a member.
    @discardableResult
    public func setSponsor(communityID: Int64, memberID: Int64, isSponsor: Bool) async throws -> Bool {
        let rows = try await db.client.query("""
            UPDATE memberships SET is_sponsor = \(isSponsor)
            WHERE community_id = \(communityID) AND member_id = \(memberID) RETURNING 1
            """, logger: db.logger)
        return try await rows.first(Int32.self) != nil
    }

    /// Accepts a pending request; false when there was none.
    @discardableResult
    public func approve(communityID: Int64, memberID: Int64) async throws -> Bool {
        let rows = try await db.client.query("""
            UPDATE memberships SET status = 'active', joined_at = now()
            WHERE community_id = \(communityID) AND member_id = \(memberID) AND status = 'pending' RETURNING 1
            """, logger: db.logger)
        return try await rows.first(Int32.self) != nil
    }

    static func collect(_ rows: PostgresRowSequence) async throws -> [Community] {
        var list: [Community] = []
        for try await row in rows {
            var reader = RowReader(row)
            list.append(try community(&reader))
        }
        return list
    }
}
