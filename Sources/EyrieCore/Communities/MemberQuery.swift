/// What a visitor asked the community's member list for: words of a name (or, for stewards, an e-mail address), a
/// role, an organisation, active or waiting, and where the page starts (after the member with this id, in name order).
public struct MemberQuery: Sendable, Equatable {
    public var search: String
    public var role: CommunityRole?
    public var organisationID: Int64?
    public var status: MembershipStatus?
    public var after: Int64?
    public var limit: Int

    public init(search: String = "", role: CommunityRole? = nil, organisationID: Int64? = nil,
                status: MembershipStatus? = nil, after: Int64? = nil, limit: Int = 50) {
        self.search = search; self.role = role; self.organisationID = organisationID; self.status = status
        self.after = after; self.limit = limit
    }

    /// Reads query parameters leniently: unknown values mean "any", long searches are cut.
    public static func parse(_ params: [String: String]) -> MemberQuery {
        MemberQuery(search: String((params["q"] ?? "").withoutControlCharacters.trimmingWhitespace().prefix(100)),
                    role: CommunityRole(rawValue: params["role"] ?? ""),
                    organisationID: Int64(params["organisation"] ?? "").flatMap { $0 > 0 ? $0 : nil },
                    status: MembershipStatus(rawValue: params["status"] ?? ""),
                    after: Int64(params["after"] ?? "").flatMap { $0 > 0 ? $0 : nil })
    }

    /// The same filters from the start of the list.
    public var fromStart: MemberQuery {
        var query = self
        query.after = nil
        return query
    }

    /// A search as a `LIKE` pattern that matches the words anywhere, with `%`, `_` and `\` taken literally.
    public var likePattern: String {
        var escaped = ""
        for character in search {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%" + escaped + "%"
    }
}

/// What stewards do to many members at once, from the member list.
public enum BulkMemberAction: Sendable, Equatable {
    case setRole(CommunityRole)
    case approve
    /// Mark as sponsors (on challenges their organisation sponsors, they move ideas through the funnel), or unmark.
    case sponsor(Bool)

    public init?(_ raw: String) {
        if raw == "approve" { self = .approve; return }
        if raw == "sponsor-on" || raw == "sponsor-off" { self = .sponsor(raw == "sponsor-on"); return }
        guard raw.hasPrefix("role-"), let role = CommunityRole(rawValue: String(raw.dropFirst(5))) else { return nil }
        self = .setRole(role)
    }

    public var rawValue: String {
        switch self {
        case .approve: "approve"
        case .setRole(let role): "role-\(role.rawValue)"
        case .sponsor(let on): on ? "sponsor-on" : "sponsor-off"
        }
    }

    /// As a confirmation asks it: "Make these 3 members facilitators?"
    public func question(count: Int) -> String {
        let these = count == 1 ? "this member" : "these \(count) members"
        return switch self {
        case .approve: "Let \(these) join?"
        case .sponsor(true): "Mark \(these) as \(count == 1 ? "a sponsor" : "sponsors"), who move ideas through the funnel on challenges their organisation sponsors?"
        case .sponsor(false): "Remove the sponsor mark from \(these)?"
        case .setRole(.member): "Give \(these) the member role, without a facilitator's or steward's rights?"
        case .setRole(let role): "Make \(these) \(count == 1 ? "a " + role.label.lowercased() : role.label.lowercased() + "s")?"
        }
    }

    public static let all: [BulkMemberAction] = [.setRole(.member), .setRole(.facilitator), .setRole(.steward),
                                                  .sponsor(true), .sponsor(false), .approve]

    public var label: String {
        switch self {
        case .approve: "Approve their requests to join"
        case .sponsor(true): "Mark them as sponsors"
        case .sponsor(false): "Remove their sponsor mark"
        case .setRole(.member): "Give them the member role"
        case .setRole(let role): "Make them \(role.label.lowercased())s"
        }
    }
}
