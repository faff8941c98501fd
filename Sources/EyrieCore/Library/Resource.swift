import Foundation

/// What kind of thing a resource of the library is: the four every community has, or one its stewards added
/// (`custom`, its name as they wrote it).
public enum ResourceKind: Sendable, Hashable {
    case tool, `case`, lesson, guide
    case custom(String)

    public static let builtIn: [ResourceKind] = [.tool, .case, .lesson, .guide]

    /// As stored: `tool`, `case`, `lesson`, `guide`, or the custom kind's name.
    public var key: String {
        switch self {
        case .tool: "tool"
        case .case: "case"
        case .lesson: "lesson"
        case .guide: "guide"
        case .custom(let name): name
        }
    }

    public init(key: String) {
        self = Self.builtIn.first { $0.key == key } ?? .custom(key)
    }

    /// A built-in kind's name (a message); a custom kind's own name.
    public var label: String {
        switch self {
        case .tool: "Tool or template"
        case .case: "Case"
        case .lesson: "Lesson learned"
        case .guide: "Guide"
        case .custom(let name): name
        }
    }

    public var isBuiltIn: Bool { if case .custom = self { false } else { true } }
}

/// A resource of a community's library: a tool or template, a case, a lesson learned, a guide; written in Markdown,
/// tagged, edited by its community with every version kept.
public struct Resource: Sendable, Equatable {
    public var id: Int64
    public var communityID: Int64
    public var kind: ResourceKind
    public var title: String
    public var body: String
    public var tags: [String]
    public var language: String
    /// Counts the edits: 1 when written, +1 for each edit or restore. An edit names the version it started from, so
    /// that a second editor is told instead of overwriting the first.
    public var version: Int
    public var usefulCount: Int
    public var createdBy: Int64?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, communityID: Int64, kind: ResourceKind, title: String, body: String, tags: [String],
                language: String, version: Int, usefulCount: Int, createdBy: Int64?, createdAt: Date, updatedAt: Date) {
        self.id = id; self.communityID = communityID; self.kind = kind; self.title = title; self.body = body
        self.tags = tags; self.language = language; self.version = version; self.usefulCount = usefulCount
        self.createdBy = createdBy; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// One kept version of a resource: what it said, who made it and why.
public struct ResourceVersion: Sendable, Equatable {
    public var number: Int
    public var title: String
    public var body: String
    public var kind: ResourceKind
    public var tags: [String]
    public var editorID: Int64?
    public var editorName: String?
    public var at: Date
    /// The editor's one line on what changed ("Added the Lyon figures"); empty for the first version.
    public var reason: String

    public init(number: Int, title: String, body: String, kind: ResourceKind, tags: [String], editorID: Int64?,
                editorName: String?, at: Date, reason: String) {
        self.number = number; self.title = title; self.body = body; self.kind = kind; self.tags = tags
        self.editorID = editorID; self.editorName = editorName; self.at = at; self.reason = reason
    }
}

/// A resource as typed on its form.
public struct ResourceDraft: Sendable, Equatable {
    public var title: String
    public var kind: ResourceKind
    public var body: String
    public var tags: [String]
    public var language: String?
    /// For an edit: the version the editor started from, and their one line on what changed.
    public var baseVersion: Int?
    public var reason: String

    public init(title: String, kind: ResourceKind, body: String, tags: [String], language: String? = nil,
                baseVersion: Int? = nil, reason: String = "") {
        self.title = title; self.kind = kind; self.body = body; self.tags = tags; self.language = language
        self.baseVersion = baseVersion; self.reason = reason
    }

    public static let maxBody = 50_000

    /// `kinds`: the keys the community offers (the built-in four and its own).
    public static func validate(_ form: [String: String], kinds: [ResourceKind], editing: Bool = false) throws -> ResourceDraft {
        var errors: [FieldError] = []
        let title = TextRule("title", "Title", min: 3, max: 160).check(form["title"], into: &errors)
        let kindKey = (form["kind"] ?? "").trimmingWhitespace()
        let kind = kinds.first { $0.key == kindKey }
        if kind == nil { errors.append(.init("kind", "Choose what kind of resource this is")) }
        let body = TextRule("body", "Text", min: 1, max: maxBody, multiline: true).check(form["body"], into: &errors)
        let tags = Tags.parse(form["tags"], into: &errors)
        let language = form["language"].flatMap { $0.isEmpty ? nil : $0 }
        if let language, ContentLanguage.entry(language) == nil {
            errors.append(.init("language", "Choose the language the resource is written in"))
        }
        var base: Int?
        var reason = ""
        if editing {
            base = form["version"].flatMap { Int($0) }
            if base == nil { errors.append(.init("body", "This form is out of date: open the resource again")) }
            reason = TextRule("reason", "What changed", required: false, max: 200).check(form["reason"], into: &errors)
        }
        guard errors.isEmpty, let kind else { throw ValidationErrors(errors) }
        return ResourceDraft(title: title, kind: kind, body: body, tags: tags, language: language, baseVersion: base,
                             reason: reason)
    }
}

/// A kind a community's stewards add to the four every library has.
public enum ResourceKindName {
    public static func validate(_ form: [String: String], existing: [ResourceKind]) throws -> ResourceKind {
        var errors: [FieldError] = []
        let name = TextRule("name", "Name", min: 2, max: 40).check(form["name"], into: &errors)
        if errors.isEmpty, existing.contains(where: { $0.key.lowercased() == name.lowercased() || $0.label.lowercased() == name.lowercased() }) {
            errors.append(.init("name", "The library has this kind already"))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return .custom(name)
    }
}

/// How the library's list is ordered.
public enum ResourceSort: String, Sendable, CaseIterable {
    case newest, useful, updated

    public var label: String {
        switch self {
        case .newest: "Newest"
        case .useful: "Most useful"
        case .updated: "Recently updated"
        }
    }
}

/// What the library's list shows: words to find, a kind, a tag, an order.
public struct ResourceQuery: Sendable, Equatable {
    public var words: String
    public var kind: String?
    public var tag: String?
    public var sort: ResourceSort
    public var limit: Int

    public init(words: String = "", kind: String? = nil, tag: String? = nil, sort: ResourceSort = .newest, limit: Int = 50) {
        self.words = words; self.kind = kind; self.tag = tag; self.sort = sort; self.limit = limit
    }

    public static func parse(_ params: [String: String]) -> ResourceQuery {
        func given(_ key: String) -> String? {
            params[key].map { $0.trimmingWhitespace() }.flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        return ResourceQuery(words: given("q") ?? "", kind: given("kind"), tag: given("tag").map(Tags.normalise),
                             sort: given("sort").flatMap(ResourceSort.init(rawValue:)) ?? .newest)
    }
}
