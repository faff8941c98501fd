import EyrieCore
import Foundation
import PostgresNIO

/// A closed workshop's outputs: a note or a cluster turned into a new idea of the workshop's challenge (its authors
/// are the notes' authors), or into a comment on an existing idea; both linked to the workshop.
public struct OutputRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The notes a source stands for (one note, or every note of a cluster), with their authors in note order.
    public func sourceNotes(workshopID: Int64, source: String) async throws -> [BoardNote] {
        guard let target = BoardTarget(source) else { throw StoreError.notFound }
        let id = target.id
        let rows = target.isNote
            ? try await db.client.query("""
                SELECT \(unescaped: BoardRepository.noteColumns) FROM board_notes n
                WHERE n.id = \(id) AND n.workshop_id = \(workshopID) AND NOT n.decision
                """, logger: db.logger)
            : try await db.client.query("""
                SELECT \(unescaped: BoardRepository.noteColumns) FROM board_notes n
                WHERE n.cluster_id = \(id) AND n.workshop_id = \(workshopID) AND NOT n.decision ORDER BY n.id
                """, logger: db.logger)
        var notes: [BoardNote] = []
        for try await r in rows.decode(BoardRepository.NoteTuple.self) { notes.append(BoardRepository.note(r)) }
        guard !notes.isEmpty else { throw StoreError.notFound }
        return notes
    }

    /// Makes a new idea from a note or cluster, once: a second request for the same source returns the first idea.
    /// The first note's author is the author, the others co-authors (members of the community only).
    public func idea(from source: String, workshop: Workshop, challenge: Challenge, draft: IdeaDraft,
                     actorID: Int64) async throws -> Int64 {
        if let existing = try await existingIdea(workshopID: workshop.id, source: source) { return existing }
        let notes = try await sourceNotes(workshopID: workshop.id, source: source)
        let authors = try await activeMembers(notes.map(\.authorID), communityID: workshop.communityID)
        guard let author = authors.first else { throw StoreError.conflict("authors") }
        let id = try await IdeaRepository(db).create(draft, challenge: challenge, authorID: author,
                                                     coAuthorIDs: Array(authors.dropFirst()), state: .submitted,
                                                     submissionKey: "workshop-\(workshop.id)-\(source)")
        try await db.client.query("""
            INSERT INTO workshop_outputs (workshop_id, kind, source, idea_id, created_by)
            VALUES (\(workshop.id), 'idea', \(source), \(id), \(actorID)) ON CONFLICT DO NOTHING
            """, logger: db.logger)
        return id
    }

    func existingIdea(workshopID: Int64, source: String) async throws -> Int64? {
        try await db.client.query("""
            SELECT idea_id FROM workshop_outputs WHERE workshop_id = \(workshopID) AND kind = 'idea' AND source = \(source)
            """, logger: db.logger).first(Int64.self)
    }

    /// Authors in the order given, without repeats, keeping only active members of the community.
    func activeMembers(_ ids: [Int64], communityID: Int64) async throws -> [Int64] {
        var seen: [Int64] = []
        for id in ids where !seen.contains(id) { seen.append(id) }
        let rows = try await db.client.query("""
            SELECT member_id FROM memberships
            WHERE community_id = \(communityID) AND member_id = ANY(\(seen)) AND status = 'active'
            """, logger: db.logger)
        var active = Set<Int64>()
        for try await id in rows.decode(Int64.self) { active.insert(id) }
        return seen.filter(active.contains)
    }

    /// Adds a note or cluster as a comment (by the facilitator) on an idea of the community, once per idea.
    public func comment(from source: String, workshop: Workshop, ideaID: Int64, actorID: Int64) async throws {
        let done = try await db.client.query("""
            SELECT 1 FROM workshop_outputs WHERE workshop_id = \(workshop.id) AND kind = 'comment' AND source = \(source)
              AND idea_id = \(ideaID)
            """, logger: db.logger).first(Int32.self)
        guard done == nil else { return }
        let notes = try await sourceNotes(workshopID: workshop.id, source: source)
        let lines = notes.map { "- \($0.body) (\($0.authorName))" }.joined(separator: "\n")
        let body = String("From the workshop “\(workshop.title)”:\n\(lines)".prefix(4000))
        let commentID = try await CommentRepository(db).add(ideaID: ideaID, communityID: workshop.communityID,
                                                            authorID: actorID, draft: CommentDraft(body: body))
        try await db.client.query("""
            INSERT INTO workshop_outputs (workshop_id, kind, source, idea_id, comment_id, created_by)
            VALUES (\(workshop.id), 'comment', \(source), \(ideaID), \(commentID), \(actorID)) ON CONFLICT DO NOTHING
            """, logger: db.logger)
    }

    /// One output as pages list it.
    public struct Output: Sendable {
        public var kind: String
        public var source: String
        public var ideaID: Int64
        public var ideaTitle: String
        public var ideaState: IdeaState
    }

    public func list(workshopID: Int64) async throws -> [Output] {
        let rows = try await db.client.query("""
            SELECT o.kind, o.source, i.id, i.title, i.state FROM workshop_outputs o JOIN ideas i ON i.id = o.idea_id
            WHERE o.workshop_id = \(workshopID) ORDER BY o.id
            """, logger: db.logger)
        var list: [Output] = []
        for try await r in rows.decode((String, String, Int64, String, String).self) {
            list.append(Output(kind: r.0, source: r.1, ideaID: r.2, ideaTitle: r.3, ideaState: IdeaState(rawValue: r.4) ?? .submitted))
        }
        return list
    }

    /// The workshops an idea came from or was discussed in, for the idea page.
    /// A workshop an idea came from ("idea") or was discussed at ("comment").
    public struct IdeaWorkshop: Sendable {
        public var id: Int64
        public var title: String
        public var kind: String
    }

    public func workshops(ideaID: Int64) async throws -> [IdeaWorkshop] {
        let rows = try await db.client.query("""
            SELECT DISTINCT w.id, w.title, o.kind FROM workshop_outputs o JOIN workshops w ON w.id = o.workshop_id
            WHERE o.idea_id = \(ideaID) ORDER BY w.id
            """, logger: db.logger)
        var list: [IdeaWorkshop] = []
        for try await (id, title, kind) in rows.decode((Int64, String, String).self) {
            list.append(IdeaWorkshop(id: id, title: title, kind: kind))
        }
        return list
    }
}
