import EyrieCore

/// Where each exchange entity lives: its table, which of its rows belong to a community (`$1`), and the columns an
/// import fills that the file does not carry. Every string here is a constant written in this file; none holds input.
struct ExchangeTable {
    let entity: ExchangeEntity
    /// `FROM … WHERE …` selecting the community's rows as `t`.
    let scope: String
    /// Ordering of an export (the primary key, so that a round trip writes rows in the same order).
    let order: String
    /// Columns an import sets from other rows: `(column, SQL over the staged row s and its resolved references)`.
    let derived: [(String, String)]

    var table: String { entity.name }

    static func of(_ entity: ExchangeEntity) -> ExchangeTable {
        let name = entity.name
        let scope = name == "members" ? memberScope : name == "organisations" ? organisationScope : baseScope(name)
        let order = orders[name] ?? "t.id"
        return ExchangeTable(entity: entity, scope: scope, order: order, derived: derived[name] ?? [])
    }

    static let all: [ExchangeTable] = ExchangeFormat.entities.map(of)

    /// Entities shared between communities: an import links to an existing row (same e-mail, same name, or this
    /// instance's own id) rather than copying it, and never changes it.
    static let shared: Set<String> = ["organisations", "members"]

    private static func viaParent(_ table: String, _ column: String, _ parent: String) -> String {
        "FROM \(table) t JOIN \(parent) p ON p.id = t.\(column) WHERE p.community_id = $1"
    }

    private static func baseScope(_ name: String) -> String { scopes[name] ?? "FROM \(name) t WHERE t.community_id = $1" }

    /// The community's rows' references to `entity`, as one `SELECT … UNION …`.
    private static func references(to entity: String) -> [String] {
        ExchangeFormat.entities.filter { !shared.contains($0.name) }.flatMap { other in
            other.fields.compactMap { field -> String? in
                guard case .ref(entity) = field.kind else { return nil }
                return "SELECT t.\(quoted(field.column)) \(baseScope(other.name))"
            }
        }
    }

    /// Everyone the community's rows name (its members among them).
    static let memberScope = "FROM members t WHERE t.id IN (\(references(to: "members").joined(separator: " UNION ")))"

    /// Every organisation those people belong to or the community's rows name.
    static let organisationScope: String = {
        let members = "SELECT t.organisation_id \(memberScope)"
        return "FROM organisations t WHERE t.id IN (\(([members] + references(to: "organisations")).joined(separator: " UNION ")))"
    }()

    private static let scopes: [String: String] = [
        "offering_partners": viaParent("offering_partners", "offering_id", "offerings"),
        "workshop_facilitators": viaParent("workshop_facilitators", "workshop_id", "workshops"),
        "workshop_ideas": viaParent("workshop_ideas", "workshop_id", "workshops"),
        "workshop_registrations": viaParent("workshop_registrations", "workshop_id", "workshops"),
        "workshop_events": viaParent("workshop_events", "workshop_id", "workshops"),
        "workshop_activities": viaParent("workshop_activities", "workshop_id", "workshops"),
        "board_clusters": viaParent("board_clusters", "workshop_id", "workshops"),
        "board_notes": viaParent("board_notes", "workshop_id", "workshops"),
        "board_dots": """
            FROM board_dots t JOIN workshop_activities a ON a.id = t.activity_id
            JOIN workshops p ON p.id = a.workshop_id WHERE p.community_id = $1
            """,
        "workshop_outputs": viaParent("workshop_outputs", "workshop_id", "workshops"),
        "offering_workshops": viaParent("offering_workshops", "offering_id", "offerings"),
        "canvas_entries": viaParent("canvas_entries", "offering_id", "offerings"),
        "canvas_fits": viaParent("canvas_fits", "offering_id", "offerings"),
        "blueprint_steps": viaParent("blueprint_steps", "offering_id", "offerings"),
        "blueprint_arrows": viaParent("blueprint_arrows", "offering_id", "offerings"),
        "kpis": viaParent("kpis", "offering_id", "offerings"),
        "kpi_measurements": """
            FROM kpi_measurements t JOIN kpis k ON k.id = t.kpi_id
            JOIN offerings p ON p.id = k.offering_id WHERE p.community_id = $1
            """,
        "offering_updates": viaParent("offering_updates", "offering_id", "offerings"),
        "milestones": viaParent("milestones", "offering_id", "offerings"),
        "resource_versions": viaParent("resource_versions", "resource_id", "resources"),
        "resource_authors": viaParent("resource_authors", "resource_id", "resources"),
        "resource_useful": viaParent("resource_useful", "resource_id", "resources"),
        "resource_attachments": viaParent("resource_attachments", "resource_id", "resources"),
        "resource_links": viaParent("resource_links", "resource_id", "resources"),
        "replies": viaParent("replies", "thread_id", "threads"),
        "thread_events": viaParent("thread_events", "thread_id", "threads"),
    ]

    private static let orders: [String: String] = [
        "memberships": "t.member_id",
        "voting_settings": "t.challenge_id",
        "offering_partners": "t.offering_id, t.organisation_id",
        "idea_authors": "t.idea_id, t.member_id",
        "supports": "t.idea_id, t.member_id",
        "dots": "t.idea_id, t.member_id",
        "reviewers": "t.challenge_id, t.member_id",
        "scorecards": "t.idea_id, t.reviewer_id",
        "workshop_facilitators": "t.workshop_id, t.member_id",
        "workshop_ideas": "t.workshop_id, t.idea_id",
        // The waiting list moves up in the order people asked.
        "workshop_registrations": "t.workshop_id, t.queue_number",
        "board_dots": "t.activity_id, t.member_id, t.target",
        "offering_workshops": "t.offering_id, t.workshop_id",
        "canvas_fits": "t.from_entry, t.to_entry",
        "blueprint_arrows": "t.from_step, t.to_step",
        "kpi_measurements": "t.kpi_id, t.day",
        "resource_kinds": "t.created_at, t.name",
        "resource_versions": "t.resource_id, t.number",
        "resource_authors": "t.resource_id, t.member_id",
        "resource_useful": "t.resource_id, t.member_id",
        // Links have no id of their own in the file: in the order they were made.
        "resource_links": "t.linked_at, t.resource_id, coalesce(t.idea_id, t.workshop_id, t.offering_id)",
    ]

    /// `r_<field>` is the resolved row id of a reference field; `s` the staged row.
    private static let derived: [String: [(String, String)]] = [
        "ideas": [
            ("submission_key", "'import:' || s.ext"),
            ("support_count", "s.imported_supports::int + coalesce((SELECT c.supports FROM x_idea_counts c WHERE c.ext = s.ext), 0)"),
            ("dot_count", "coalesce((SELECT c.dots FROM x_idea_counts c WHERE c.ext = s.ext), 0)"),
            ("comment_count", "coalesce((SELECT c.comments FROM x_idea_counts c WHERE c.ext = s.ext), 0)"),
            ("comparison_count", "coalesce((SELECT c.compared FROM x_idea_counts c WHERE c.ext = s.ext), 0)"),
        ],
        "dots": [
            ("challenge_id", "(SELECT i.challenge_id FROM ideas i WHERE i.id = r_idea)"),
            ("max_count", """
                greatest(s."count"::int, (SELECT v.max_dots_per_idea FROM ideas i JOIN voting_settings v
                                        ON v.challenge_id = i.challenge_id WHERE i.id = r_idea), 1)
                """),
        ],
        "scorecards": [("challenge_id", "(SELECT i.challenge_id FROM ideas i WHERE i.id = r_idea)")],
        "board_notes": [("body_by", "r_author"), ("place_by", "r_author")],
        "board_dots": [
            ("max_count", "greatest(s.\"count\"::int, (SELECT a.max_dots_per_item FROM workshop_activities a WHERE a.id = r_activity))"),
        ],
    ]
}

func quoted(_ identifier: String) -> String { "\"" + identifier + "\"" }
