import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// Following, the digest, the outbox and nudges over real PostgreSQL, with races across their boundaries.
struct FollowingStoreTests {
    static func count(_ db: Database, _ sql: String) async throws -> Int {
        let rows = try await db.client.query(PostgresQuery(unsafeSQL: sql), logger: db.logger)
        for try await n in rows.decode(Int64.self) { return Int(n) }
        return -1
    }

    @Test func followersHearOfChangesOnceAndAuthorsFollowTheirIdeas() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 4)
            let follows = FollowRepository(db)
            let (author, follower, other) = (f.memberIDs[0], f.memberIDs[1], f.memberIDs[2])
            try await follows.follow(.challenge(f.challenge.id), memberID: follower, communityID: f.community.id)
            try await follows.follow(.challenge(f.challenge.id), memberID: follower, communityID: f.community.id)
            #expect(try await follows.followers(.challenge(f.challenge.id)) == 1, "a second follow changes nothing")
            let idea = try await f.idea(db, by: author, title: "Solar depots")
            #expect(try await follows.isFollowing(.idea(idea), memberID: author), "authors follow their ideas")
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM notifications WHERE member_id = \(follower) AND kind = 'new_idea'") == 1)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM notifications WHERE member_id = \(author)") == 0,
                    "nobody hears of their own change")
            try await follows.follow(.idea(idea), memberID: follower, communityID: f.community.id)
            _ = try await CommentRepository(db).add(ideaID: idea, communityID: f.community.id, authorID: other,
                                                    draft: CommentDraft(body: "Could work in winter too?", parentID: nil))
            try await IdeaRepository(db).transition(ideaID: idea, from: [.submitted], to: .shortlisted, actorID: f.stewardID,
                                                    reason: "Strong support")
            let items = try await NotificationRepository(db).list(memberID: author)
            #expect(items.map(\.kind).sorted() == ["comment", "idea_state"])
            #expect(items.contains { $0.body.description.contains("moved from submitted to shortlisted") })
            #expect(try await NotificationRepository(db).list(memberID: follower).count == 3)
            #expect(try await NotificationRepository(db).list(memberID: other).isEmpty, "who follows nothing hears nothing")
            try await follows.unfollow(.idea(idea), memberID: follower)
            _ = try await CommentRepository(db).add(ideaID: idea, communityID: f.community.id, authorID: other,
                                                    draft: CommentDraft(body: "One more thought.", parentID: nil))
            #expect(try await NotificationRepository(db).list(memberID: follower).count == 3, "unfollowed: no more")
            // a private community's idea: a follower who left hears nothing
            let lab = f.privateCommunity
            try await CommunityRepository(db).join(communityID: lab.id, memberID: follower, status: .active)
            let labChallenge = try await ChallengeRepository(db).create(ChallengeDraft(
                title: "Lab work", problem: "A problem worth solving here.", question: "How might we?", sponsorID: f.organisationIDs[0],
                schedule: ChallengeSchedule(opensAt: Date() - 86400, votingAt: Date() + 86400, reviewAt: Date() + 2 * 86400,
                                            closesAt: Date() + 3 * 86400)), communityID: lab.id, createdBy: f.stewardID)
            try await follows.follow(.challenge(labChallenge), memberID: follower, communityID: lab.id)
            try await db.client.query("DELETE FROM memberships WHERE community_id = \(lab.id) AND member_id = \(follower)",
                                      logger: db.logger)
            try await ChallengeRepository(db).setPhase(challengeID: labChallenge, communityID: lab.id, phase: .voting,
                                                       from: .open, actorID: f.stewardID, reason: "")
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM notifications WHERE member_id = \(follower) AND kind = 'phase'") == 0)
        }
    }

    @Test func digestsAreWrittenOnceEvenByTwoWritersAtOnce() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 30)
            let links = try await UnsubscribeLink.load(db)
            // every member has two unread notifications; a third of them want no digest
            try await db.client.query("""
                INSERT INTO notifications (member_id, community_id, kind, body, link)
                SELECT m.id, \(f.community.id), 'comment', 'Someone commented on “Idea ' || g || '”', '/ideas/' || g
                FROM members m, generate_series(1, 2) g
                """, logger: db.logger)
            try await db.client.query("UPDATE members SET digest = 'never' WHERE id % 3 = 0", logger: db.logger)
            let wanting = try await Self.count(db, "SELECT count(*)::int8 FROM members WHERE digest <> 'never'")
            let later = Date() + 8 * 86_400
            async let a = DigestWriter(db).write(now: later, site: "https://eyrie.example", links: links, batch: 4)
            async let b = DigestWriter(db).write(now: later, site: "https://eyrie.example", links: links, batch: 4)
            let (x, y) = try await (a, b)
            #expect(x + y == wanting)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM outbox WHERE kind = 'digest'") == wanting)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM (SELECT member_id FROM outbox GROUP BY 1 HAVING count(*) > 1) d") == 0)
            #expect(try await DigestWriter(db).write(now: later, site: "https://eyrie.example", links: links) == 0,
                    "nothing new: no digest")
            let body = try await db.client.query("SELECT body, unsubscribe FROM outbox LIMIT 1", logger: db.logger)
            for try await (text, stop) in body.decode((String, String).self) {
                #expect(text.contains("Someone commented on “Idea 2”"))
                #expect(text.contains("https://eyrie.example/ideas/1"))
                #expect(stop.hasPrefix("https://eyrie.example/unsubscribe/"))
                #expect(text.contains(stop))
            }
        }
    }

    @Test func theOutboxHandsEachMessageToOneSenderOnce() async throws {
        try await TestDatabase.withDatabase { db in
            try await db.client.query("""
                INSERT INTO outbox (kind, recipient, subject, body) SELECT 'digest', 'm' || g || '@x.example', 'S', 'B'
                FROM generate_series(1, 300) g
                """, logger: db.logger)
            let outbox = Outbox(db)
            // four senders at once: every message leased by one of them, each marked sent once
            let sent = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var mine: [Int64] = []
                        while true {
                            let batch = try await outbox.lease(limit: 17)
                            if batch.isEmpty { return mine }
                            for message in batch where try await outbox.sent(message) { mine.append(message.id) }
                        }
                    }
                }
                var all: [Int64] = []
                for try await ids in group { all += ids }
                return all
            }
            #expect(sent.count == 300)
            #expect(Set(sent).count == 300)
            #expect(try await outbox.counts().sent == 300)
            // a sender that dies with a lease: the message is leased again once the lease runs out, and the dead
            // sender's late "sent" no longer counts
            try await db.client.query("INSERT INTO outbox (kind, recipient, subject, body) VALUES ('nudge', 'a@x.example', 'S', 'B')",
                                      logger: db.logger)
            let lost = try #require(try await outbox.lease(leaseFor: .seconds(1)).first)
            #expect(try await outbox.lease().isEmpty, "leased: not handed out twice")
            try await Task.sleep(for: .milliseconds(1_300))
            let again = try #require(try await outbox.lease().first)
            #expect(again.id == lost.id && again.attempts == 2)
            #expect(try await !outbox.sent(lost))
            #expect(try await outbox.sent(again))
            // a failure waits and counts; a permanent one gives up
            try await db.client.query("INSERT INTO outbox (kind, recipient, subject, body) VALUES ('nudge', 'b@x.example', 'S', 'B')",
                                      logger: db.logger)
            let failing = try #require(try await outbox.lease().first)
            try await outbox.failed(failing, error: "421 try later")
            #expect(try await outbox.lease().isEmpty, "backing off")
            try await db.client.query("UPDATE outbox SET next_attempt_at = now() WHERE id = \(failing.id)", logger: db.logger)
            let retried = try #require(try await outbox.lease().first)
            try await outbox.failed(retried, error: "550 no such user", permanent: true)
            #expect(try await outbox.counts().failed == 1)
        }
    }

    @Test func eightStewardsNudgingOneMemberAtOnceSendOneNudge() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let links = try await UnsubscribeLink.load(db)
            let target = f.memberIDs[0]
            let draft = NudgeDraft(message: "We miss your ideas!", link: "", memberIDs: [target, f.memberIDs[1]])
            let outcomes = try await withThrowingTaskGroup(of: NudgeRepository.Outcome.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await NudgeRepository(db).send(draft, communityID: f.community.id, stewardID: f.stewardID,
                                                           site: "https://eyrie.example", links: links)
                    }
                }
                var all: [NudgeRepository.Outcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { !$0.sent.isEmpty }.count == 1)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM nudges WHERE member_id = \(target)") == 1)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM outbox WHERE kind = 'nudge' AND member_id = \(target)") == 1)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM notifications WHERE kind = 'nudge' AND member_id = \(target)") == 1)
            // 31 days later, one more is allowed; an opted-out member is told in the app only
            try await db.client.query("UPDATE nudges SET sent_at = sent_at - interval '31 days'", logger: db.logger)
            try await MailSettings(db).optOut(memberID: target)
            let later = try await NudgeRepository(db).send(draft, communityID: f.community.id, stewardID: f.stewardID,
                                                           site: "https://eyrie.example", links: links)
            #expect(later.sent == [target, f.memberIDs[1]].sorted())
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM outbox WHERE kind = 'nudge' AND member_id = \(target)") == 1)
            // someone outside the community is never written to
            let outsider = try await NudgeRepository(db).send(
                NudgeDraft(message: "Hello", link: "", memberIDs: [f.outsiderID]), communityID: f.community.id,
                stewardID: f.stewardID, site: "https://eyrie.example", links: links)
            #expect(outsider.sent.isEmpty && outsider.skipped == [f.outsiderID])
        }
    }

    @Test func unsubscribeLinksCannotBeForgedOrUsedForAnotherMember() async throws {
        try await TestDatabase.withDatabase { db in
            let links = try await UnsubscribeLink.load(db)
            let again = try await UnsubscribeLink.load(db)
            let token = links.token(memberID: 42)
            #expect(again.member(token) == 42, "the key is kept: links stay valid")
            let signature = token.split(separator: ".")[1]
            #expect(links.member("43.\(signature)") == nil, "another member's id with this signature")
            // One character of the signature changed (its first: the last carries padding bits too).
            let changed = (signature.first == "A" ? "B" : "A") + signature.dropFirst()
            #expect(links.member("42.\(changed)") == nil)
            #expect(links.member("42") == nil)
            #expect(links.member("") == nil)
            #expect(links.member("42.\(signature).x") == nil)
            let other = try await TestDatabase.withDatabase { other in try await UnsubscribeLink.load(other) }
            #expect(other.member(token) == nil, "another instance's key")
        }
    }
}
