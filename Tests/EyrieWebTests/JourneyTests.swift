import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// The foundation's story over HTTP: submit, support, comment, shortlist, merge, moderate, with the history kept.
struct JourneyTests {
    @Test func anIdeaFromSubmissionToShortlist() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let author = try await world.browser(f.memberIDs[0])
            let supporter = try await world.browser(f.memberIDs[1])
            let steward = try await world.browser(f.stewardID)
            // a draft first, then submitted
            var form = validIdea
            form["action"] = "draft"
            let created = try await author.post(http, "/challenges/\(f.challenge.id)/ideas", form)
            let path = created.location
            #expect(try await author.post(http, "\(path)/submit").status == .seeOther)
            #expect(try await supporter.post(http, "\(path)/support").status == .seeOther)
            let comment = try await supporter.post(http, "\(path)/comments", ["body": "Love it"])
            #expect(comment.status == .seeOther && comment.location.contains("#comment-"))
            #expect(try await steward.post(http, "\(path)/shortlist", ["reason": "Clear value"]).status == .seeOther)
            // the author can no longer edit a shortlisted idea
            #expect(try await author.get(http, "\(path)/edit").status == .unprocessableContent)
            let page = try await supporter.get(http, path).text
            #expect(page.contains("Shortlisted"))
            #expect(page.contains("Saved as a draft") && page.contains("Draft → Submitted") && page.contains("Submitted → Shortlisted"))
            #expect(page.contains("Clear value") && page.contains("1 support") && page.contains("Love it"))
            #expect(try await author.get(http, "/members/\(f.memberIDs[0])").text.contains("Shortlisted"))
        }
    }

    @Test func stewardsMergeAndModerate() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let source = try await f.idea(world.db, by: f.memberIDs[0], title: "Duplicate idea")
            let target = try await f.idea(world.db, by: f.memberIDs[1], title: "Original idea")
            let steward = try await world.browser(f.stewardID)
            let member = try await world.browser(f.memberIDs[2])
            _ = try await member.post(http, "/ideas/\(source)/support")
            let merged = try await steward.post(http, "/ideas/\(source)/merge", ["target": String(target), "reason": "Same"])
            #expect(merged.status == .seeOther && merged.location == "/ideas/\(target)")
            #expect(try await member.get(http, "/ideas/\(target)").text.contains("1 support"))
            #expect(try await member.get(http, "/ideas/\(source)").text.contains("was merged into"))
            // a merge into an idea of another state is refused
            #expect(try await steward.post(http, "/ideas/\(target)/merge", ["target": String(source)]).status == .unprocessableContent)
            // moderation of a comment, with the reason shown instead of the text
            let posted = try await member.post(http, "/ideas/\(target)/comments", ["body": "Rude words"])
            let commentID = posted.location.split(separator: "-").last.map(String.init)!
            #expect(try await steward.post(http, "/comments/\(commentID)/hide", ["reason": "Not kind"]).status == .seeOther)
            let page = try await member.get(http, "/ideas/\(target)").text
            #expect(page.contains("Hidden by a moderator: Not kind") && !page.contains("Rude words"))
        }
    }

    @Test func stewardsMoveThePhase() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let steward = try await world.browser(f.stewardID)
            #expect(try await steward.post(http, "/challenges/\(f.challenge.id)/phase", ["phase": "closed"]).status == .seeOther)
            #expect(try await ChallengeRepository(world.db).find(id: f.challenge.id)?.phase() == .closed)
            #expect(try await steward.post(http, "/challenges/\(f.challenge.id)/phase", ["phase": "bogus"]).status == .unprocessableContent)
            let member = try await world.browser(f.memberIDs[0])
            #expect(try await member.post(http, "/challenges/\(f.challenge.id)/ideas", validIdea).status == .unprocessableContent)
        }
    }
}
