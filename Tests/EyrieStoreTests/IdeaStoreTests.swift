import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

struct IdeaStoreTests {
    @Test func theSameSubmissionKeyCreatesOneIdea() async throws {
        try await TestDatabase.withDatabase { db in
            // setup
            let fixture = try await Fixture.make(db)
            let draft = IdeaDraft(title: "Double click", summary: "Submitted twice by accident", body: "", tags: [])
            let ideas = IdeaRepository(db)
            // act: two concurrent submissions with one key
            async let first = ideas.create(draft, challenge: fixture.challenge, authorID: fixture.memberIDs[0],
                                           coAuthorIDs: [], state: .submitted, submissionKey: "k1")
            async let second = ideas.create(draft, challenge: fixture.challenge, authorID: fixture.memberIDs[0],
                                            coAuthorIDs: [], state: .submitted, submissionKey: "k1")
            let (a, b) = try await (first, second)
            // check
            #expect(a == b)
            let page = try await IdeaListRepository(db).page(challengeID: fixture.challenge.id, query: IdeaQuery())
            #expect(page.total == 1)
        }
    }

    @Test func aFailedCreateLeavesNoIdea() async throws {
        try await TestDatabase.withDatabase { db in
            let fixture = try await Fixture.make(db)
            // act: a co-author id that does not exist makes the authors insert fail inside the transaction
            await #expect(throws: (any Error).self) {
                try await IdeaRepository(db).create(
                    IdeaDraft(title: "Half written", summary: "Should not remain at all", body: "", tags: []),
                    challenge: fixture.challenge, authorID: fixture.memberIDs[0], coAuthorIDs: [999_999],
                    state: .submitted, submissionKey: "k2")
            }
            // check
            let rows = try await db.client.query("SELECT count(*)::int8 FROM ideas", logger: db.logger)
            for try await n in rows.decode(Int64.self) { #expect(n == 0) }
        }
    }

    @Test func transitionsAreLoggedAndRefuseStaleStates() async throws {
        try await TestDatabase.withDatabase { db in
            let fixture = try await Fixture.make(db)
            let id = try await fixture.idea(db, by: fixture.memberIDs[0])
            let ideas = IdeaRepository(db)
            try await ideas.transition(ideaID: id, from: [.submitted], to: .shortlisted, actorID: fixture.stewardID,
                                       reason: "Promising")
            // a second shortlist from the same starting state finds the idea moved on
            await #expect(throws: StoreError.conflict("state")) {
                try await ideas.transition(ideaID: id, from: [.submitted], to: .shortlisted, actorID: fixture.stewardID,
                                           reason: "")
            }
            let events = try await ideas.events(ideaID: id)
            #expect(events.map(\.kind) == ["created", "transition"])
            #expect(events[1].from == .submitted && events[1].to == .shortlisted && events[1].reason == "Promising")
            #expect(events[1].actorName == "Steward Person")
        }
    }

    @Test func mergeMovesSupportsWithoutDoublesAndComments() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: two ideas, one member supports both
            let fixture = try await Fixture.make(db)
            let source = try await fixture.idea(db, by: fixture.memberIDs[0], title: "Source idea")
            let target = try await fixture.idea(db, by: fixture.memberIDs[1], title: "Target idea")
            let supports = SupportRepository(db)
            for member in fixture.memberIDs { try await supports.support(ideaID: source, memberID: member, rules: fixture.supportRules) }
            try await supports.support(ideaID: target, memberID: fixture.memberIDs[0], rules: fixture.supportRules)
            _ = try await CommentRepository(db).add(ideaID: source, communityID: fixture.community.id,
                                                    authorID: fixture.memberIDs[2], draft: CommentDraft(body: "Moved along"))
            // act
            try await IdeaRepository(db).merge(sourceID: source, targetID: target, from: IdeaAction.merge.sources,
                                               actorID: fixture.stewardID, reason: "Same idea")
            // check
            let merged = try await IdeaRepository(db).find(id: source)!
            let kept = try await IdeaRepository(db).find(id: target)!
            #expect(merged.state == .merged && merged.mergedIntoID == target && merged.supportCount == 0)
            #expect(kept.supportCount == 3 && kept.commentCount == 1)
            #expect(try await supports.count(ideaID: target) == 3)
            // the member who supported both ideas gets one support back; the others' supports moved
            let challenge = fixture.challenge.id
            #expect(try await supports.spent(challengeID: challenge, memberID: fixture.memberIDs[0]) == 1)
            #expect(try await supports.spent(challengeID: challenge, memberID: fixture.memberIDs[1]) == 1)
        }
    }

    @Test func listsSortSearchFilterAndPageByKeyset() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 25 ideas, supports rising with the index, one hidden, one draft
            let fixture = try await Fixture.make(db, members: 5)
            var ids: [Int64] = []
            for i in 0..<25 {
                ids.append(try await fixture.idea(db, by: fixture.memberIDs[i % 5], title: i == 7 ? "Solar panels on depots" : "Idea number \(i)",
                                                  tags: i % 2 == 0 ? ["even"] : ["odd"]))
            }
            for (i, id) in ids.enumerated() {
                for member in fixture.memberIDs.prefix(i % 6) {
                    try await SupportRepository(db).support(ideaID: id, memberID: member, rules: fixture.supportRules)
                }
            }
            try await IdeaRepository(db).setHidden(ideaID: ids[24], reason: "spam", actorID: fixture.stewardID)
            _ = try await fixture.idea(db, by: fixture.memberIDs[0], title: "Secret draft", state: .draft)
            let lists = IdeaListRepository(db)
            // act: walk the "most supported" order page by page
            var seen: [IdeaSummary] = []
            var query = IdeaQuery(sort: .supported, limit: 10)
            repeat {
                let page = try await lists.page(challengeID: fixture.challenge.id, query: query)
                #expect(page.total == 24)
                seen += page.ideas
                query.after = page.next
            } while query.after != nil
            // check
            #expect(seen.count == 24)
            #expect(Set(seen.map(\.id)).count == 24)
            #expect(!seen.contains { $0.id == ids[24] || $0.title == "Secret draft" })
            let counts = seen.map(\.supportCount)
            #expect(counts == counts.sorted(by: >))
            let search = try await lists.page(challengeID: fixture.challenge.id, query: IdeaQuery(search: "solar panel"))
            #expect(search.ideas.map(\.id) == [ids[7]])
            let tagged = try await lists.page(challengeID: fixture.challenge.id, query: IdeaQuery(tag: "odd", limit: 50))
            #expect(tagged.total == 12 && tagged.ideas.allSatisfy { $0.tags == ["odd"] })
            let similar = try await lists.similar(challengeID: fixture.challenge.id, title: "Solar panel on depot")
            #expect(similar.first?.id == ids[7])
        }
    }
}

struct SupportStoreTests {
    @Test func concurrentSupportsCountExactly() async throws {
        try await TestDatabase.withDatabase { db in
            // setup
            let fixture = try await Fixture.make(db, members: 50)
            let idea = try await fixture.idea(db, by: fixture.stewardID)
            let supports = SupportRepository(db)
            let rules = fixture.supportRules
            // act: 50 members at once, and one member 20 times at once
            try await withThrowingTaskGroup(of: Void.self) { group in
                for member in fixture.memberIDs {
                    group.addTask { try await supports.support(ideaID: idea, memberID: member, rules: rules) }
                }
                for _ in 0..<20 {
                    group.addTask { try await supports.support(ideaID: idea, memberID: fixture.memberIDs[0], rules: rules) }
                }
                try await group.waitForAll()
            }
            // check
            #expect(try await IdeaRepository(db).find(id: idea)?.supportCount == 50)
            #expect(try await supports.count(ideaID: idea) == 50)
            // withdrawing twice counts once
            async let a = supports.unsupport(ideaID: idea, memberID: fixture.memberIDs[0], challengeID: fixture.challenge.id)
            async let b = supports.unsupport(ideaID: idea, memberID: fixture.memberIDs[0], challengeID: fixture.challenge.id)
            _ = try await (a, b)
            #expect(try await IdeaRepository(db).find(id: idea)?.supportCount == 49)
        }
    }
}

struct CommentStoreTests {
    @Test func repliesStayOneLevelDeepAndHidingKeepsTheCount() async throws {
        try await TestDatabase.withDatabase { db in
            let fixture = try await Fixture.make(db)
            let idea = try await fixture.idea(db, by: fixture.memberIDs[0])
            let comments = CommentRepository(db)
            let root = try await comments.add(ideaID: idea, communityID: fixture.community.id, authorID: fixture.memberIDs[1],
                                              draft: CommentDraft(body: "Top"))
            let reply = try await comments.add(ideaID: idea, communityID: fixture.community.id, authorID: fixture.memberIDs[2],
                                               draft: CommentDraft(body: "Reply", parentID: root))
            let nested = try await comments.add(ideaID: idea, communityID: fixture.community.id, authorID: fixture.memberIDs[0],
                                                draft: CommentDraft(body: "Reply to reply", parentID: reply))
            #expect(try await comments.find(id: nested)?.parentID == root)
            // a parent on another idea is refused
            let other = try await fixture.idea(db, by: fixture.memberIDs[1], title: "Another idea")
            await #expect(throws: StoreError.notFound) {
                try await comments.add(ideaID: other, communityID: fixture.community.id, authorID: fixture.memberIDs[0],
                                       draft: CommentDraft(body: "Wrong thread", parentID: root))
            }
            try await comments.setHidden(commentID: reply, reason: "Off topic", actorID: fixture.facilitatorID)
            try await comments.setHidden(commentID: reply, reason: "Off topic again", actorID: fixture.facilitatorID)
            #expect(try await IdeaRepository(db).find(id: idea)?.commentCount == 2)
            try await comments.setHidden(commentID: reply, reason: nil, actorID: fixture.stewardID)
            #expect(try await IdeaRepository(db).find(id: idea)?.commentCount == 3)
            #expect(try await comments.list(ideaID: idea).map(\.id) == [root, reply, nested])
        }
    }
}
