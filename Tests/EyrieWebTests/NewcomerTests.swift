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

    /// Signs a newcomer up with the form as a browser sends it; returns the response and a browser with their session.
    static func signUp(_ http: any TestClientProtocol, _ world: World, email: String,
                       _ fields: [String: String]) async throws -> (TestResponse, Browser?) {
        let response = try await world.browser(nil).post(http, "/signup", [
            "name": "Nadia Newcomer", "email": email, "password": "a long password", "next": "/"].merging(fields) { $1 })
        guard let token = AuthTests.sessionToken(response),
              let session = try await SessionRepository(world.db).find(token: token) else { return (response, nil) }
        return (response, Browser(cookie: "eyrie_session=\(token)", csrf: session.csrf))
    }

    @Test func aNewcomerWhoseOrganisationIsNotListedSignsUpAndIsWelcomedAsNew() async throws {
        try await Harness.run { http, world in
            // setup: the sign-up page offers the way out
            let form = try await world.browser(nil).get(http, "/signup").text
            #expect(form.contains("My organisation is not listed") && form.contains("Independent"))
            // act
            let (response, newcomer) = try await Self.signUp(http, world, email: "nadia@north.example",
                                                             ["organisation": "new", "new_organisation": "North Water Trust"])
            // check: signed in, greeted as new (not "Welcome back"), the organisation listed as unconfirmed
            #expect(response.status == .seeOther)
            let home = try await #require(newcomer).get(http, "/").text
            #expect(home.contains("Welcome to Eyrie, Nadia") && !home.contains("Welcome back"))
            let list = try await world.browser(world.fixture.adminID).get(http, "/organisations").text
            #expect(list.contains("North Water Trust <span class=\"tag\">Unconfirmed</span>"))
            // and it is not offered to the next newcomer until confirmed
            #expect(!(try await world.browser(nil).get(http, "/signup").text.contains("North Water Trust")))
        }
    }

    @Test func signUpRefusesAnUnnamedNewOrganisationBesideTheField() async throws {
        try await Harness.run { http, world in
            let (missing, _) = try await Self.signUp(http, world, email: "x@y.example", ["organisation": "new"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("id=\"new-organisation-field\""))
            #expect(missing.text.contains("field-error\" id=\"new-organisation-field\""))
            let (nothing, _) = try await Self.signUp(http, world, email: "x@y.example", [:])
            #expect(nothing.status == .unprocessableContent && nothing.text.contains("say that it is not listed"))
            let (independent, member) = try await Self.signUp(http, world, email: "i@y.example", ["organisation": "independent"])
            #expect(independent.status == .seeOther && member != nil)
        }
    }

    @Test func anAdminConfirmsOneNewOrganisationAndMergesAnother() async throws {
        try await Harness.run { http, world in
            // setup
            _ = try await Self.signUp(http, world, email: "a@n.example", ["organisation": "new", "new_organisation": "Keep Me"])
            let (_, typoMember) = try await Self.signUp(http, world, email: "b@n.example",
                                                        ["organisation": "new", "new_organisation": "Typo Corp"])
            let slug = world.fixture.community.slug
            _ = try await #require(typoMember).post(http, "/communities/\(slug)/join")
            let all = try await OrganisationRepository(world.db).all()
            let keep = try #require(all.first { $0.name == "Keep Me" }).id
            let typo = try #require(all.first { $0.name == "Typo Corp" }).id
            let admin = try await world.browser(world.fixture.adminID)
            #expect(try await admin.get(http, "/communities/\(slug)/members").text.contains("Typo Corp (1)"))
            // act
            let confirmed = try await admin.post(http, "/organisations/\(keep)/confirm")
            let merged = try await admin.post(http, "/organisations/\(typo)/merge", ["into": String(world.fixture.organisationIDs[0])])
            let refused = try await admin.post(http, "/organisations/\(keep)/merge", ["into": String(world.fixture.organisationIDs[0])])
            // check
            #expect(confirmed.status == .seeOther && merged.status == .seeOther)
            #expect(refused.status == .unprocessableContent)
            let after = try await OrganisationRepository(world.db).all()
            #expect(after.first { $0.id == keep }?.isConfirmed == true)
            #expect(!after.contains { $0.id == typo })
            #expect(try await world.browser(nil).get(http, "/signup").text.contains("Keep Me"))
            // the member list counts the merged member for the other organisation at once (not after its 30 s)
            #expect(!(try await admin.get(http, "/communities/\(slug)/members").text.contains("Typo Corp")))
        }
    }

    @Test func anAuthorCannotSupportTheirOwnIdeaUnlessTheCommunityAllowsIt() async throws {
        try await Harness.run { http, world in
            // setup
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.memberIDs[0])
            let author = try await world.browser(f.memberIDs[0])
            // act / check: no button, and the POST is refused with the reason
            #expect(!(try await author.get(http, "/ideas/\(idea)").text.contains("action=\"/ideas/\(idea)/support\"")))
            let refused = try await author.post(http, "/ideas/\(idea)/support")
            #expect(refused.status == .unprocessableContent && refused.text.contains("own ideas"))
            // act: a steward turns it on in the community's settings
            let steward = try await world.browser(f.stewardID)
            let settings = try await steward.get(http, "/communities/\(f.community.slug)/settings").text
            #expect(settings.contains("Authors may support their own ideas") && !settings.contains("checked><label for=\"authorsMaySupport\""))
            let saved = try await steward.post(http, "/communities/\(f.community.slug)/settings", [
                "name": f.community.name, "domain": f.community.domain, "visibility": "open", "authorsMaySupport": "on"])
            #expect(saved.status == .seeOther)
            let allowed = try await author.post(http, "/ideas/\(idea)/support")
            #expect(allowed.status == .seeOther)
            #expect(try await IdeaRepository(world.db).find(id: idea)?.supportCount == 1)
            // a bad form keeps its values and says what is wrong
            let bad = try await steward.post(http, "/communities/\(f.community.slug)/settings", ["name": "", "domain": "x"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("field-error"))
        }
    }
}
