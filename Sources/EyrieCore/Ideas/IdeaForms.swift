/// An idea as typed on the submit or edit page.
public struct IdeaDraft: Sendable, Equatable {
    public var title: String
    public var summary: String
    public var body: String
    public var tags: [String]
    public var coAuthorEmails: [String]
    /// The language it is written in (`ContentLanguage`); nil when the form did not say (the writer's is used).
    public var language: String?

    public init(title: String, summary: String, body: String, tags: [String], coAuthorEmails: [String] = [],
                language: String? = nil) {
        self.title = title; self.summary = summary; self.body = body; self.tags = tags
        self.coAuthorEmails = coAuthorEmails; self.language = language
    }

    public static let maxTags = 8
    public static let maxCoAuthors = 5

    public static func validate(_ form: [String: String]) throws -> IdeaDraft {
        var errors: [FieldError] = []
        let title = TextRule("title", "Title", min: 5, max: 140).check(form["title"], into: &errors)
        let summary = TextRule("summary", "Summary", min: 10, max: 300).check(form["summary"], into: &errors)
        let body = TextRule("body", "Description", required: false, max: 10_000, multiline: true)
            .check(form["body"], into: &errors)
        let tags = Tags.parse(form["tags"], into: &errors)
        var coAuthors: [String] = []
        let rawAuthors = TextRule("coauthors", "Co-authors", required: false, max: 1000).check(form["coauthors"], into: &errors)
        for piece in rawAuthors.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) where !piece.isEmpty {
            var one: [FieldError] = []
            let email = Email.validate(String(piece), field: "coauthors", into: &one)
            if !one.isEmpty {
                errors.append(.init("coauthors", "“\("address", piece)” is not an e-mail address"))
            } else if !coAuthors.contains(email) {
                coAuthors.append(email)
            }
        }
        if coAuthors.count > maxCoAuthors { errors.append(.init("coauthors", "Add at most \("maxCoAuthors", maxCoAuthors) co-authors")) }
        let language = form["language"].flatMap { $0.isEmpty ? nil : $0 }
        if let language, ContentLanguage.entry(language) == nil {
            errors.append(.init("language", "Choose the language the idea is written in"))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return IdeaDraft(title: title, summary: summary, body: body, tags: tags, coAuthorEmails: coAuthors, language: language)
    }
}

/// Tags: comma-separated, lower-cased, letters, digits and dashes, each 2–30 characters.
public enum Tags {
    public static func parse(_ raw: String?, into errors: inout [FieldError]) -> [String] {
        var tags: [String] = []
        for piece in (raw ?? "").split(separator: ",") {
            let tag = normalise(String(piece))
            if tag.isEmpty { continue }
            guard (2...30).contains(tag.count) else {
                errors.append(.init("tags", "Each tag must be 2 to 30 characters (\("tag", tag))"))
                return tags
            }
            if !tags.contains(tag) { tags.append(tag) }
        }
        if tags.count > IdeaDraft.maxTags { errors.append(.init("tags", "Use at most \("maxTags", IdeaDraft.maxTags) tags")) }
        return tags
    }

    /// Lower-case letters and digits, with single dashes for anything else.
    public static func normalise(_ raw: String) -> String { Slug.make(raw) }
}

/// A comment or a reply.
public struct CommentDraft: Sendable, Equatable {
    public var body: String
    public var parentID: Int64?

    public init(body: String, parentID: Int64? = nil) { self.body = body; self.parentID = parentID }

    public static func validate(_ form: [String: String]) throws -> CommentDraft {
        var errors: [FieldError] = []
        let body = TextRule("body", "Comment", max: 5000, multiline: true).check(form["body"], into: &errors)
        var parent: Int64?
        if let raw = form["parent"], !raw.isEmpty {
            parent = Int64(raw)
            if parent == nil { errors.append(.init("body", "The comment you replied to does not exist")) }
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return CommentDraft(body: body, parentID: parent)
    }
}

/// A reason given for a steward's decision (decline, hide) or an author's withdrawal.
public enum Reason {
    public static func validate(_ raw: String?, required: Bool) throws -> String {
        var errors: [FieldError] = []
        let reason = TextRule("reason", "Reason", required: required, max: 1000, multiline: true)
            .check(raw, into: &errors)
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return reason
    }
}
