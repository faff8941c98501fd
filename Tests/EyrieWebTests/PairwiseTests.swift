import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

struct PairwiseTests {
    static func enable(_ world: World, newIdeas: Bool = true) async throws {
        try await VotingSettingsRepository(world.db).save(VotingSettings(supports: true, pairwise: true,
                                                                         pairwiseNewIdeas: newIdeas),
                                                          challengeID: world.fixture.challenge.id,
                                                          communityID: world.fixture.community.id)
    }

    static func token(_ html: String) -> String? {
        guard let range = html.range(of: "name=\"prompt\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func aMemberAnswersPairsAndAddsAnIdea() async throws {
        try await Harness.run { http, world in
            // setup
            let f = world.fixture
            try await Self.enable(world)
            for i in 0..<4 { _ = try await f.idea(world.db, by: f.stewardID, title: "Pairwise idea \(i)") }
            let member = try await world.browser(f.memberIDs[0])
            let path = "/challenges/\(f.challenge.id)/pairwise"
            // act: answer, then answer the same pair again (a double click)
            let page = try await member.get(http, path)
            #expect(page.status == .ok && page.text.contains("Which idea is better?"))
            let token = try #require(Self.token(page.text))
            #expect(try await member.post(http, path, ["prompt": token, "choice": "left"]).status == .seeOther)
            let again = try await member.post(http, path, ["prompt": token, "choice": "left"])
            #expect(again.status == .seeOther)
            #expect(try await PairwiseRepository(world.db).answers(challengeID: f.challenge.id) == 1)
            // a skip needs a reason
            let next = try #require(Self.token(try await member.get(http, path).text))
            #expect(try await member.post(http, path, ["prompt": next, "choice": "skip"]).status == .unprocessableContent)
            #expect(try await member.post(http, path, ["prompt": next, "choice": "skip",
                                                       "reason": "I like both ideas"]).status == .seeOther)
            // adding an idea: invalid, then valid (waits for approval)
            let invalid = try await member.post(http, path + "/ideas", ["title": "", "summary": "Long enough summary"])
            #expect(invalid.status == .unprocessableContent && invalid.text.contains("Enter title"))
            let added = try await member.post(http, path + "/ideas", ["title": "My survey idea", "summary": "Added while comparing"])
            #expect(added.status == .seeOther)
            let candidates = try await PairwiseRepository(world.db).survey(challengeID: f.challenge.id, memberID: 0).candidates
            #expect(candidates.count == 4)
            // the steward sees it waiting and approves it
            let steward = try await world.browser(f.stewardID)
            let stewardPage = try await steward.get(http, path).text
            #expect(stewardPage.contains("My survey idea"))
            let waiting = try await PairwiseRepository(world.db).awaiting(challengeID: f.challenge.id)
            let id = try #require(waiting.first?.id)
            #expect(try await world.browser(f.memberIDs[1]).get(http, "/ideas/\(id)").status == .notFound)
            #expect(try await steward.post(http, "/ideas/\(id)/approve").status == .seeOther)
            #expect(try await PairwiseRepository(world.db).survey(challengeID: f.challenge.id, memberID: 0).candidates.count == 5)
        }
    }

    @Test func theSurveyIsRefusedWhenOffOrClosed() async throws {
        try await Harness.run(phase: .review) { http, world in
            let f = world.fixture
            let member = try await world.browser(f.memberIDs[0])
            let path = "/challenges/\(f.challenge.id)/pairwise"
            let off = try await member.get(http, path)
            #expect(off.status == .unprocessableContent && off.text.contains("does not use the pairwise survey"))
            try await Self.enable(world)
            let closed = try await member.get(http, path)
            #expect(closed.status == .unprocessableContent && closed.text.contains("survey is closed"))
            #expect(try await world.browser(f.outsiderID).get(http, path).status == .forbidden)
        }
    }

    @Test func newIdeasCanBeTurnedOff() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            try await Self.enable(world, newIdeas: false)
            let response = try await world.browser(f.memberIDs[0]).post(
                http, "/challenges/\(f.challenge.id)/pairwise/ideas", ["title": "Not allowed here", "summary": "Should be refused"])
            #expect(response.status == .unprocessableContent)
        }
    }
}
