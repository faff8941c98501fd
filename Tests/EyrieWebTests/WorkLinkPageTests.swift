import EyrieCore
import EyrieStore
import EyrieTestSupport
import EyrieWeb
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// The library linked to the work over HTTP: a member pastes an idea's address on a resource and the idea's page
/// lists the resource; a bad or foreign address is refused beside the field; only the linker or a steward unlinks;
/// a closed workshop's summary and an offering's update become resources in one click, once.
struct WorkLinkPageTests {
    @Test func aMemberLinksAnIdeaByItsAddressAndTheIdeaListsTheResource() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Lessons from the welcome pilot")
            let idea = try await f.idea(world.db, by: f.memberIDs[1], title: "Welcome call within a day")
            let member = try await world.browser(f.memberIDs[0])
            let sent = try await member.post(http, "/resources/\(resource)/links", ["address": "https://eyrie.example/ideas/\(idea)#comments"])
            #expect(sent.status == .seeOther && sent.location == "/resources/\(resource)#work")
            let page = try await member.get(http, "/resources/\(resource)")
            #expect(page.text.contains("href=\"/ideas/\(idea)\"") && page.text.contains("Welcome call within a day"))
            let ideaPage = try await world.browser(nil).get(http, "/ideas/\(idea)")
            #expect(ideaPage.text.contains("In the library") && ideaPage.text.contains("href=\"/resources/\(resource)\""))
            // twice is once
            let again = try await member.post(http, "/resources/\(resource)/links", ["address": "/ideas/\(idea)"])
            #expect(again.status == .seeOther)
            #expect(try await world.db.count("SELECT count(*) FROM resource_links WHERE resource_id = \(resource)") == 1)
        }
    }

    @Test(arguments: [("", "Paste the address of an idea"), ("/resources/1", "This is not the address"),
                      ("/ideas/{private}", "No idea, workshop or offering of this community"),
                      ("/offerings/{privateOffering}", "No idea, workshop or offering of this community"),
                      ("/ideas/999999", "No idea, workshop or offering of this community")])
    func aBadOrForeignAddressIsRefusedBesideTheField(_ address: String, _ message: String) async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Lessons from the welcome pilot")
            let privateOffering = try await f.privateOffering(world.db)
            let privateIdea = try await world.db.count("SELECT min(id) FROM ideas WHERE community_id = \(f.privateCommunity.id)")
            let filled = address.replacingOccurrences(of: "{private}", with: String(privateIdea))
                .replacingOccurrences(of: "{privateOffering}", with: String(privateOffering))
            let sent = try await world.browser(f.memberIDs[0]).post(http, "/resources/\(resource)/links", ["address": filled])
            #expect(sent.status == .unprocessableContent)
            #expect(sent.text.contains("id=\"address-error\"") && sent.text.contains(message))
            #expect(sent.text.contains("value=\"\(filled)\""))
            #expect(try await world.db.count("SELECT count(*) FROM resource_links") == 0)
        }
    }

    @Test func onlyTheLinkerOrAStewardUnlinks() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Lessons from the welcome pilot")
            let idea = try await f.idea(world.db, by: f.memberIDs[1], title: "Welcome call within a day")
            try await WorkLinkRepository(world.db).link(resourceID: resource, communityID: f.community.id,
                                                        to: WorkReference(.idea, idea), actorID: f.memberIDs[0])
            let link = try #require(try await WorkLinkRepository(world.db).links(resourceID: resource).first?.id)
            let other = try await world.browser(f.memberIDs[1])
            #expect(!(try await other.get(http, "/resources/\(resource)")).text.contains("/links/\(link)/remove"))
            #expect(try await other.post(http, "/resources/\(resource)/links/\(link)/remove", [:]).status == .forbidden)
            // a link of another resource is not found through this one
            let second = try await f.resource(world.db, title: "Another resource")
            #expect(try await world.browser(f.stewardID).post(http, "/resources/\(second)/links/\(link)/remove", [:]).status == .notFound)
            let linker = try await world.browser(f.memberIDs[0])
            #expect(try await linker.get(http, "/resources/\(resource)").text.contains("/links/\(link)/remove"))
            #expect(try await linker.post(http, "/resources/\(resource)/links/\(link)/remove", [:]).status == .seeOther)
            #expect(try await world.db.count("SELECT count(*) FROM resource_links") == 0)
            #expect(!(try await linker.get(http, "/ideas/\(idea)")).text.contains("In the library"))
        }
    }

    @Test func aClosedWorkshopsSummaryIsKeptInOneClickOnce() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let workshop = try await f.workshop(world.db, title: "Welcome design day", state: .closed)
            let facilitator = try await world.browser(f.facilitatorID)
            let page = try await facilitator.get(http, "/workshops/\(workshop)")
            #expect(page.text.contains("action=\"/workshops/\(workshop)/summary/keep\""))
            let first = try await facilitator.post(http, "/workshops/\(workshop)/summary/keep", [:])
            let second = try await world.browser(f.stewardID).post(http, "/workshops/\(workshop)/summary/keep", [:])
            #expect(first.status == .seeOther && second.status == .seeOther && first.location == second.location)
            let resource = try #require(Int64(first.location.replacingOccurrences(of: "/resources/", with: "")))
            let visit = try #require(try await LibraryRepository(world.db).visit(id: resource, viewerID: nil))
            #expect(visit.resource.title == "Workshop summary: Welcome design day" && visit.resource.kind == .lesson)
            #expect(visit.resource.body.contains("## Participants") && visit.resource.body.hasSuffix("[From the workshop “Welcome design day”](/workshops/\(workshop))"))
            #expect(!visit.resource.body.hasPrefix("# "))
            #expect(visit.authors.map(\.id) == [f.facilitatorID])
            let after = try await world.browser(nil).get(http, "/workshops/\(workshop)")
            #expect(after.text.contains("The summary is kept in the library") && after.text.contains("href=\"/resources/\(resource)\""))
            #expect(!after.text.contains("summary/keep"))
            // a member who does not lead it may not; a running workshop's summary waits for the close
            #expect(try await world.browser(f.memberIDs[0]).post(http, "/workshops/\(workshop)/summary/keep", [:]).status == .forbidden)
            let running = try await f.workshop(world.db, title: "Still running", state: .running)
            #expect(try await facilitator.post(http, "/workshops/\(running)/summary/keep", [:]).status == .unprocessableContent)
        }
    }

    @Test func anOfferingsUpdateIsKeptCreditingItsAuthorInTheKeepersLanguage() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let offering = try await f.offering(world.db, name: "Welcome desk")
            let update = try await ProgressRepository(world.db).post(ProgressDraft(note: "Ten customers called within a day.", percent: 30),
                                                                     offeringID: offering, actorID: f.memberIDs[0])
            let steward = try await world.browser(f.stewardID)
            #expect(try await steward.get(http, "/offerings/\(offering)").text.contains("/offerings/\(offering)/updates/\(update)/keep"))
            let sent = try await http.execute(uri: "/offerings/\(offering)/updates/\(update)/keep", method: .post,
                                              headers: [.cookie: steward.cookie, .acceptLanguage: "fr",
                                                        .contentType: "application/x-www-form-urlencoded"],
                                              body: .init(string: "_csrf=\(steward.csrf)"))
            #expect(sent.status == .seeOther)
            let resource = try #require(Int64((sent.headers[.location] ?? "").replacingOccurrences(of: "/resources/", with: "")))
            let visit = try #require(try await LibraryRepository(world.db).visit(id: resource, viewerID: nil))
            #expect(visit.resource.title.hasPrefix("Avancement de « Welcome desk »"))
            #expect(visit.resource.body.hasPrefix("Ten customers called within a day.") && visit.authors.count == 2)
            let page = try await world.browser(nil).get(http, "/offerings/\(offering)")
            #expect(page.text.contains("kept in the library") && page.text.contains("href=\"/resources/\(resource)\""))
            // someone outside the offering's team may not; an update of another offering is not found here
            #expect(try await world.browser(f.memberIDs[1]).post(http, "/offerings/\(offering)/updates/\(update)/keep", [:]).status == .forbidden)
            let other = try await f.offering(world.db, name: "Other desk")
            #expect(try await steward.post(http, "/offerings/\(other)/updates/\(update)/keep", [:]).status == .notFound)
        }
    }
}
