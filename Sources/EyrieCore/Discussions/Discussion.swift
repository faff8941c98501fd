import Foundation

/// A discussion is a question (one reply may be marked as the answer that solved it) or a topic.
public enum DiscussionKind: String, Sendable, CaseIterable {
    case question, topic

    public var label: String {
        switch self {
        case .question: "Question"
        case .topic: "Topic"
        }
    }
}

/// A thread of a community, optionally in one of its challenges.
public struct Discussion: Sendable, Equatable {
    public var id: Int64
    public var communityID: Int64
    public var challengeID: Int64?
    public var challengeTitle: String?
    public var kind: DiscussionKind
    public var title: String
    public var body: String
    public var language: String
    public var authorID: Int64?
    public var authorName: String?
    public var createdAt: Date
    public var lastPostAt: Date
    public var replyCount: Int
    public var acceptedReplyID: Int64?
    public var isLocked: Bool
    public var hiddenReason: String?

    public init(id: Int64, communityID: Int64, challengeID: Int64?, challengeTitle: String?, kind: DiscussionKind, title: String,
                body: String, language: String, authorID: Int64?, authorName: String?, createdAt: Date, lastPostAt: Date,
                replyCount: Int, acceptedReplyID: Int64?, isLocked: Bool, hiddenReason: String?) {
        self.id = id; self.communityID = communityID; self.challengeID = challengeID; self.challengeTitle = challengeTitle
        self.kind = kind; self.title = title; self.body = body; self.language = language; self.authorID = authorID
        self.authorName = authorName; self.createdAt = createdAt; self.lastPostAt = lastPostAt; self.replyCount = replyCount
        self.acceptedReplyID = acceptedReplyID; self.isLocked = isLocked; self.hiddenReason = hiddenReason
    }

    public var isAnswered: Bool { acceptedReplyID != nil }
    public var isHidden: Bool { hiddenReason != nil }
}

/// A reply in a discussion: top-level, or under one top-level reply; it may quote another reply.
public struct DiscussionReply: Sendable, Equatable {
    public var id: Int64
    public var parentID: Int64?
    public var quoteID: Int64?
    public var body: String
    public var language: String
    public var authorID: Int64?
    public var authorName: String?
    public var createdAt: Date
    public var hiddenReason: String?

    public init(id: Int64, parentID: Int64?, quoteID: Int64?, body: String, language: String, authorID: Int64?,
                authorName: String?, createdAt: Date, hiddenReason: String?) {
        self.id = id; self.parentID = parentID; self.quoteID = quoteID; self.body = body; self.language = language
        self.authorID = authorID; self.authorName = authorName; self.createdAt = createdAt; self.hiddenReason = hiddenReason
    }
}

/// A new discussion as typed on its form.
public struct DiscussionDraft: Sendable, Equatable {
    public var kind: DiscussionKind
    public var title: String
    public var body: String
    public var challengeID: Int64?
    public var language: String?

    public init(kind: DiscussionKind, title: String, body: String, challengeID: Int64? = nil, language: String? = nil) {
        self.kind = kind; self.title = title; self.body = body; self.challengeID = challengeID; self.language = language
    }

    /// `challenges`: the ids of the community's challenges a discussion may be in.
    public static func validate(_ form: [String: String], challenges: [Int64]) throws -> DiscussionDraft {
        var errors: [FieldError] = []
        let kind = DiscussionKind(rawValue: form["kind"] ?? "")
        if kind == nil { errors.append(.init("kind", "Choose whether you ask a question or open a topic")) }
        let title = TextRule("title", "Title", min: 5, max: 160).check(form["title"], into: &errors)
        let body = TextRule("body", "Text", min: 1, max: 20_000, multiline: true).check(form["body"], into: &errors)
        var challenge: Int64?
        if let raw = form["challenge"], !raw.isEmpty {
            challenge = Int64(raw)
            if challenge == nil || !challenges.contains(challenge!) {
                errors.append(.init("challenge", "Choose one of this community's challenges, or none"))
            }
        }
        let language = form["language"].flatMap { $0.isEmpty ? nil : $0 }
        if let language, ContentLanguage.entry(language) == nil {
            errors.append(.init("language", "Choose the language it is written in"))
        }
        guard errors.isEmpty, let kind else { throw ValidationErrors(errors) }
        return DiscussionDraft(kind: kind, title: title, body: body, challengeID: challenge, language: language)
    }
}

/// A reply as typed: its text, the reply it answers and the one it quotes.
public struct ReplyDraft: Sendable, Equatable {
    public var body: String
    public var parentID: Int64?
    public var quoteID: Int64?
    public var language: String?

    public init(body: String, parentID: Int64? = nil, quoteID: Int64? = nil, language: String? = nil) {
        self.body = body; self.parentID = parentID; self.quoteID = quoteID; self.language = language
    }

    public static func validate(_ form: [String: String]) throws -> ReplyDraft {
        var errors: [FieldError] = []
        let body = TextRule("body", "Reply", min: 1, max: 10_000, multiline: true).check(form["body"], into: &errors)
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        func id(_ key: String) -> Int64? { form[key].flatMap { Int64($0) } }
        return ReplyDraft(body: body, parentID: id("parent"), quoteID: id("quote"),
                          language: form["language"].flatMap { ContentLanguage.entry($0)?.tag })
    }
}

/// Which discussions a list shows.
public enum DiscussionFilter: String, Sendable, CaseIterable {
    case all, questions, unanswered

    public var label: String {
        switch self {
        case .all: "All"
        case .questions: "Questions"
        case .unanswered: "Unanswered questions"
        }
    }
}

/// Members named in a text as `@Their Name`: each `@` followed by the longest member's name it starts with (case
/// does not matter; the name must end at a word's end). Returns their ids, each once, in the order named.
public enum Mentions {
    public static func find(in text: String, among members: [(id: Int64, name: String)]) -> [Int64] {
        let byLength = members.filter { !$0.name.isEmpty }.sorted { $0.name.count > $1.name.count }
        var found: [Int64] = []
        var rest = text[...]
        while let at = rest.firstIndex(of: "@") {
            let after = rest[rest.index(after: at)...]
            if let match = byLength.first(where: { member in
                guard after.lowercased().hasPrefix(member.name.lowercased()) else { return false }
                let end = after.index(after.startIndex, offsetBy: member.name.count, limitedBy: after.endIndex) ?? after.endIndex
                return end == after.endIndex || !(after[end].isLetter || after[end].isNumber)
            }) {
                if !found.contains(match.id) { found.append(match.id) }
            }
            rest = after
        }
        return found
    }
}

/// Who may do what in a discussion, beyond being a member of its community.
public enum DiscussionRules {
    /// The asker, or a steward, marks the reply that answered a question.
    public static func mayAccept(actor: Actor, isAsker: Bool, kind: DiscussionKind) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        guard kind == .question else { return .notNow("Only a question has an answer to mark.") }
        return isAsker || actor.atLeast(.steward) ? .allowed : .forbidden("Only the person who asked, or a steward, marks the answer.")
    }

    /// Members reply while the discussion is open (not locked, not hidden).
    public static func mayReply(actor: Actor, isLocked: Bool, isHidden: Bool) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        guard actor.atLeast(.member) else { return .joinCommunity }
        if isHidden { return .notNow("This discussion is hidden: it takes no replies.") }
        if isLocked { return .notNow("This discussion is locked: it takes no more replies.") }
        return .allowed
    }
}
