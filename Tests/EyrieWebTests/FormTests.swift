import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import HummingbirdTesting
import Testing

struct FormTests {
    @Test func aPostWithoutTheRightCSRFTokenIsRefused() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            let path = "/challenges/\(world.fixture.challenge.id)/ideas"
            #expect(try await member.post(http, path, validIdea, csrf: "").status == .forbidden)
            #expect(try await member.post(http, path, validIdea, csrf: "wrong-token-wrong-token").status == .forbidden)
            let anonymousToken = try await world.browser(nil).csrf
            #expect(try await member.post(http, path, validIdea, csrf: anonymousToken).status == .forbidden)
            let page = try await IdeaListRepository(world.db).page(challengeID: world.fixture.challenge.id, query: IdeaQuery())
            #expect(page.total == 0)
        }
    }

    @Test func invalidIdeaRerendersWithMessagesAndKeepsInput() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            var form = validIdea
            form["title"] = ""
            form["summary"] = "My summary stays <here>"
            form["coauthors"] = "nobody@nowhere.example"
            // act
            let response = try await member.post(http, "/challenges/\(world.fixture.challenge.id)/ideas", form)
            // check
            #expect(response.status == .unprocessableContent)
            let html = response.text
            #expect(html.contains("There is a problem"))
            #expect(html.contains("Enter title"))
            #expect(html.contains("My summary stays &lt;here&gt;"))
        }
    }

    @Test func coAuthorsMustBeMembers() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            var form = validIdea
            form["coauthors"] = "outsider-person@test.example"
            let response = try await member.post(http, "/challenges/\(world.fixture.challenge.id)/ideas", form)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("is not a member of this community"))
            form["coauthors"] = "MEMBER-1@test.example"
            let ok = try await member.post(http, "/challenges/\(world.fixture.challenge.id)/ideas", form)
            #expect(ok.status == .seeOther)
            let id = try #require(Int64(ok.location.split(separator: "/").last ?? ""))
            #expect(try await IdeaRepository(world.db).find(id: id)?.authors.map(\.name) == ["Member 0", "Member 1"])
        }
    }

    @Test func nulBytesAndOverlongFieldsGive422() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            var form = validIdea
            form["title"] = "Bad\u{0}title"
            #expect(try await member.post(http, "/challenges/\(world.fixture.challenge.id)/ideas", form).status == .unprocessableContent)
            form["title"] = String(repeating: "x", count: 141)
            let response = try await member.post(http, "/challenges/\(world.fixture.challenge.id)/ideas", form)
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("140 characters or fewer"))
        }
    }

    @Test func oversizedBodiesGet413AndTheServerGoesOn() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            var form = validIdea
            form["body"] = String(repeating: "a", count: 40_000)
            let response = try await member.post(http, "/challenges/\(world.fixture.challenge.id)/ideas", form)
            #expect(response.status == .contentTooLarge)
            #expect(try await member.get(http, "/").status == .ok)
        }
    }

    @Test func invalidUTF8Gets400() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            let body = "_csrf=\(member.csrf)&title=%FF%FE"
            let response = try await http.execute(
                uri: "/challenges/\(world.fixture.challenge.id)/ideas", method: .post,
                headers: [.cookie: member.cookie, .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
        }
    }

    @Test func aDoubleClickedSubmitCreatesOneIdea() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            var form = validIdea
            form["key"] = "same-form-instance"
            let path = "/challenges/\(world.fixture.challenge.id)/ideas"
            async let first = member.post(http, path, form)
            async let second = member.post(http, path, form)
            let (a, b) = try await (first, second)
            #expect(a.status == .seeOther && b.status == .seeOther && a.location == b.location,
                    "answers \(a.status) \(b.status): \(a.text.prefix(300)) | \(b.text.prefix(300))")
            let page = try await IdeaListRepository(world.db).page(challengeID: world.fixture.challenge.id, query: IdeaQuery())
            #expect(page.total == 1)
        }
    }

    @Test func declineNeedsAReason() async throws {
        try await Harness.run { http, world in
            let idea = try await world.fixture.idea(world.db, by: world.fixture.memberIDs[0])
            let steward = try await world.browser(world.fixture.stewardID)
            let response = try await steward.post(http, "/ideas/\(idea)/decline", ["reason": "  "])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Enter reason"))
            #expect(try await IdeaRepository(world.db).find(id: idea)?.state == .submitted)
        }
    }

    @Test func emptyCommentRerendersTheIdeaWith422() async throws {
        try await Harness.run { http, world in
            let idea = try await world.fixture.idea(world.db, by: world.fixture.memberIDs[0])
            let member = try await world.browser(world.fixture.memberIDs[1])
            let response = try await member.post(http, "/ideas/\(idea)/comments", ["body": ""])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("Enter comment"))
        }
    }

    @Test func supportingOutsideThePhaseGives422() async throws {
        try await Harness.run(phase: .review) { http, world in
            let idea = try await world.fixture.idea(world.db, by: world.fixture.memberIDs[0])
            let member = try await world.browser(world.fixture.memberIDs[1])
            let response = try await member.post(http, "/ideas/\(idea)/support")
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("in review"))
        }
    }
}
