import EyrieCore
import EyrieStore
import EyrieTestSupport
@testable import EyrieWeb
import Foundation
import HummingbirdTesting
import Testing

/// Discussions through the real router: a member asks (bad input said beside the field), another answers and is
/// quoted, the asker marks the answer, a locked discussion refuses replies, a hidden one exists only for its author
/// and moderators.
struct DiscussionPageTests {
    @Test func aQuestionIsAskedAnsweredQuotedAndMarked() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let (asker, helper) = (try await world.browser(f.memberIDs[0]), try await world.browser(f.memberIDs[1]))
            let bad = try await asker.post(http, "/communities/open-guild/discussions", ["kind": "question", "title": "Why", "body": "?"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("Title must be at least 5 characters"))
            let asked = try await asker.post(http, "/communities/open-guild/discussions",
                                             ["kind": "question", "title": "How do you welcome new members?",
                                              "body": "We lose people in the first week. @Member 1, you ran this?"])
            #expect(asked.status == .seeOther)
            let page = asked.location
            #expect(try await helper.get(http, "/notifications").text.contains("mentioned you in “How do you welcome new members?”"))
            let answered = try await helper.post(http, page + "/replies", ["body": "A **call within a day** works."])
            #expect(answered.status == .seeOther && answered.location.contains("#reply-"))
            let replyID = String(answered.location.split(separator: "-").last!)
            // quoting it in a reply under it
            let quoteForm = try await asker.get(http, page + "?parent=\(replyID)&quote=\(replyID)").text
            #expect(quoteForm.contains("Quoting Member 1") && quoteForm.contains("name=\"quote\" value=\"\(replyID)\""))
            #expect(try await asker.post(http, page + "/replies", ["body": "Thanks!", "parent": replyID, "quote": replyID]).status == .seeOther)
            let thread = try await asker.get(http, page).text
            #expect(thread.contains("<strong>call within a day</strong>") && thread.contains("Member 1 wrote:"))
            #expect(try await asker.post(http, page + "/replies", ["body": ""]).status == .unprocessableContent)
            // someone else may not mark it; the asker does
            #expect(try await helper.post(http, page + "/accept", ["reply": replyID]).status == .forbidden)
            #expect(try await asker.post(http, page + "/accept", ["reply": replyID]).status == .seeOther)
            let marked = try await helper.get(http, page).text
            #expect(marked.contains("Answered") && marked.contains("The answer"))
            #expect(!(try await helper.get(http, "/communities/open-guild/discussions?filter=unanswered").text
                .contains("How do you welcome new members?")))
        }
    }

    @Test func lockedAndHiddenDiscussions() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let (id, _) = try await f.question(world.db, title: "A question to close")
            let (member, asker) = (try await world.browser(f.memberIDs[1]), try await world.browser(f.memberIDs[0]))
            let facilitator = try await world.browser(f.facilitatorID)
            #expect(try await facilitator.post(http, "/discussions/\(id)/lock", ["locked": "on"]).status == .seeOther)
            let refused = try await member.post(http, "/discussions/\(id)/replies", ["body": "One more"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("locked"))
            #expect(try await member.get(http, "/discussions/\(id)").text.contains("This discussion is locked"))
            #expect(try await facilitator.post(http, "/discussions/\(id)/hide", ["reason": ""]).status == .unprocessableContent)
            #expect(try await facilitator.post(http, "/discussions/\(id)/hide", ["reason": "Off topic"]).status == .seeOther)
            #expect(try await member.get(http, "/discussions/\(id)").status == .notFound)
            #expect(try await asker.get(http, "/discussions/\(id)").text.contains("Off topic"), "its author still sees it, and why")
            #expect(!(try await member.get(http, "/communities/open-guild/discussions").text.contains("A question to close")))
        }
    }

    /// A discussion becomes an idea (its asker and the answer's author co-authors, each pointing at the other) and is
    /// kept in the library (once), with credit.
    @Test func talkBecomesAnIdeaAndALibraryResource() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let discussions = DiscussionRepository(world.db)
            let (id, reply) = try await f.question(world.db, title: "Could we call every new customer within a day?")
            try await discussions.accept(discussionID: id, replyID: reply, actorID: f.memberIDs[0])
            let facilitator = try await world.browser(f.facilitatorID)
            let page = try await facilitator.get(http, "/discussions/\(id)").text
            #expect(page.contains("/challenges/\(f.challenge.id)/ideas/new?discussion=\(id)"))
            let form = try await facilitator.get(http, "/challenges/\(f.challenge.id)/ideas/new?discussion=\(id)").text
            #expect(form.contains("value=\"Could we call every new customer within a day?\"") && form.contains("name=\"discussion\""))
            let made = try await facilitator.post(http, "/challenges/\(f.challenge.id)/ideas",
                                                  ["title": "Call every new customer within a day", "summary": "A call on the first day for each new customer.",
                                                   "discussion": String(id), "key": "k1"])
            #expect(made.status == .seeOther)
            let ideaID = Int64(made.location.split(separator: "/").last!)!
            let idea = try await IdeaRepository(world.db).find(id: ideaID)
            #expect(Set(idea?.authors.map(\.id) ?? []) == [f.facilitatorID, f.memberIDs[0], f.memberIDs[1]])
            #expect(try await facilitator.get(http, made.location).text.contains("From the discussion"))
            #expect(try await facilitator.get(http, "/discussions/\(id)").text.contains("It became the idea"))
            // kept in the library: a lesson crediting the asker and the answer's author; twice is once
            let kept = try await facilitator.post(http, "/discussions/\(id)/resource")
            #expect(kept.status == .seeOther && kept.location.hasPrefix("/resources/"))
            #expect(try await facilitator.post(http, "/discussions/\(id)/resource").location == kept.location)
            let resource = try await facilitator.get(http, kept.location).text
            #expect(resource.contains("Like this.") && resource.contains("Member 0") && resource.contains("Member 1"))
            // a discussion of another community cannot seed an idea here
            let secret = try await f.privateDiscussion(world.db)
            let refused = try await facilitator.get(http, "/challenges/\(f.challenge.id)/ideas/new?discussion=\(secret)").text
            #expect(!refused.contains("Lab talk only"))
        }
    }
}
