/// Builds the Eyrie rows a peer's posts become: one organisation for the people it names, a placeholder member per
/// author (who cannot sign in until invited), one challenge holding the ideas, and each idea with its history.
/// Ids are made from the peer's own (`fider/post/12`), so importing the same file again finds the same rows.
public final class PeerCommunity {
    public let bundle: PeerBundle
    let prefix: String
    let organisationID: String
    var people: [String: String] = [:]
    var earliest: String?
    var latest: String?

    public init(peer: String, organisation: String, file: String) {
        bundle = PeerBundle(source: file)
        prefix = peer
        organisationID = "\(peer)/organisation/\(Slug.make(organisation))"
        bundle.add("organisations", row: 1, [("id", .string(organisationID)), ("name", .string(organisation)),
                                             ("created_at", .string("2000-01-01T00:00:00Z"))])
    }

    /// The member for an author's name (the same name is the same person), joining the community.
    public func person(_ name: String, key: String? = nil, at time: String) -> String {
        let display = String((name.isEmpty ? "Anonymous" : name).prefix(80))
        let id = "\(prefix)/member/" + (key ?? (Slug.make(display).isEmpty ? "anonymous" : Slug.make(display)))
        if people[id] == nil {
            people[id] = display
            bundle.add("members", row: 1, [("id", .string(id)), ("name", .string(display)),
                                           ("organisation", .string(organisationID)), ("email", .null),
                                           ("created_at", .string(time))])
            bundle.add("memberships", row: 1, [("member", .string(id)), ("role", .string("member")),
                                               ("status", .string("active")), ("is_sponsor", .bool(false)),
                                               ("joined_at", .string(time))])
        }
        return id
    }

    public func saw(_ time: String) {
        if earliest == nil || time < earliest! { earliest = time }
        if latest == nil || time > latest! { latest = time }
    }

    /// The challenge the ideas go to, closed, spanning the ideas' dates; made by the first author.
    public func challenge(title: String, question: String, creator: String) -> String {
        let id = "\(prefix)/challenge/\(Slug.make(title))"
        let start = earliest ?? "2000-01-01T00:00:00Z"
        let end = latest ?? start
        bundle.add("challenges", row: 1, [
            ("id", .string(id)), ("title", .string(String(title.prefix(140)))),
            ("problem", .string("Imported from \(bundle.source).")), ("question", .string(String(question.prefix(300)))),
            ("sponsor", .string(organisationID)), ("opens_at", .string(start)), ("voting_at", .string(start)),
            ("review_at", .string(end)), ("closes_at", .string(end)), ("phase_override", .string("closed")),
            ("late_submissions", .bool(false)), ("voting_started_at", .string(start)),
            ("created_by", .string(creator)), ("created_at", .string(start)),
        ])
        bundle.add("voting_settings", row: 1, [
            ("challenge", .string(id)), ("supports", .bool(true)), ("support_budget", .null),
            ("auto_shortlist_at", .null), ("dots", .bool(false)), ("dots_per_member", .number("10")),
            ("max_dots_per_idea", .number("3")), ("pairwise", .bool(false)), ("pairwise_new_ideas", .bool(true)),
            ("scorecards", .bool(false)), ("criteria", .array(["Desirability", "Feasibility", "Viability"].map { .string($0) })),
            ("weights", .array([.number("1"), .number("1"), .number("1")])), ("blind_review", .bool(true)),
            ("results_published", .bool(false)),
        ])
        return id
    }

    public struct Idea {
        public var id: String
        public var row: Int
        public var title: String
        public var body: String
        public var authors: [String]
        public var state: String
        public var mergedInto: String?
        public var tags: [String]
        public var supports: Int
        public var createdAt: String
        public var updatedAt: String

        public init(id: String, row: Int, title: String, body: String, authors: [String], state: String,
                    mergedInto: String? = nil, tags: [String], supports: Int, createdAt: String, updatedAt: String) {
            self.id = id; self.row = row; self.title = title; self.body = body; self.authors = authors
            self.state = state; self.mergedInto = mergedInto; self.tags = tags; self.supports = supports
            self.createdAt = createdAt; self.updatedAt = updatedAt
        }
    }

    public func add(_ idea: Idea, challenge: String) {
        let summary = Self.summary(idea.body.isEmpty ? idea.title : idea.body)
        let tags = Array(idea.tags.map(Tags.normalise).filter { (2...30).contains($0.count) }.prefix(10))
        bundle.add("ideas", row: idea.row, [
            ("id", .string(idea.id)), ("challenge", .string(challenge)), ("author", .string(idea.authors[0])),
            ("title", .string(String((idea.title.isEmpty ? "Untitled" : idea.title).prefix(140)))),
            ("summary", .string(summary)), ("body", .string(String(idea.body.prefix(10000)))),
            ("tags", .array(Array(Set(tags)).sorted().map { .string($0) })), ("state", .string(idea.state)),
            ("merged_into", idea.mergedInto.map { .string($0) } ?? .null), ("offering", .null), ("hidden_reason", .null),
            ("awaiting_approval", .bool(false)), ("imported_supports", .number(String(max(0, idea.supports)))),
            ("created_at", .string(idea.createdAt)), ("updated_at", .string(idea.updatedAt)),
        ])
        for (position, author) in idea.authors.enumerated() {
            bundle.add("idea_authors", row: idea.row, [("idea", .string(idea.id)), ("member", .string(author)),
                                                       ("position", .number(String(position)))])
        }
    }

    /// A moderator's answer or a state change, kept in the idea's history.
    public func event(idea: String, row: Int, actor: String?, to state: String, reason: String, at time: String) {
        bundle.add("idea_events", row: row, [
            ("id", .string("\(idea)/answer")), ("idea", .string(idea)), ("actor", actor.map { .string($0) } ?? .null),
            ("kind", .string("transition")), ("from_state", .string("submitted")), ("to_state", .string(state)),
            ("reason", .string(String(reason.prefix(2000)))), ("created_at", .string(time)),
        ])
    }

    /// The first sentence or 300 characters of the body, as the idea's summary.
    static func summary(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= 300 ? flat : String(flat.prefix(299)) + "…"
    }
}
