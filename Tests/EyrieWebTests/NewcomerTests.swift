import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HummingbirdTesting
@testable import EyrieWeb
import Testing

/// A newcomer signed in but not yet a member never meets a dead end: every refusal offers to join and come back.
struct NewcomerTests {
    @Test func theChallengePageOffersToJoinAndComesBack() async throws {
        try await Harness.run { http, world in
            // setup: someone signed in who is not a member of the open community
            let f = world.fixture
            let newcomer = try await world.browser(f.outsiderID)
            let path = "/challenges/\(f.challenge.id)"
            // act
            let page = try await newcomer.get(http, path).text
            let joined = try await newcomer.post(http, "/communities/\(f.community.slug)/join", ["next": path])
            let after = try await newcomer.get(http, path).text
            // check
            #expect(page.contains("action=\"/communities/open-guild/join\""))
            #expect(page.contains("name=\"next\" value=\"\(path)\""))
            #expect(page.contains("Join Open Guild"))
            #expect(joined.status == .seeOther && joined.location == path)
            #expect(after.contains("Submit an idea") && !after.contains("Join Open Guild"))
        }
    }

    @Test func aRefusalForNotBeingAMemberIsA403WithAJoinButton() async throws {
        try await Harness.run { http, world in
            // setup
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.memberIDs[0])
            let newcomer = try await world.browser(f.outsiderID)
            // act: the submit form, and a support, both need membership
            let form = try await newcomer.get(http, "/challenges/\(f.challenge.id)/ideas/new")
            let support = try await newcomer.post(http, "/ideas/\(idea)/support")
            let ideaPage = try await newcomer.get(http, "/ideas/\(idea)").text
            // check
            #expect(form.status == .forbidden)
            #expect(form.text.contains("Only members of Open Guild can do this"))
            #expect(form.text.contains("name=\"next\" value=\"/challenges/\(f.challenge.id)/ideas/new\""))
            #expect(support.status == .forbidden)
            #expect(support.text.contains("action=\"/communities/open-guild/join\""))
            #expect(ideaPage.contains("name=\"next\" value=\"/ideas/\(idea)\""))
            #expect(!ideaPage.contains("Join the community first."))
        }
    }

    @Test func joiningNeverRedirectsOffSite() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let newcomer = try await world.browser(f.outsiderID)
            let joined = try await newcomer.post(http, "/communities/\(f.community.slug)/join", ["next": "//evil.example/x"])
            #expect(joined.status == .seeOther && joined.location == "/communities/\(f.community.slug)")
        }
    }

    @Test func unpublishedResultsSayWhenToExpectThem() async throws {
        try await Harness.run(phase: .voting) { http, world in
            // setup
            let f = world.fixture
            let member = try await world.browser(f.memberIDs[0])
            // act
            let page = try await member.get(http, "/challenges/\(f.challenge.id)/results")
            // check: still a refusal, now with the dates and a way back
            #expect(page.status == .forbidden)
            #expect(page.text.contains("Results not published yet"))
            #expect(page.text.contains(Dates.day(f.challenge.schedule.closesAt)))
            #expect(page.text.contains("href=\"/challenges/\(f.challenge.id)\""))
        }
    }
}
