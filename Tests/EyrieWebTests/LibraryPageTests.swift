import EyrieCore
import EyrieStore
import EyrieTestSupport
@testable import EyrieWeb
import Foundation
import HummingbirdTesting
import Testing

/// The library through the real router: a member adds a resource (bad input said beside the field), its Markdown
/// is read safely, a second editor who started from an older version is shown both texts instead of overwriting,
/// a steward restores a version, and a private community's library does not exist for outsiders.
struct LibraryPageTests {
    let form = ["title": "Welcome call script", "kind": "tool", "body": "# Script\n\nSay **hello**.\n\n<script>alert(1)</script>",
                "tags": "onboarding, calls", "language": "en"]

    @Test func aMemberAddsAResourceAndItReadsSafely() async throws {
        try await Harness.run { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            let bad = try await member.post(http, "/communities/open-guild/library", form.merging(["title": "ab"]) { $1 })
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("Title must be at least 3 characters") && bad.text.contains("value=\"ab\""))
            let made = try await member.post(http, "/communities/open-guild/library", form)
            #expect(made.status == .seeOther && made.location.hasPrefix("/resources/"))
            let page = try await member.get(http, made.location).text
            #expect(page.contains("<h2>Script</h2>") && page.contains("<strong>hello</strong>"))
            #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert"))
            // listed, found by a word, by its kind and by its tag
            for query in ["", "?q=script", "?kind=tool", "?tag=calls"] {
                #expect(try await member.get(http, "/communities/open-guild/library" + query).text.contains("Welcome call script"), "\(query)")
            }
            #expect(!(try await member.get(http, "/communities/open-guild/library?kind=case").text.contains("Welcome call script")))
        }
    }

    @Test func aSecondEditorIsShownBothTextsNotOverwritten() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let id = try await f.resource(world.db, title: "Shared guide", body: "Call within a day")
            let (first, second) = (try await world.browser(f.memberIDs[0]), try await world.browser(f.memberIDs[1]))
            // both opened the form at version 1
            #expect(try await second.get(http, "/resources/\(id)/edit").text.contains("name=\"version\" value=\"1\""))
            let edit = form.merging(["title": "Shared guide", "version": "1"]) { $1 }
            let saved = try await first.post(http, "/resources/\(id)/edit", edit.merging(["body": "Call within two hours"]) { $1 })
            #expect(saved.status == .seeOther)
            let refused = try await second.post(http, "/resources/\(id)/edit", edit.merging(["body": "Call within a week"]) { $1 })
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("Member 0 saved version 2 while you were editing"))
            #expect(refused.text.contains("Call within two hours") && refused.text.contains("Call within a week"))
            #expect(refused.text.contains("name=\"version\" value=\"2\""), "saving again starts from the version it saw")
            #expect(try await LibraryRepository(world.db).visit(id: id, viewerID: nil)?.resource.body == "Call within two hours")
            let again = try await second.post(http, "/resources/\(id)/edit",
                                              edit.merging(["body": "Call within a week", "version": "2"]) { $1 })
            #expect(again.status == .seeOther)
            // the history lists three versions; the changes page shows what version 3 changed
            let history = try await second.get(http, "/resources/\(id)/history").text
            #expect(history.contains("Version 3") && history.contains("Version 1"))
            let changes = try await second.get(http, "/resources/\(id)/changes?from=2&to=3").text
            #expect(changes.contains("diff-removed") && changes.contains("Call within two hours") && changes.contains("Call within a week"))
            // a steward restores version 1 as version 4; a member may not
            #expect(try await second.post(http, "/resources/\(id)/restore", ["version": "1"]).status == .forbidden)
            let steward = try await world.browser(f.stewardID)
            let restored = try await steward.post(http, "/resources/\(id)/restore", ["version": "1"])
            #expect(restored.status == .seeOther)
            let resource = try await LibraryRepository(world.db).visit(id: id, viewerID: nil)?.resource
            #expect(resource?.version == 4 && resource?.body == "Call within a day")
        }
    }

    @Test func usefulIsOncePerMemberAndCanBeTakenBack() async throws {
        try await Harness.run { http, world in
            let id = try await world.fixture.resource(world.db, title: "Template")
            let member = try await world.browser(world.fixture.memberIDs[1])
            for _ in 0..<2 { #expect(try await member.post(http, "/resources/\(id)/useful", ["useful": "on"]).status == .seeOther) }
            let page = try await member.get(http, "/resources/\(id)").text
            #expect(page.contains("1 member found it useful") && page.contains("aria-pressed=\"true\""))
            _ = try await member.post(http, "/resources/\(id)/useful", ["useful": "off"])
            #expect(try await member.get(http, "/resources/\(id)").text.contains("0 members found it useful"))
        }
    }

    @Test func aPrivateLibraryDoesNotExistOutsideItsCommunity() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let secret = try await f.privateResource(world.db)
            let outsider = try await world.browser(f.outsiderID)
            #expect(try await outsider.get(http, "/resources/\(secret)").status == .notFound)
            #expect(try await outsider.get(http, "/communities/closed-lab/library").status == .notFound)
            let member = try await world.browser(f.memberIDs[0])
            #expect(!(try await member.get(http, "/communities/open-guild/library?q=notebook").text.contains("Lab notebook")))
            let steward = try await world.browser(f.stewardID)
            #expect(try await steward.get(http, "/resources/\(secret)").text.contains("Lab notebook"))
        }
    }

    @Test func stewardsAddKindsMembersUseThem() async throws {
        try await Harness.run { http, world in
            let steward = try await world.browser(world.fixture.stewardID)
            #expect(try await steward.post(http, "/communities/open-guild/library/kinds", ["name": "Persona"]).status == .seeOther)
            let twice = try await steward.post(http, "/communities/open-guild/library/kinds", ["name": "persona"])
            #expect(twice.status == .unprocessableContent && twice.text.contains("The library has this kind already"))
            let member = try await world.browser(world.fixture.memberIDs[0])
            #expect(try await member.get(http, "/communities/open-guild/library/new").text.contains("<option value=\"Persona\""))
            let made = try await member.post(http, "/communities/open-guild/library", form.merging(["kind": "Persona"]) { $1 })
            #expect(made.status == .seeOther)
        }
    }

    @Test func stewardsFeatureResourcesOnTheCommunityPageAndItListsOpenQuestions() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let id = try await f.resource(world.db, title: "Onboarding playbook")
            let (question, _) = try await f.question(world.db, title: "Who has a first-week checklist?")
            let member = try await world.browser(f.memberIDs[1])
            #expect(try await member.post(http, "/resources/\(id)/feature", ["featured": "on"]).status == .forbidden)
            #expect(!(try await member.get(http, "/communities/open-guild").text.contains("Onboarding playbook")))
            let steward = try await world.browser(f.stewardID)
            #expect(try await steward.post(http, "/resources/\(id)/feature", ["featured": "on"]).status == .seeOther)
            let page = try await member.get(http, "/communities/open-guild").text
            #expect(page.contains("Onboarding playbook") && page.contains("/discussions/\(question)"))
            #expect(try await steward.post(http, "/resources/\(id)/feature", ["featured": "off"]).status == .seeOther)
            #expect(!(try await member.get(http, "/communities/open-guild").text.contains("Onboarding playbook")))
        }
    }
}
