import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

/// Following discussions and resources: the asker and those who reply follow a discussion, authors follow a
/// resource; replies, answers and new versions reach their followers once each, never the member who acted, and
/// stop when a member unfollows.
struct PracticeFollowingStoreTests {
    static func told(_ db: Database, _ member: Int64, kind: String, link: String) async throws -> Int64 {
        try await db.count("SELECT count(*) FROM notifications WHERE member_id = \(member) AND kind = '\(kind)' AND link LIKE '\(link)%'")
    }

    @Test func repliesAndAnswersReachTheDiscussionsFollowers() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 4)
            let (asker, first, second, third) = (f.memberIDs[0], f.memberIDs[1], f.memberIDs[2], f.memberIDs[3])
            let discussions = DiscussionRepository(db)
            let follows = FollowRepository(db)
            let id = try await discussions.create(DiscussionDraft(kind: .question, title: "How do you welcome new members?",
                                                                  body: "Ideas welcome.", challengeID: f.challenge.id),
                                                  communityID: f.community.id, actorID: asker)
            #expect(try await follows.isFollowing(.discussion(id), memberID: asker))
            let link = "/discussions/\(id)"
            // first replies: the asker hears of it, and the replier follows from now on
            let r1 = try await discussions.reply(discussionID: id, ReplyDraft(body: "Call them within a day."), actorID: first)
            #expect(try await Self.told(db, asker, kind: "reply", link: link) == 1)
            #expect(try await Self.told(db, first, kind: "reply", link: link) == 0)
            #expect(try await follows.isFollowing(.discussion(id), memberID: first))
            // second names the asker: one notification for them (the mention), a reply notification for first
            _ = try await discussions.reply(discussionID: id, ReplyDraft(body: "@Member 0 a buddy helps too."), actorID: second)
            #expect(try await db.count("SELECT count(*) FROM notifications WHERE member_id = \(asker) AND link LIKE '\(link)#%'") == 2)
            #expect(try await Self.told(db, first, kind: "reply", link: link) == 1)
            // the asker stops following: the next reply reaches first and second only
            try await follows.unfollow(.discussion(id), memberID: asker)
            _ = try await discussions.reply(discussionID: id, ReplyDraft(body: "A welcome pack."), actorID: third)
            #expect(try await Self.told(db, asker, kind: "reply", link: link) == 1)
            #expect(try await Self.told(db, first, kind: "reply", link: link) == 2)
            #expect(try await Self.told(db, second, kind: "reply", link: link) == 1)
            // the steward marks first's reply: first is told it was chosen (once), the other followers that it is answered
            try await discussions.accept(discussionID: id, replyID: r1, actorID: f.stewardID)
            #expect(try await Self.told(db, first, kind: "answer", link: link) == 1)
            #expect(try await Self.told(db, first, kind: "answered", link: link) == 0)
            #expect(try await Self.told(db, second, kind: "answered", link: link) == 1)
            #expect(try await Self.told(db, third, kind: "answered", link: link) == 1)
            #expect(try await Self.told(db, asker, kind: "answered", link: link) == 0)
            // the list of what a member follows names the discussion
            #expect(try await follows.list(memberID: first).contains { $0.target == .discussion(id) && $0.title == "How do you welcome new members?" })
        }
    }

    @Test func aNewDiscussionInAChallengeReachesItsFollowers() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            try await FollowRepository(db).follow(.challenge(f.challenge.id), memberID: f.memberIDs[1], communityID: f.community.id)
            let id = try await DiscussionRepository(db).create(
                DiscussionDraft(kind: .topic, title: "Where do new customers wait?", body: "Let us list the waits.",
                                challengeID: f.challenge.id), communityID: f.community.id, actorID: f.memberIDs[0])
            #expect(try await Self.told(db, f.memberIDs[1], kind: "discussion", link: "/discussions/\(id)") == 1)
            #expect(try await Self.told(db, f.memberIDs[2], kind: "discussion", link: "/discussions/\(id)") == 0)
        }
    }

    @Test func aNewVersionReachesTheResourcesFollowersButNotItsEditor() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let library = LibraryRepository(db)
            let follows = FollowRepository(db)
            let id = try await f.resource(db, title: "Welcome call script", by: f.memberIDs[0])
            #expect(try await follows.isFollowing(.resource(id), memberID: f.memberIDs[0]))
            try await follows.follow(.resource(id), memberID: f.memberIDs[2], communityID: f.community.id)
            try await library.update(id: id, ResourceDraft(title: "Welcome call script", kind: .tool, body: "Call within two hours",
                                                           tags: [], language: "en", baseVersion: 1, reason: "Two hours, as the pilot showed"),
                                     actorID: f.memberIDs[1])
            let link = "/resources/\(id)"
            #expect(try await Self.told(db, f.memberIDs[0], kind: "resource", link: link) == 1)
            #expect(try await Self.told(db, f.memberIDs[2], kind: "resource", link: link) == 1)
            #expect(try await Self.told(db, f.memberIDs[1], kind: "resource", link: link) == 0)
            let item = try #require(try await NotificationRepository(db).list(memberID: f.memberIDs[2]).first)
            #expect(item.body.description == "“Welcome call script” has a new version: Two hours, as the pilot showed")
            // the editor follows it now: the steward's restore reaches all three
            #expect(try await follows.isFollowing(.resource(id), memberID: f.memberIDs[1]))
            try await library.restore(id: id, number: 1, actorID: f.stewardID, reason: "Back to one day")
            for member in f.memberIDs {
                let expected: Int64 = member == f.memberIDs[1] ? 1 : 2
                #expect(try await Self.told(db, member, kind: "resource", link: link) == expected)
            }
            // who is credited for a kept summary follows it
            let workshop = try await f.workshop(db, title: "Welcome design day", state: .closed)
            let kept = try await WorkLinkRepository(db).keepSummary(
                workshopID: workshop, .init(title: "Workshop summary: Welcome design day", body: "Notes", language: "en"), actorID: f.stewardID)
            #expect(try await follows.isFollowing(.resource(kept.id), memberID: f.facilitatorID))
        }
    }
}
