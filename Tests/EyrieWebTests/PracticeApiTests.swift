import EyrieCore
import EyrieStore
import EyrieTestSupport
@testable import EyrieWeb
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The library and the discussions through the JSON API: found by words, read with their files, links and replies;
/// hidden replies only for moderators; a private community's invisible to outsiders by list, id and search.
struct PracticeApiTests {
    func get(_ http: any TestClientProtocol, _ uri: String, token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await http.execute(uri: uri, method: .get, headers: headers, body: nil)
    }

    func object(_ response: TestResponse) throws -> JSONValue { try JSONParser.parse(String(buffer: response.body), maxDepth: 16) }

    @Test func resourcesAreFoundByWordsAndReadWithTheirFilesAndLinks() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Welcome call checklist", body: "# Steps\n\nCall within a day.")
            _ = try await f.resource(world.db, title: "Another guide", body: "Nothing about it.", tags: ["other"])
            let attachment = try await f.attachment(world.db, resourceID: resource)
            let idea = try await f.idea(world.db, by: f.memberIDs[1], title: "Welcome call within a day")
            try await WorkLinkRepository(world.db).link(resourceID: resource, communityID: f.community.id,
                                                        to: WorkReference(.idea, idea), actorID: f.memberIDs[0])
            let list = try object(try await get(http, "/api/v1/communities/\(f.community.slug)/resources?q=calling&tag=checklist"))
            #expect(list["items"].items.map { $0["title"].text } == ["Welcome call checklist"])
            let read = try object(try await get(http, "/api/v1/resources/\(resource)"))
            #expect(read["body"].text == "# Steps\n\nCall within a day." && read["kind"].text == "tool" && read["version"] == .number("1"))
            #expect(read["attachments"].items.map { $0["url"].text } == ["/attachments/\(attachment)"])
            #expect(read["attachments"].items.first?["type"].text == "image/png")
            #expect(read["linked_to"].items.map { $0["kind"].text } == ["idea"] && read["linked_to"].items.first?["id"] == .number(String(idea)))
            // the private community's library is not there for an outsider, by list, id or search
            let hidden = try await f.privateResource(world.db)
            let outsider = try await ApiTokenRepository(world.db).create(memberID: f.outsiderID, name: "t", canWrite: false).token
            for who in [nil, outsider] {
                #expect(try await get(http, "/api/v1/resources/\(hidden)", token: who).status == .notFound)
                #expect(try await get(http, "/api/v1/communities/\(f.privateCommunity.slug)/resources?q=lab", token: who).status == .notFound)
            }
            let steward = try await ApiTokenRepository(world.db).create(memberID: f.stewardID, name: "t", canWrite: false).token
            #expect(try object(try await get(http, "/api/v1/resources/\(hidden)", token: steward))["title"].text == "Lab notebook")
        }
    }

    @Test func aDiscussionIsReadWithItsAnswerMarkedAndHiddenRepliesOnlyForModerators() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let (discussion, first) = try await f.question(world.db, title: "How do you welcome new members?")
            let discussions = DiscussionRepository(world.db)
            let rude = try await discussions.reply(discussionID: discussion, ReplyDraft(body: "Rude words"), actorID: f.memberIDs[2])
            try await discussions.setReplyHidden(replyID: rude, reason: "Rude", actorID: f.stewardID)
            try await discussions.accept(discussionID: discussion, replyID: first, actorID: f.memberIDs[0])
            let read = try object(try await get(http, "/api/v1/discussions/\(discussion)"))
            #expect(read["answered"] == .bool(true) && read["kind"].text == "question")
            #expect(read["posts"].items.map { $0["id"] } == [.number(String(first))])
            #expect(read["posts"].items.first?["is_answer"] == .bool(true))
            let steward = try await ApiTokenRepository(world.db).create(memberID: f.stewardID, name: "t", canWrite: false).token
            #expect(try object(try await get(http, "/api/v1/discussions/\(discussion)", token: steward))["posts"].items.count == 2)
            let unanswered = try object(try await get(http, "/api/v1/communities/\(f.community.slug)/discussions?filter=unanswered"))
            #expect(!unanswered["items"].items.contains { $0["id"] == .number(String(discussion)) })
            let all = try object(try await get(http, "/api/v1/communities/\(f.community.slug)/discussions"))
            #expect(all["items"].items.contains { $0["id"] == .number(String(discussion)) && $0["replies"] == .number("1") })
        }
    }
}
