/// Eyrie's own import/export format: which entities a community's document holds, in the order they are written and
/// read (every reference points to an entity written before it, or to the same one), and each entity's fields.
///
/// The same list describes the JSON document (one array of objects per entity), the CSV zip (one file per entity,
/// the fields as its header) and the README.txt that ships in the zip. Entities with an `idKind` carry a stable
/// external id (`<origin>/<kind>/<number>` when made here; whatever the source said when imported).
public enum ExchangeFormat {
    public static let schema = "eyrie-exchange/1"

    public static let entities: [ExchangeEntity] = people + challenges + ideas + voting + workshops + offerings + practice

    /// The largest attached file a document may carry (its base64 text is a third longer).
    public static let maxFileBytes = 25 << 20

    /// The longest text a reader takes in one value: an attached file's base64 at its largest.
    public static let maxValueBytes = (maxFileBytes + 2) / 3 * 4 + 16

    public static func entity(_ name: String) -> ExchangeEntity? { entities.first { $0.name == name } }

    /// The entities whose rows other rows name (by a reference or as a board item).
    public static let referenced: Set<String> = Set(entities.flatMap { entity in
        entity.fields.flatMap { field -> [String] in
            switch field.kind {
            case .ref(let target): [target]
            case .boardItem: ["board_notes", "board_clusters"]
            default: []
            }
        }
    })

    /// The community's own settings: one object in JSON, one row of `community.csv`.
    public static let community = ExchangeEntity("community", idKind: nil, "the community itself (one row)", [
        .init("slug", .text(60), "the community's address in URLs"),
        .init("name", .text(120)),
        .init("domain", .text(2000), "what the community cares about"),
        .init("visibility", .oneOf(["open", "private"])),
        .init("created_at", .time),
    ])

    static let people: [ExchangeEntity] = [
        .init("organisations", idKind: "organisation", "organisations whose people take part, sponsor or offer", [
            .init("name", .text(120)), .init("created_at", .time),
        ]),
        .init("members", idKind: "member", "people: no passwords; e-mail addresses only when exported with them", [
            .init("name", .text(80)), .ref("organisation", "organisations"),
            .init("email", .text(254), "only with --include-emails", optional: true),
            .init("created_at", .time),
        ]),
        .init("memberships", idKind: nil, "who belongs to the community, with which role", [
            .ref("member", "members"), .init("role", .oneOf(["member", "facilitator", "steward"])),
            .init("status", .oneOf(["active", "pending"])), .init("is_sponsor", .boolean), .init("joined_at", .time),
        ]),
    ]

    static let challenges: [ExchangeEntity] = [
        .init("challenges", idKind: "challenge", "questions the community answers with ideas", [
            .init("title", .text(140)), .init("problem", .text(5000)), .init("question", .text(300)),
            .ref("sponsor", "organisations"),
            .init("opens_at", .time), .init("voting_at", .time), .init("review_at", .time), .init("closes_at", .time),
            .init("phase_override", .oneOf(["draft", "open", "voting", "review", "closed"]), optional: true),
            .init("late_submissions", .boolean), .init("voting_started_at", .time, optional: true),
            .ref("created_by", "members"), .init("created_at", .time),
        ]),
        .init("voting_settings", idKind: nil, "each challenge's voting methods and limits", [
            .ref("challenge", "challenges"), .init("supports", .boolean),
            .init("support_budget", .integer(1...100_000), optional: true),
            .init("auto_shortlist_at", .integer(1...1_000_000), optional: true),
            .init("dots", .boolean), .init("dots_per_member", .integer(1...100)),
            .init("max_dots_per_idea", .integer(1...100)), .init("pairwise", .boolean),
            .init("pairwise_new_ideas", .boolean), .init("scorecards", .boolean),
            .init("criteria", .texts(8, 80)), .init("weights", .numbers(8)),
            .init("blind_review", .boolean), .init("results_published", .boolean),
            .init("results_sponsor_at", .time, "since when the sponsor organisation's members read the results", optional: true),
            .init("results_expected_at", .time, "when the stewards expect to publish the results", optional: true),
        ]),
        .init("challenge_events", idKind: "challenge-event", "phases moved by hand, with who and why", [
            .ref("challenge", "challenges"), .ref("actor", "members"),
            .init("from_phase", .text(20)), .init("to_phase", .text(20)), .init("reason", .text(2000)),
            .init("created_at", .time),
        ]),
    ]

    static let ideaStates = ["draft", "submitted", "shortlisted", "in_design", "selected", "converted", "withdrawn",
                             "declined", "merged"]

    static let ideas: [ExchangeEntity] = [
        .init("offerings", idKind: "offering", "services made from ideas and workshops (before ideas: an idea names its offering)", [
            .ref("challenge", "challenges", optional: true), .init("name", .text(120)), .init("promise", .text(200)),
            .init("segment", .text(200)), .ref("owner", "members", optional: true),
            .ref("organisation", "organisations"), .init("state", .oneOf(["concept", "pilot", "launched", "retired"])),
            .init("progress", .integer(0...100)), .ref("created_by", "members", optional: true),
            .init("created_at", .time), .init("updated_at", .time),
            .init("blueprint_stages", .texts(100, 60), "names of the blueprint's columns, first column first", optional: true),
        ]),
        .init("offering_partners", idKind: nil, "organisations an offering is made with", [
            .ref("offering", "offerings"), .ref("organisation", "organisations"),
        ]),
        .init("ideas", idKind: "idea", "ideas with their state; counts of votes and comments are recounted on import", [
            .ref("challenge", "challenges"), .ref("author", "members"), .init("title", .text(140)),
            .init("summary", .text(300)), .init("body", .text(10000)), .init("tags", .texts(50, 40)),
            .init("language", .oneOf(["en", "fr", "ar"]), "the language it is written in (else its author's)",
                  optional: true, keptWhenAbsent: true),
            .init("state", .oneOf(ideaStates)), .ref("merged_into", "ideas", optional: true),
            .ref("offering", "offerings", optional: true),
            .init("hidden_reason", .text(1000), optional: true), .init("awaiting_approval", .boolean),
            .init("imported_supports", .integer(0...100_000_000), "supports counted by another tool, without voters"),
            .init("created_at", .time), .init("updated_at", .time),
        ]),
        .init("idea_authors", idKind: nil, "co-authors, in order", [
            .ref("idea", "ideas"), .ref("member", "members"), .init("position", .integer(0...1000)),
        ]),
        .init("idea_events", idKind: "idea-event", "every move of an idea: state changes, merges, hiding", [
            .ref("idea", "ideas"), .ref("actor", "members", optional: true), .init("kind", .text(40)),
            .init("from_state", .text(20), optional: true), .init("to_state", .text(20), optional: true),
            .init("reason", .text(2000)), .init("created_at", .time),
        ]),
        .init("comments", idKind: "comment", "the discussion under each idea (replies name their parent)", [
            .ref("idea", "ideas"), .ref("parent", "comments", optional: true), .ref("author", "members"),
            .init("body", .text(5000)),
            .init("language", .oneOf(["en", "fr", "ar"]), "the language it is written in (else its author's)",
                  optional: true, keptWhenAbsent: true),
            .init("hidden_reason", .text(1000), optional: true), .init("created_at", .time),
        ]),
        .init("comment_events", idKind: "comment-event", "comments hidden and restored by moderators", [
            .ref("comment", "comments"), .ref("actor", "members"), .init("kind", .oneOf(["hidden", "restored"])),
            .init("reason", .text(2000)), .init("created_at", .time),
        ]),
    ]
}
