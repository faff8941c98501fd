import EyrieCore
import Foundation
import PostgresNIO

/// Lists of ideas: a challenge's page (sorted, searched, filtered, keyset-paged), tags, similar titles, a profile.
public struct IdeaListRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Page: Sendable {
        public var ideas: [IdeaSummary]
        public var total: Int
        public var next: IdeaCursor?
    }

    static let summaryColumns = columns(authors: """
        ARRAY(SELECT m.name FROM idea_authors a JOIN members m ON m.id = a.member_id
              WHERE a.idea_id = i.id ORDER BY a.position)
        """)
    /// The same without author names, for lists that never show them (results): a quarter of the cost on 2,000 ideas.
    static let summaryColumnsWithoutAuthors = columns(authors: "'{}'::text[]")

    private static func columns(authors: String) -> String {
        """
        i.id, i.challenge_id, i.title, i.summary, i.tags, i.state, i.support_count, i.comment_count, i.created_at,
        i.hidden_reason IS NOT NULL, \(authors), i.dot_count, i.language
        """
    }

    /// One page of a challenge's public ideas (not drafts, merged or hidden ones). `unfilteredTotal`, when the caller
    /// already has the challenge's count of public ideas, saves counting them again for a page without search or tag.
    /// Search matches an idea's words and tags (English stemming) or its authors' names (word for word). "Newest"
    /// orders by `created_at`, the date the cards show; its cursor carries that time in microseconds.
    public func page(challengeID: Int64, query: IdeaQuery, unfilteredTotal: Int? = nil) async throws -> Page {
        let key = switch query.sort {
        case .new: "i.created_at"
        case .supported: "i.support_count"
        case .discussed: "i.comment_count"
        }
        // The cursor's key as the column's type: microseconds since 1970 become a timestamptz exactly.
        let (open, close) = query.sort == .new ? ("('epoch'::timestamptz + interval '1 microsecond' * ", ")") : ("", "")
        let after = query.after
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.summaryColumns), (EXTRACT(EPOCH FROM i.created_at) * 1000000)::int8 FROM ideas i
            WHERE i.challenge_id = \(challengeID) AND i.state NOT IN ('draft', 'merged') AND i.hidden_reason IS NULL AND NOT i.awaiting_approval
              AND (\(query.search) = '' OR i.search @@ eyrie_search_query(\(query.search))
                   OR i.id IN (SELECT a.idea_id FROM members m JOIN idea_authors a ON a.member_id = m.id
                               WHERE to_tsvector('simple', m.name) @@ websearch_to_tsquery('simple', \(query.search))))
              AND (\(query.tag) = '' OR i.tags @> ARRAY[\(query.tag)]::text[])
              AND (\(after == nil) OR (\(unescaped: key), i.id) < (\(unescaped: open)\(after?.key ?? 0)\(unescaped: close), \(after?.id ?? 0)))
            ORDER BY \(unescaped: key) DESC, i.id DESC LIMIT \(query.limit + 1)
            """, logger: db.logger)
        var ideas: [IdeaSummary] = []
        var createdKeys: [Int64] = []
        for try await row in rows {
            var reader = RowReader(row)
            ideas.append(try Self.summary(&reader))
            createdKeys.append(try reader.next(Int64.self))
        }
        var next: IdeaCursor?
        if ideas.count > query.limit {
            ideas.removeLast()
            if let last = ideas.last {
                let value: Int64 = switch query.sort {
                case .new: createdKeys[ideas.count - 1]
                case .supported: Int64(last.supportCount)
                case .discussed: Int64(last.commentCount)
                }
                next = IdeaCursor(key: value, id: last.id)
            }
        }
        if let unfilteredTotal, query.search.isEmpty, query.tag.isEmpty {
            return Page(ideas: ideas, total: unfilteredTotal, next: next)
        }
        let count = try await db.client.query("""
            SELECT count(*)::int8 FROM ideas i
            WHERE i.challenge_id = \(challengeID) AND i.state NOT IN ('draft', 'merged') AND i.hidden_reason IS NULL AND NOT i.awaiting_approval
              AND (\(query.search) = '' OR i.search @@ eyrie_search_query(\(query.search))
                   OR i.id IN (SELECT a.idea_id FROM members m JOIN idea_authors a ON a.member_id = m.id
                               WHERE to_tsvector('simple', m.name) @@ websearch_to_tsquery('simple', \(query.search))))
              AND (\(query.tag) = '' OR i.tags @> ARRAY[\(query.tag)]::text[])
            """, logger: db.logger).first(Int64.self) ?? 0
        return Page(ideas: ideas, total: Int(count), next: next)
    }

    /// Tags used in a challenge with how many public ideas carry each, most used first (kept by the database as
    /// ideas change: `challenge_tags`).
    /// A tag and how many of the challenge's ideas carry it.
    public struct TagCount: Sendable, Equatable {
        public var tag: String
        public var count: Int
    }

    public func tags(challengeID: Int64, limit: Int = 30) async throws -> [TagCount] {
        let rows = try await db.client.query("""
            SELECT tag, idea_count::int8 FROM challenge_tags
            WHERE challenge_id = \(challengeID) AND idea_count > 0
            ORDER BY idea_count DESC, tag LIMIT \(limit)
            """, logger: db.logger)
        var list: [TagCount] = []
        for try await (tag, count) in rows.decode((String, Int64).self) { list.append(TagCount(tag: tag, count: Int(count))) }
        return list
    }

    /// These ideas, in the order asked (the two of a pairwise question); missing ids are left out.
    public func summaries(ids: [Int64]) async throws -> [IdeaSummary] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.summaryColumns) FROM ideas i WHERE i.id = ANY(\(ids))
            """, logger: db.logger)
        let found = try await Self.collect(rows)
        return ids.compactMap { id in found.first { $0.id == id } }
    }

    /// Ideas in the same challenge whose title looks like `title` (trigram similarity), best first.
    public func similar(challengeID: Int64, title: String, excluding: Int64? = nil, limit: Int = 5) async throws -> [IdeaSummary] {
        let title = title.withoutControlCharacters
        guard title.count >= 4 else { return [] }
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.summaryColumns) FROM ideas i
            WHERE i.challenge_id = \(challengeID) AND i.state NOT IN ('draft', 'merged') AND i.hidden_reason IS NULL AND NOT i.awaiting_approval
              AND i.title % \(title) AND i.id <> \(excluding ?? 0)
            ORDER BY similarity(i.title, \(title)) DESC, i.id DESC LIMIT \(limit)
            """, logger: db.logger)
        return try await Self.collect(rows)
    }

    /// Ideas a member authored or co-authored, newest first. Others see only public ones (not drafts, not hidden, not
    /// waiting for a steward's approval); the member themself sees all of theirs (`includePrivate`).
    /// Only in `communityIDs` when given (what the viewer may see).
    public func byAuthor(memberID: Int64, includePrivate: Bool, communityIDs: [Int64]? = nil,
                         limit: Int = 50) async throws -> [IdeaSummary] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.summaryColumns) FROM idea_authors au JOIN ideas i ON i.id = au.idea_id
            WHERE au.member_id = \(memberID)
              AND (\(includePrivate) OR (i.state <> 'draft' AND i.hidden_reason IS NULL AND NOT i.awaiting_approval))
              AND (\(communityIDs == nil) OR i.community_id = ANY(\(communityIDs ?? [])))
            ORDER BY i.created_at DESC, i.id DESC LIMIT \(limit)
            """, logger: db.logger)
        return try await Self.collect(rows)
    }

    /// An idea in a list, from `summaryColumns`, read in their order.
    static func summary(_ r: inout RowReader) throws -> IdeaSummary {
        let (id, challengeID, title, summary) = try (r.next(Int64.self), r.next(Int64.self), r.next(String.self),
                                                     r.next(String.self))
        let (tags, state, supports, comments) = try (r.next([String].self), r.next(String.self), r.next(Int32.self),
                                                     r.next(Int32.self))
        let (createdAt, isHidden, authorNames, dots) = try (r.next(Date.self), r.next(Bool.self), r.next([String].self),
                                                            r.next(Int32.self))
        var idea = IdeaSummary(id: id, challengeID: challengeID, title: title, summary: summary, tags: tags,
                               state: IdeaState(rawValue: state) ?? .submitted, authorNames: authorNames,
                               supportCount: Int(supports), commentCount: Int(comments), createdAt: createdAt,
                               isHidden: isHidden)
        idea.dotCount = Int(dots)
        idea.language = try r.next(String.self)
        return idea
    }

    static func collect(_ rows: PostgresRowSequence) async throws -> [IdeaSummary] {
        var list: [IdeaSummary] = []
        for try await row in rows {
            var reader = RowReader(row)
            list.append(try summary(&reader))
        }
        return list
    }
}
