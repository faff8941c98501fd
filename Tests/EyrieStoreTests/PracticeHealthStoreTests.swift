import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

/// The practice in the health dashboard: library work, discussion posts and accepted answers are contributions,
/// counted per member and month by the kinds of the core's table, and the dashboard names who answered.
struct PracticeHealthStoreTests {
    @Test func libraryWorkRepliesAndAnswersMakeMembersActiveAndAnswerersAreNamed() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 4)
            let c = f.community.id
            let (librarian, answerer, asker, bystander) = (f.memberIDs[0], f.memberIDs[1], f.memberIDs[2], f.memberIDs[3])
            let resource = try await f.resource(db, title: "Welcome call script", by: librarian)
            _ = try await f.attachment(db, resourceID: resource, by: librarian)
            let discussions = DiscussionRepository(db)
            let id = try await discussions.create(DiscussionDraft(kind: .question, title: "How do you welcome new members?",
                                                                  body: "Ideas welcome."), communityID: c, actorID: asker)
            let reply = try await discussions.reply(discussionID: id, ReplyDraft(body: "Call them within a day."), actorID: answerer)
            try await discussions.accept(discussionID: id, replyID: reply, actorID: asker)
            // a hidden reply counts for nothing
            let hidden = try await discussions.reply(discussionID: id, ReplyDraft(body: "Spam"), actorID: bystander)
            try await discussions.setReplyHidden(replyID: hidden, reason: "Spam", actorID: f.stewardID)
            try await FollowRepository(db).follow(.discussion(id), memberID: bystander, communityID: c)
            _ = try await HealthSnapshot(db).take(communityID: c, now: Date() + 1)
            let month = "\(Month(Date()))-01"
            func row(_ member: Int64) async throws -> String {
                var out = ""
                for try await (library, replies, answers) in try await db.client.query("""
                    SELECT library, replies, answers FROM participation_months
                    WHERE community_id = \(c) AND member_id = \(member) AND month = \(month)::date
                    """, logger: db.logger).decode((Int32, Int32, Int32).self) { out = "\(library) \(replies) \(answers)" }
                return out
            }
            #expect(try await row(librarian) == "2 0 0", "a version written and a file attached")
            #expect(try await row(answerer) == "0 1 1", "a reply, accepted")
            #expect(try await row(asker) == "0 1 0", "a discussion started")
            #expect(try await row(bystander) == "0 0 0", "a hidden reply and a follow are no contribution (joining is a visit)")
            func level(_ member: Int64) async throws -> String {
                var out = "none"
                for try await value in try await db.client.query("""
                    SELECT level FROM participation_levels WHERE community_id = \(c) AND member_id = \(member) AND month = \(month)::date
                    """, logger: db.logger).decode(String.self) { out = value }
                return out
            }
            for member in [librarian, answerer, asker] { #expect(try await level(member) == "active") }
            #expect(try await level(bystander) == "peripheral")
            let dashboard = try await HealthRepository(db).dashboard(communityID: c)
            #expect(dashboard.answerers.map(\.name) == ["Member 1"] && dashboard.answerers.first?.answers == 1)
        }
    }
}
