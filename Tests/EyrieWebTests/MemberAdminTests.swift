import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HummingbirdTesting
@testable import EyrieWeb
import Testing

/// Member administration on its own page: a steward finds one member among many, changes several roles at once after
/// a confirmation and approves requests; members read the list without addresses or tools.
struct MemberAdminTests {
    @Test func aStewardFindsOneAmongManyAndChangesThreeRolesAtOnce() async throws {
        try await Harness.run { http, world in
            // setup: 60 more members, one of them the one to find, and two waiting to join
            let f = world.fixture
            var ids: [Int64] = []
            for n in 0..<60 {
                let name = n == 42 ? "Zelda Quarry" : "Crowd Member \(n)"
                let id = try await MemberRepository(world.db).create(name: name, email: "c\(n)@crowd.example", passwordHash: "h",
                                                                     organisationID: f.organisationIDs[n % 2])
                try await CommunityRepository(world.db).join(communityID: f.community.id, memberID: id,
                                                             status: n >= 58 ? .pending : .active)
                ids.append(id)
            }
            let steward = try await world.browser(f.stewardID)
            let list = "/communities/\(f.community.slug)/members"
            // act: search
            let found = try await steward.get(http, list + "?q=quarry").text
            // check: one match, with the e-mail address, the requests to join first
            #expect(found.contains("1 member matches.") && found.contains("Zelda Quarry") && found.contains("c42@crowd.example"))
            #expect(found.contains("Requests to join") && found.contains("Crowd Member 58"))
            // act: pick three and ask to make them facilitators; the confirmation names them
            let picked = ["member-\(ids[1])": "on", "member-\(ids[2])": "on", "member-\(ids[3])": "on"]
            let confirm = try await steward.post(http, list + "/bulk", picked.merging(["action": "role-facilitator"]) { $1 })
            #expect(confirm.status == .ok && confirm.text.contains("Make these 3 members facilitators?"))
            #expect(confirm.text.contains("Crowd Member 2") && confirm.text.contains("name=\"confirm\" value=\"yes\""))
            #expect(try await CommunityRepository(world.db).membership(communityID: f.community.id, memberID: ids[1])?.role == .member)
            // act: confirm
            let done = try await steward.post(http, list + "/bulk", picked.merging(["action": "role-facilitator", "confirm": "yes"]) { $1 })
            #expect(done.status == .seeOther)
            for id in ids[1...3] {
                #expect(try await CommunityRepository(world.db).membership(communityID: f.community.id, memberID: id)?.role == .facilitator)
            }
            // act: approve both requests at once
            let approved = try await steward.post(http, list + "/bulk", ["member-\(ids[58])": "on", "member-\(ids[59])": "on",
                                                                         "action": "approve", "confirm": "yes"])
            #expect(approved.status == .seeOther)
            #expect(try await CommunityRepository(world.db).membership(communityID: f.community.id, memberID: ids[59])?.status == .active)
            // a steward's own box is left out of a step down
            _ = try await steward.post(http, list + "/bulk", ["member-\(f.stewardID)": "on", "action": "role-member", "confirm": "yes"])
            #expect(try await CommunityRepository(world.db).membership(communityID: f.community.id, memberID: f.stewardID)?.role == .steward)
        }
    }

    @Test func membersReadTheListWithoutAddressesOrTools() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let member = try await world.browser(f.memberIDs[0])
            let page = try await member.get(http, "/communities/\(f.community.slug)/members").text
            #expect(page.contains("Member 1") && !page.contains("@test.example") && !page.contains("type=\"checkbox\""))
            // nothing was filtered by them: no "match" and no "Clear"; a search of theirs is one
            #expect(!page.contains(" match") && !page.contains(">Clear<"))
            let searched = try await member.get(http, "/communities/\(f.community.slug)/members?q=Member+1").text
            #expect(searched.contains(" match") && searched.contains(">Clear<"))
            let bulk = try await member.post(http, "/communities/\(f.community.slug)/members/bulk",
                                             ["member-\(f.memberIDs[1])": "on", "action": "role-steward", "confirm": "yes"])
            #expect(bulk.status == .forbidden)
            // outside a private community, its list does not exist
            #expect(try await member.get(http, "/communities/\(f.privateCommunity.slug)/members").status == .notFound)
        }
    }

    @Test func theCommunityPageSummarisesInsteadOfListingEveryone() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let page = try await world.browser(f.stewardID).get(http, "/communities/\(f.community.slug)").text
            #expect(page.contains("Manage members") && page.contains("organisations take part"))
            #expect(!page.contains("Change role"))
        }
    }
}
