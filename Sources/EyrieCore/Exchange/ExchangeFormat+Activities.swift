extension ExchangeFormat {
    static let voting: [ExchangeEntity] = [
        .init("supports", idKind: nil, "one per member and idea", [
            .ref("idea", "ideas"), .ref("member", "members"), .init("created_at", .time),
        ]),
        .init("dots", idKind: nil, "dots each member put on an idea", [
            .ref("idea", "ideas"), .ref("member", "members"), .init("count", .integer(0...100)),
        ]),
        .init("pairwise_votes", idKind: "pairwise-vote", "answers to \"which is better?\"", [
            .ref("challenge", "challenges"), .ref("member", "members"), .ref("left", "ideas"), .ref("right", "ideas"),
            .init("choice", .oneOf(["left", "right", "skip"])), .init("reason", .text(300)), .init("created_at", .time),
        ]),
        .init("reviewers", idKind: nil, "who reviews each challenge's shortlist", [
            .ref("challenge", "challenges"), .ref("member", "members"), .init("assigned_at", .time),
        ]),
        .init("scorecards", idKind: nil, "reviewers' scores (1–5 per criterion, in the challenge's order)", [
            .ref("idea", "ideas"), .ref("reviewer", "members"), .init("scores", .integers(8, 1...5)),
            .init("comment", .text(2000)), .init("submitted_at", .time),
        ]),
    ]

    static let workshops: [ExchangeEntity] = [
        .init("workshops", idKind: "workshop", "co-design workshops; seat counts are recounted from registrations", [
            .ref("challenge", "challenges", optional: true), .init("title", .text(140)), .init("purpose", .text(2000)),
            .init("starts_at", .time), .init("ends_at", .time), .init("time_zone", .text(64)),
            .init("place", .text(200)), .init("call_link", .text(500)), .init("capacity", .integer(1...1000)),
            .init("state", .oneOf(["draft", "scheduled", "running", "closed", "cancelled"])),
            .init("cancel_reason", .text(1000), optional: true), .init("sequence", .integer(0...1_000_000)),
            .ref("created_by", "members"), .init("created_at", .time), .init("updated_at", .time),
        ]),
        .init("workshop_facilitators", idKind: nil, "who runs each workshop", [
            .ref("workshop", "workshops"), .ref("member", "members"),
        ]),
        .init("workshop_ideas", idKind: nil, "the ideas a workshop works on", [
            .ref("workshop", "workshops"), .ref("idea", "ideas"),
        ]),
        .init("workshop_registrations", idKind: nil, "seats and the waiting list, in the order people asked", [
            .ref("workshop", "workshops"), .ref("member", "members"),
            .init("status", .oneOf(["registered", "waiting", "cancelled"])), .init("attended", .boolean, optional: true),
            .init("registered_at", .time), .init("updated_at", .time),
        ]),
        .init("workshop_events", idKind: "workshop-event", "state moves, registrations and promotions", [
            .ref("workshop", "workshops"), .ref("actor", "members", optional: true),
            .ref("member", "members", optional: true), .init("kind", .text(40)), .init("reason", .text(1000)),
            .init("created_at", .time),
        ]),
        .init("workshop_activities", idKind: "activity", "the agenda", [
            .ref("workshop", "workshops"), .init("position", .integer(0...1000)),
            .init("kind", .oneOf(["framing", "brainstorm", "clustering", "dot-vote", "blueprint", "decision"])),
            .init("title", .text(140)), .init("prompt", .text(1000)), .init("minutes", .integer(1...480)),
            .init("dots_per_participant", .integer(1...50)), .init("max_dots_per_item", .integer(1...50)),
            .init("state", .oneOf(["pending", "running", "paused", "done"])), .init("ends_at", .time, optional: true),
            .init("seconds_left", .integer(0...1_000_000), optional: true),
        ]),
        .init("board_clusters", idKind: "cluster", "groups of sticky notes", [
            .ref("workshop", "workshops"), .init("name", .text(80)), .init("created_at", .time),
        ]),
        .init("board_notes", idKind: "note", "sticky notes on the live board", [
            .ref("workshop", "workshops"), .ref("activity", "workshop_activities", optional: true),
            .ref("author", "members"), .init("body", .text(500)), .ref("cluster", "board_clusters", optional: true),
            .init("lane", .oneOf(["evidence", "customer", "frontstage", "backstage", "support"]), optional: true),
            .init("decision", .boolean), .init("created_at", .time), .init("updated_at", .time),
        ]),
        .init("board_dots", idKind: nil, "dots on notes and clusters in a dot-vote activity", [
            .ref("activity", "workshop_activities"), .ref("member", "members"), .init("target", .boardItem),
            .init("count", .integer(0...50)),
        ]),
        .init("workshop_outputs", idKind: "output", "ideas and comments a workshop produced, and from which note", [
            .ref("workshop", "workshops"), .init("kind", .oneOf(["idea", "comment"])), .init("source", .boardItem),
            .ref("idea", "ideas"), .ref("comment", "comments", optional: true),
            .ref("created_by", "members", optional: true), .init("created_at", .time),
        ]),
    ]

    static let offerings: [ExchangeEntity] = [
        .init("offering_workshops", idKind: nil, "workshops an offering came from", [
            .ref("offering", "offerings"), .ref("workshop", "workshops"),
        ]),
        .init("offering_events", idKind: "offering-event", "an offering's states, with who and why", [
            .ref("offering", "offerings"), .ref("actor", "members", optional: true), .init("kind", .text(40)),
            .init("from_state", .text(20), optional: true), .init("to_state", .text(20), optional: true),
            .init("reason", .text(2000)), .init("created_at", .time),
        ]),
        .init("canvas_entries", idKind: "canvas-entry", "the value proposition canvas", [
            .ref("offering", "offerings"),
            .init("section", .oneOf(["jobs", "pains", "gains", "products", "relievers", "creators"])),
            .init("position", .integer(0...10000)), .init("body", .text(200)),
        ]),
        .init("canvas_fits", idKind: nil, "which reliever answers which pain, which creator which gain", [
            .ref("offering", "offerings"), .ref("from_entry", "canvas_entries", column: "from_entry"),
            .ref("to_entry", "canvas_entries", column: "to_entry"),
        ]),
        .init("blueprint_steps", idKind: "step", "the service blueprint: lane, column, fail points and waits", [
            .ref("offering", "offerings"),
            .init("lane", .oneOf(["evidence", "customer", "frontstage", "backstage", "support"])),
            .init("column", .integer(1...10000)), .init("body", .text(200)), .init("fail_point", .boolean),
            .init("wait_minutes", .integer(0...10080), optional: true), .init("source", .boardItem, optional: true),
        ]),
        .init("blueprint_arrows", idKind: nil, "arrows between blueprint steps", [
            .ref("offering", "offerings"), .ref("from_step", "blueprint_steps", column: "from_step"),
            .ref("to_step", "blueprint_steps", column: "to_step"),
        ]),
        .init("kpis", idKind: "kpi", "what an offering measures", [
            .ref("offering", "offerings"), .init("name", .text(120)), .init("unit", .text(20)),
            .init("direction", .oneOf(["higher", "lower"])), .init("baseline", .number),
            .init("target", .number, optional: true), .init("created_at", .time),
        ]),
        .init("kpi_measurements", idKind: nil, "dated values, one per KPI and day", [
            .ref("kpi", "kpis"), .init("day", .day), .init("value", .number),
            .ref("recorded_by", "members", optional: true),
        ]),
        .init("offering_updates", idKind: "update", "progress notes with the overall percentage", [
            .ref("offering", "offerings"), .ref("author", "members", optional: true), .init("note", .text(2000)),
            .init("percent", .integer(0...100)), .init("created_at", .time),
        ]),
        .init("milestones", idKind: "milestone", "dated milestones", [
            .ref("offering", "offerings"), .init("title", .text(140)), .init("due", .day),
            .init("done_at", .time, optional: true),
        ]),
    ]
}
