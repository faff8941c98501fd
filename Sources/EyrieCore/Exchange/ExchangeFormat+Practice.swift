extension ExchangeFormat {
    static let contentLanguages = ["en", "fr", "ar"]

    /// The practice: the library (resources with every version, their authors, useful marks, files and links to the
    /// work) and the discussions (threads, replies, moderation). Counters (useful marks, replies, the library's
    /// usage, the names searched) are recounted after an import.
    static let practice: [ExchangeEntity] = [
        .init("resource_kinds", idKind: nil, "kinds of library resources the stewards added", [
            .init("name", .text(40)), .init("created_at", .time),
        ]),
        .init("resources", idKind: "resource", "the library: tools, cases, lessons learned and guides, in Markdown", [
            .init("kind", .text(40), "tool, case, lesson, guide or a kind of resource_kinds"), .init("title", .text(160)),
            .init("body", .text(50_000)), .init("tags", .texts(20, 40)),
            .init("language", .oneOf(contentLanguages), optional: true, keptWhenAbsent: true),
            .init("version", .integer(1...1_000_000), "the number of its latest version"),
            .init("featured_at", .time, "since when stewards feature it on the community's page", optional: true),
            .ref("created_by", "members", optional: true), .init("created_at", .time), .init("updated_at", .time),
        ]),
        .init("resource_versions", idKind: nil, "every version of every resource, with who wrote it and why", [
            .ref("resource", "resources"), .init("number", .integer(1...1_000_000)), .init("kind", .text(40)),
            .init("title", .text(160)), .init("body", .text(50_000)), .init("tags", .texts(20, 40)),
            .ref("edited_by", "members", optional: true), .init("reason", .text(200)), .init("edited_at", .time),
        ]),
        .init("resource_authors", idKind: nil, "who wrote each resource", [
            .ref("resource", "resources"), .ref("member", "members"),
        ]),
        .init("resource_useful", idKind: nil, "who found a resource useful (the count is recounted)", [
            .ref("resource", "resources"), .ref("member", "members"), .init("created_at", .time),
        ]),
        .init("resource_attachments", idKind: "attachment", "files attached to resources, their bytes in base64", [
            .ref("resource", "resources"), .init("name", .text(200)),
            .init("type", .oneOf(AttachmentType.allCases.map(\.rawValue)), "the type Eyrie recorded from the bytes"),
            .init("size", .integer(1...Int64(ExchangeFormat.maxFileBytes))), .init("content", .bytes(ExchangeFormat.maxFileBytes)),
            .ref("uploaded_by", "members", optional: true), .init("uploaded_at", .time),
        ]),
        .init("resource_links", idKind: nil, "the idea, workshop or offering each resource is linked to", [
            .ref("resource", "resources"), .ref("idea", "ideas", optional: true), .ref("workshop", "workshops", optional: true),
            .ref("offering", "offerings", optional: true),
            .init("from_summary", .boolean, "made from the workshop's summary in one step"),
            .ref("update", "offering_updates", optional: true), .ref("linked_by", "members", optional: true),
            .init("linked_at", .time),
        ]),
        .init("threads", idKind: "discussion", "discussions: questions and topics (reply counts are recounted)", [
            .ref("challenge", "challenges", optional: true), .init("kind", .oneOf(["question", "topic"])),
            .init("title", .text(160)), .init("body", .text(20_000)),
            .init("language", .oneOf(contentLanguages), optional: true, keptWhenAbsent: true),
            .ref("author", "members", optional: true), .init("created_at", .time), .init("last_post_at", .time),
            .ref("accepted_reply", "replies", optional: true, afterwards: true),
            .init("locked_at", .time, optional: true), .init("hidden_reason", .text(1000), optional: true),
            .ref("idea", "ideas", "the idea it became", optional: true),
            .ref("resource", "resources", "the resource it was kept as", optional: true),
        ]),
        .init("replies", idKind: "reply", "replies to discussions, one level deep", [
            .ref("thread", "threads"), .ref("parent", "replies", optional: true), .ref("quote", "replies", optional: true),
            .init("body", .text(10_000)), .init("language", .oneOf(contentLanguages), optional: true, keptWhenAbsent: true),
            .ref("author", "members", optional: true), .init("created_at", .time),
            .init("hidden_reason", .text(1000), optional: true),
        ]),
        .init("thread_events", idKind: "discussion-event", "who hid, restored, locked or accepted what, and why", [
            .ref("thread", "threads"), .ref("reply", "replies", optional: true), .ref("actor", "members", optional: true),
            .init("kind", .oneOf(["hidden", "restored", "locked", "unlocked", "accepted"])), .init("reason", .text(1000)),
            .init("created_at", .time),
        ]),
    ]
}
