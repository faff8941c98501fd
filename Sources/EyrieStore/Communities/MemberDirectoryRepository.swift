import EyrieCore
import PostgresNIO

/// A community's members as a list to search, filter and page through (by name, keyset-paged), and what stewards do
/// to many of them at once.
public struct MemberDirectoryRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// One member in the list.
    public struct Row: Sendable, Equatable {
        public var memberID: Int64
        public var name: String
        public var email: String
        public var organisationID: Int64
        public var organisationName: String
        public var role: CommunityRole
        public var status: MembershipStatus
        public var isSponsor: Bool
    }

    public struct Page: Sendable {
        public var rows: [Row]
        public var total: Int
        /// The id to continue after, when there is more.
        public var next: Int64?
    }

    /// An organisation taking part and how many of the community's active members it has.
    public struct OrganisationCount: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var members: Int
    }

    /// One page of the list in name order. `searchEmails` lets the words match e-mail addresses too (stewards only).
    public func page(communityID: Int64, query: MemberQuery, searchEmails: Bool) async throws -> Page {
        let (pattern, role, status) = (query.likePattern, query.role?.rawValue ?? "", query.status?.rawValue ?? "")
        let (organisation, after) = (query.organisationID ?? 0, query.after ?? 0)
        let rows = try await db.client.query("""
            SELECT m.id, m.name, m.email::text, o.id, o.name, ms.role, ms.status, ms.is_sponsor
            FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
            WHERE ms.community_id = \(communityID)
              AND (\(query.search) = '' OR m.name ILIKE \(pattern) OR (\(searchEmails) AND m.email::text ILIKE \(pattern)))
              AND (\(role) = '' OR ms.role = \(role)) AND (\(status) = '' OR ms.status = \(status))
              AND (\(organisation) = 0 OR m.organisation_id = \(organisation))
              AND (\(after) = 0 OR (m.name, m.id) > ((SELECT x.name FROM members x WHERE x.id = \(after)), \(after)))
            ORDER BY m.name, m.id LIMIT \(query.limit + 1)
            """, logger: db.logger)
        var list = try await rows.rows(Row.self)
        var next: Int64?
        if list.count > query.limit {
            list.removeLast()
            next = list.last?.memberID
        }
        // Without a search or an organisation, the memberships alone are counted (no join to the members).
        let counted: PostgresQuery = query.search.isEmpty && query.organisationID == nil
            ? """
              SELECT count(*)::int8 FROM memberships ms WHERE ms.community_id = \(communityID)
                AND (\(role) = '' OR ms.role = \(role)) AND (\(status) = '' OR ms.status = \(status))
              """
            : """
              SELECT count(*)::int8
              FROM memberships ms JOIN members m ON m.id = ms.member_id
              WHERE ms.community_id = \(communityID)
                AND (\(query.search) = '' OR m.name ILIKE \(pattern) OR (\(searchEmails) AND m.email::text ILIKE \(pattern)))
                AND (\(role) = '' OR ms.role = \(role)) AND (\(status) = '' OR ms.status = \(status))
                AND (\(organisation) = 0 OR m.organisation_id = \(organisation))
              """
        let total = try await db.client.query(counted, logger: db.logger).first(Int64.self) ?? 0
        return Page(rows: list, total: Int(total), next: next)
    }

    /// The organisations of the community's active members, most members first.
    public func organisations(communityID: Int64) async throws -> [OrganisationCount] {
        let rows = try await db.client.query("""
            SELECT o.id, o.name, count(*)::int8
            FROM memberships ms JOIN members m ON m.id = ms.member_id JOIN organisations o ON o.id = m.organisation_id
            WHERE ms.community_id = \(communityID) AND ms.status = 'active'
            GROUP BY o.id, o.name ORDER BY count(*) DESC, o.name
            """, logger: db.logger)
        var list: [OrganisationCount] = []
        for try await (id, name, count) in rows.decode((Int64, String, Int64).self) {
            list.append(OrganisationCount(id: id, name: name, members: Int(count)))
        }
        return list
    }

    /// How many ask to join and wait for a steward.
    public func pendingCount(communityID: Int64) async throws -> Int {
        Int(try await db.client.query("""
            SELECT count(*)::int8 FROM memberships WHERE community_id = \(communityID) AND status = 'pending'
            """, logger: db.logger).first(Int64.self) ?? 0)
    }

    /// Gives these active members a role; returns how many changed.
    public func setRole(_ role: CommunityRole, communityID: Int64, memberIDs: [Int64]) async throws -> Int {
        try await change(communityID: communityID, memberIDs: memberIDs, role: role.rawValue)
    }

    /// Marks these active members as sponsors, or not; returns how many changed.
    public func setSponsor(_ on: Bool, communityID: Int64, memberIDs: [Int64]) async throws -> Int {
        try await change(communityID: communityID, memberIDs: memberIDs, sponsor: on)
    }

    /// Lets these members in; returns how many were waiting.
    public func approve(communityID: Int64, memberIDs: [Int64]) async throws -> Int {
        try await change(communityID: communityID, memberIDs: memberIDs, from: .pending)
    }

    /// One statement for every bulk change: a nil role or sponsor mark keeps the member's own, and every changed
    /// membership ends active (a pending one joins now). Counts only rows that really changed. Locks (on their own,
    /// see `Database`): the memberships rows in member id order, then updates them in the same statement.
    private func change(communityID: Int64, memberIDs: [Int64], from status: MembershipStatus = .active,
                        role: String? = nil, sponsor: Bool? = nil) async throws -> Int {
        try await db.retrying {
            Int(try await db.client.query("""
                WITH locked AS (
                    SELECT member_id FROM memberships
                    WHERE community_id = \(communityID) AND member_id = ANY(\(memberIDs)) AND status = \(status.rawValue)
                    ORDER BY member_id FOR NO KEY UPDATE)
                , changed AS (
                    UPDATE memberships ms
                    SET role = coalesce(\(role)::text, ms.role), is_sponsor = coalesce(\(sponsor)::bool, ms.is_sponsor),
                        status = 'active', joined_at = CASE WHEN ms.status = 'pending' THEN now() ELSE ms.joined_at END
                    FROM locked
                    WHERE ms.community_id = \(communityID) AND ms.member_id = locked.member_id
                      AND (ms.role, ms.is_sponsor, ms.status)
                          IS DISTINCT FROM (coalesce(\(role)::text, ms.role), coalesce(\(sponsor)::bool, ms.is_sponsor), 'active')
                    RETURNING 1)
                SELECT count(*)::int8 FROM changed
                """, logger: db.logger).first(Int64.self) ?? 0)
        }
    }
}

extension MemberDirectoryRepository.Row: RowDecodable {
    init(_ r: inout RowReader) throws {
        let (id, name, email, organisationID) = try (r.next(Int64.self), r.next(String.self), r.next(String.self), r.next(Int64.self))
        let (organisation, role, status, sponsor) = try (r.next(String.self), r.next(String.self), r.next(String.self), r.next(Bool.self))
        self.init(memberID: id, name: name, email: email, organisationID: organisationID, organisationName: organisation,
                  role: CommunityRole(rawValue: role) ?? .member, status: MembershipStatus(rawValue: status) ?? .pending,
                  isSponsor: sponsor)
    }
}
