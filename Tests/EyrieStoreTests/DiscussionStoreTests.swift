import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// Discussions in PostgreSQL: replies one level deep, the answer marked and unmarked with hiding, the asker and
/// the members named told, and replies racing a lock: each either lands (and is counted) or is refused.
struct DiscussionStoreTests {
    static func count(_ db: Database, _ sql: String) async throws -> Int64 {
        var n: Int64 = -1
        for try await value in try await db.client.query(PostgresQuery(unsafeSQL: sql), logger: db.logger).decode(Int64.self) { n = value }
        return n
    }

    @Test func repliesNestOneLevelAndTheAnswerIsMarked() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let discussions = DiscussionRepository(db)
            let (id, first) = try await f.question(db, title: "How do you welcome new members?")
            let nested = try await discussions.reply(discussionID: id, ReplyDraft(body: "Agreed", parentID: first), actorID: f.memberIDs[2])
            let deeper = try await discussions.reply(discussionID: id, ReplyDraft(body: "Me too", parentID: nested, quoteID: first),
                                                     actorID: f.memberIDs[0])
            let replies = try await discussions.replies(discussionID: id)
            #expect(replies.map(\.id) == [first, nested, deeper] && replies[2].parentID == first && replies[2].quoteID == first,
                    "a reply to a reply joins the top-level one")
            // a parent from another discussion is refused
            let (other, otherReply) = try await f.question(db, title: "Another question here")
            await #expect(throws: StoreError.notFound) {
                try await discussions.reply(discussionID: other, ReplyDraft(body: "x", parentID: first), actorID: f.memberIDs[0])
            }
            _ = otherReply
            // the asker marks the answer; hiding that reply unmarks it and uncounts it
            try await discussions.accept(discussionID: id, replyID: first, actorID: f.memberIDs[0])
            #expect(try await discussions.visit(id: id, viewerID: nil)?.discussion.acceptedReplyID == first)
            try await discussions.setReplyHidden(replyID: first, reason: "Rude", actorID: f.stewardID)
            let after = try await discussions.visit(id: id, viewerID: nil)?.discussion
            #expect(after?.acceptedReplyID == nil && after?.replyCount == 2)
            await #expect(throws: StoreError.notFound) { try await discussions.accept(discussionID: id, replyID: first, actorID: f.memberIDs[0]) }
            #expect(try await CounterCheck(db).mismatches().filter { $0.hasPrefix("discussion") } == [])
            // the member whose reply was chosen is told; the asker heard of each reply
            try await discussions.accept(discussionID: id, replyID: nested, actorID: f.stewardID)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM notifications WHERE member_id = \(f.memberIDs[2]) AND kind = 'answer'") == 1)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM notifications WHERE member_id = \(f.memberIDs[0]) AND kind = 'reply' AND link LIKE '/discussions/\(id)#%'") == 2)
        }
    }

    @Test func membersNamedWithAnAtAreTold() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let discussions = DiscussionRepository(db)
            let id = try await discussions.create(DiscussionDraft(kind: .topic, title: "Depot waiting times", body: "What do @Member 1 and @member 2 think? And @Outsider Person?"),
                                                  communityID: f.community.id, actorID: f.memberIDs[0])
            let told = try await db.client.query("""
                SELECT member_id FROM notifications WHERE kind = 'mention' AND link = \("/discussions/\(id)") ORDER BY member_id
                """, logger: db.logger)
            var ids: [Int64] = []
            for try await member in told.decode(Int64.self) { ids.append(member) }
            #expect(ids == [f.memberIDs[1], f.memberIDs[2]], "members of the community only; not the outsider")
        }
    }

    @Test func repliesRacingALockEitherLandOrAreRefused() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 6)
            let discussions = DiscussionRepository(db)
            let (id, _) = try await f.question(db, title: "A busy question")
            let landed = try await withThrowingTaskGroup(of: Int.self) { group in
                for (n, member) in f.memberIDs.enumerated() {
                    group.addTask {
                        if n == 3 { try await discussions.setLocked(discussionID: id, true, actorID: f.stewardID); return 0 }
                        do {
                            _ = try await discussions.reply(discussionID: id, ReplyDraft(body: "Reply \(n)"), actorID: member)
                            return 1
                        } catch StoreError.conflict("locked") {
                            return 0
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            let kept = try await Self.count(db, "SELECT reply_count::int8 FROM threads WHERE id = \(id)")
            let rows = try await Self.count(db, "SELECT count(*)::int8 FROM replies WHERE thread_id = \(id)")
            #expect(kept == rows && rows == Int64(landed + 1))
            await #expect(throws: StoreError.conflict("locked")) {
                try await discussions.reply(discussionID: id, ReplyDraft(body: "Too late"), actorID: f.memberIDs[0])
            }
        }
    }

    @Test func theListFiltersUnansweredQuestionsAndHidesHiddenOnes() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 2)
            let discussions = DiscussionRepository(db)
            let (answered, reply) = try await f.question(db, title: "Answered question")
            try await discussions.accept(discussionID: answered, replyID: reply, actorID: f.memberIDs[0])
            let (open, _) = try await f.question(db, title: "Open question about habitants")
            let topic = try await discussions.create(DiscussionDraft(kind: .topic, title: "A topic to talk about", body: "Talk"),
                                                     communityID: f.community.id, actorID: f.memberIDs[1])
            let (hidden, _) = try await f.question(db, title: "Spam question here")
            try await discussions.setHidden(discussionID: hidden, reason: "Spam", actorID: f.stewardID)
            func ids(_ filter: DiscussionFilter, _ words: String = "", hidden: Bool = false) async throws -> Set<Int64> {
                Set(try await discussions.list(communityID: f.community.id, filter: filter, words: words, includeHidden: hidden).map(\.id))
            }
            #expect(try await ids(.all) == [answered, open, topic])
            #expect(try await ids(.questions) == [answered, open])
            #expect(try await ids(.unanswered) == [open])
            #expect(try await ids(.all, hidden: true) == [answered, open, topic, hidden])
            #expect(try await ids(.all, "topic") == [topic])
        }
    }
}
