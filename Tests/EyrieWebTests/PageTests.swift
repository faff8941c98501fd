import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import EyrieWeb
import Testing

struct PageTests {
    @Test func everyPageRenders() async throws {
        try await Harness.run { http, world in
            // setup
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.memberIDs[0], tags: ["inbox"])
            _ = try await CommentRepository(world.db).add(ideaID: idea, communityID: f.community.id, authorID: f.memberIDs[1],
                                                          draft: CommentDraft(body: "Nice <b>idea</b>"))
            let steward = try await world.browser(f.stewardID)
            let author = try await world.browser(f.memberIDs[0])
            let pages = ["/", "/signin", "/signup", "/communities", "/organisations", "/communities/open-guild",
                         "/communities/closed-lab", "/communities/open-guild/challenges/new",
                         "/challenges/\(f.challenge.id)", "/challenges/\(f.challenge.id)?sort=supported&q=inbox&tag=inbox",
                         "/challenges/\(f.challenge.id)?sort=discussed&after=3.1", "/challenges/\(f.challenge.id)?q=a%00b%FF", "/challenges/\(f.challenge.id)/ideas/new",
                         "/ideas/\(idea)", "/members/\(f.memberIDs[0])", "/members/\(f.stewardID)"]
            for page in pages {
                // act
                let response = try await steward.get(http, page)
                // check
                #expect(response.status == .ok, "\(page)")
                #expect(response.headers[.contentType] == "text/html; charset=utf-8", "\(page)")
                #expect(response.text.contains("</html>"), "\(page)")
            }
            #expect(try await author.get(http, "/ideas/\(idea)/edit").status == .ok)
            // user text is escaped, never raw
            let ideaPage = try await steward.get(http, "/ideas/\(idea)").text
            #expect(ideaPage.contains("Nice &lt;b&gt;idea&lt;/b&gt;") && !ideaPage.contains("<b>idea</b>"))
            #expect(try await steward.get(http, "/healthz").status == .ok)
            #expect(try await steward.get(http, "/metrics").text.contains("http_server_request_duration"))
            #expect(try await steward.get(http, "/static/eyrie.css").status == .ok)
        }
    }

    @Test func everyPageCarriesSecurityHeaders() async throws {
        try await Harness.run { http, world in
            let anonymous = try await world.browser(nil)
            for page in ["/", "/nope", "/static/eyrie.css"] {
                let response = try await anonymous.get(http, page)
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] != nil)
                #expect(response.headers[HTTPField.Name("X-Request-Id")!] != nil)
            }
        }
    }

    @Test(arguments: ["/ideas/abc", "/ideas/99999999", "/ideas/-1", "/challenges/1e5", "/members/0", "/communities/nope",
                      "/no/such/page", "/ideas/99999999999999999999999"])
    func unknownOrMalformedIdsGiveTheNotFoundPage(_ path: String) async throws {
        try await Harness.run { http, world in
            let response = try await world.browser(world.fixture.stewardID).get(http, path)
            #expect(response.status == .notFound)
            #expect(response.text.contains("Page not found"))
        }
    }

    @Test func privateContentIsHiddenFromOutsiders() async throws {
        try await Harness.run { http, world in
            // setup: an idea in a challenge of the private community
            let f = world.fixture
            let draft = ChallengeDraft(title: "Secret challenge", problem: "A private problem statement here.",
                                       question: "How might we keep secrets?", sponsorID: f.organisationIDs[0],
                                       schedule: f.challenge.schedule)
            let challengeID = try await ChallengeRepository(world.db).create(draft, communityID: f.privateCommunity.id,
                                                                             createdBy: f.stewardID)
            let challenge = try await ChallengeRepository(world.db).find(id: challengeID)!
            let idea = try await IdeaRepository(world.db).create(
                IdeaDraft(title: "Secret idea", summary: "Nobody outside may see this", body: "", tags: []),
                challenge: challenge, authorID: f.stewardID, coAuthorIDs: [], state: .submitted, submissionKey: "s")
            // act / check
            let outsider = try await world.browser(f.outsiderID)
            #expect(try await outsider.get(http, "/ideas/\(idea)").status == .notFound)
            #expect(try await outsider.get(http, "/challenges/\(challengeID)").status == .notFound)
            #expect(try await outsider.post(http, "/ideas/\(idea)/support").status == .notFound)
            let home = try await outsider.get(http, "/").text
            #expect(!home.contains("Secret challenge"))
            let anonymous = try await world.browser(nil).get(http, "/ideas/\(idea)")
            #expect(anonymous.status == .seeOther && anonymous.location.hasPrefix("/signin"))
            #expect(try await world.browser(f.stewardID).get(http, "/ideas/\(idea)").status == .ok)
        }
    }

    @Test func draftsAndHiddenIdeasShowOnlyToAuthorsAndStewards() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let draft = try await f.idea(world.db, by: f.memberIDs[0], state: .draft)
            let hidden = try await f.idea(world.db, by: f.memberIDs[0], title: "Will be hidden")
            try await IdeaRepository(world.db).setHidden(ideaID: hidden, reason: "Duplicate post", actorID: f.stewardID)
            let other = try await world.browser(f.memberIDs[1])
            let author = try await world.browser(f.memberIDs[0])
            #expect(try await other.get(http, "/ideas/\(draft)").status == .notFound)
            #expect(try await other.get(http, "/ideas/\(hidden)").status == .notFound)
            #expect(try await author.get(http, "/ideas/\(draft)").status == .ok)
            #expect(try await author.get(http, "/ideas/\(hidden)").text.contains("Duplicate post"))
            #expect(try await world.browser(f.stewardID).get(http, "/ideas/\(hidden)").status == .ok)
        }
    }

    @Test func anIdeaAwaitingApprovalStaysOffItsAuthorsPublicProfile() async throws {
        try await Harness.run { http, world in
            // setup: an idea added during the pairwise survey, not yet approved
            let f = world.fixture
            let waiting = try await IdeaRepository(world.db).create(
                IdeaDraft(title: "Added mid-survey", summary: "An idea that waits for a steward.", body: "", tags: []),
                challenge: f.challenge, authorID: f.memberIDs[0], coAuthorIDs: [], state: .submitted,
                submissionKey: "pairwise-1", awaitingApproval: true)
            let profile = "/members/\(f.memberIDs[0])"
            // act and check: others don't see it; the author does
            #expect(try await world.browser(f.memberIDs[1]).get(http, profile).text.contains("Added mid-survey") == false)
            #expect(try await world.browser(f.memberIDs[0]).get(http, profile).text.contains("Added mid-survey"))
            // once approved, it shows
            try await PairwiseRepository(world.db).approve(ideaID: waiting, actorID: f.stewardID)
            #expect(try await world.browser(f.memberIDs[1]).get(http, profile).text.contains("Added mid-survey"))
        }
    }
}

struct DatesTests {
    @Test func formatsDaysAndTimesInUTC() {
        #expect(Dates.day(Date(timeIntervalSince1970: 0)) == "1 Jan 1970")
        #expect(Dates.day(Date(timeIntervalSince1970: 1_795_392_000)) == "23 Nov 2026")
        #expect(Dates.time(Date(timeIntervalSince1970: 1_795_392_000 + 17 * 3600 + 5 * 60 + 59)) == "23 Nov 2026 at 17:05")
        #expect(Dates.day(Date(timeIntervalSince1970: 951_782_400)) == "29 Feb 2000")
        #expect(Dates.count(1, "idea", "ideas") == "1 idea" && Dates.count(0, "idea", "ideas") == "0 ideas")
    }
}
