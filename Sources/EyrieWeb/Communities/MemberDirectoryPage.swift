import EyrieCore
import EyrieStore

/// The view model of `communities/members`: the community's members, searched, filtered and paged; for stewards the
/// requests to join first, e-mail addresses, and the boxes and actions to change many members at once.
struct MemberDirectoryPage {
    struct Line {
        var id: Int64
        var href: String
        var name: String
        var email: String?
        var organisation: String
        var roleLabel: String
        var isPending: Bool
        var isSponsor: Bool
        /// The box that picks this member for a bulk action (`member-<id>`).
        var field: String
    }

    struct Reads {
        var page: MemberDirectoryRepository.Page
        var pending: MemberDirectoryRepository.Page?
        var organisations: [MemberDirectoryRepository.OrganisationCount]
    }

    var communityName: String
    var back: String
    var action: String
    var bulkAction: String
    var isSteward: Bool
    var q: String
    var roles: [Option]
    var statuses: [Option]
    var organisations: [Option]
    var lines: [Line]
    var hasLines: Bool
    var summary: String
    var nextHref: String?
    var firstHref: String?
    var pending: [Line]
    var hasPending: Bool
    var pendingSummary: String
    var bulkActions: [Option]
    var isFiltered: Bool

    init(_ scope: CommunityScope, query: MemberQuery, reads: Reads) {
        let slug = scope.community.slug
        let isSteward = scope.check(.manageMembers).isAllowed
        func line(_ row: MemberDirectoryRepository.Row) -> Line {
            Line(id: row.memberID, href: Site.accounts.member(row.memberID), name: row.name,
                 email: isSteward ? row.email : nil, organisation: row.organisationName, roleLabel: row.role.said,
                 isPending: row.status == .pending, isSponsor: row.isSponsor, field: "member-\(row.memberID)")
        }
        communityName = scope.community.name
        back = Site.communities.show(slug)
        action = Site.communities.members(slug)
        bulkAction = Site.communities.bulkMembers(slug)
        self.isSteward = isSteward
        q = query.search
        roles = [Option(value: "", label: say("Any role"), selected: query.role == nil)]
            + CommunityRole.allCases.map { Option(value: $0.rawValue, label: $0.said, selected: query.role == $0) }
        statuses = [Option(value: "", label: say("Members and requests"), selected: query.status == nil),
                    Option(value: "active", label: say("Members"), selected: query.status == .active),
                    Option(value: "pending", label: say("Asking to join"), selected: query.status == .pending)]
        organisations = [Option(value: "", label: say("Any organisation"), selected: query.organisationID == nil)]
            + reads.organisations.map {
                Option(value: String($0.id), label: "\($0.name) (\($0.members))", selected: query.organisationID == $0.id)
            }
        lines = reads.page.rows.map(line)
        hasLines = !lines.isEmpty
        var asked = query.fromStart
        if !isSteward { asked.status = nil }  // members see members only, which is no filter of theirs
        isFiltered = asked != MemberQuery()
        let shown = Dates.count(reads.page.total, "member", "members")
        summary = isFiltered ? "\(shown) \(reads.page.total == 1 ? "matches" : "match")." : "\(shown)."
        nextHref = reads.page.next.map { Self.href(slug, query, after: $0) }
        firstHref = query.after == nil ? nil : Self.href(slug, query, after: nil)
        pending = (reads.pending?.rows ?? []).map(line)
        hasPending = !pending.isEmpty
        pendingSummary = Dates.count(reads.pending?.total ?? 0, "request", "requests") + " to join"
        bulkActions = BulkMemberAction.all.map { Option(value: $0.rawValue, label: $0.said, selected: false) }
    }

    /// The list's address with these filters, starting after a member.
    static func href(_ slug: String, _ query: MemberQuery, after: Int64?) -> String {
        Site.communities.members(slug, query: [("q", query.search), ("role", query.role?.rawValue ?? ""),
                                               ("organisation", query.organisationID.map(String.init) ?? ""),
                                               ("status", query.status?.rawValue ?? ""),
                                               ("after", after.map(String.init) ?? "")])
    }
}

/// The confirmation a steward sees before a bulk action: who, and what will happen.
struct BulkConfirmationPage {
    struct Picked { var field: String; var name: String }
    var question: String
    var action: String
    var value: String
    var back: String
    var picked: [Picked]
    var button: String
}
