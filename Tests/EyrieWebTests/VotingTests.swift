import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

struct VotingTests {
    @Test func invalidSettingsRerenderWith422AndValidOnesShowOnTheChallenge() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let steward = try await world.browser(f.stewardID)
            let path = "/challenges/\(f.challenge.id)/settings"
            #expect(try await steward.get(http, path).status == .ok)
            let bad = try await steward.post(http, path, ["dots": "on", "dotsPerMember": "3", "maxDotsPerIdea": "5"])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("can&#39;t be more than the dots per member") || bad.text.contains("can't be more"))
            let good = try await steward.post(http, path, ["supports": "on", "supportBudget": "2", "dots": "on",
                                                           "dotsPerMember": "3", "maxDotsPerIdea": "2"])
            #expect(good.status == .seeOther)
            let page = try await world.browser(f.memberIDs[0]).get(http, "/challenges/\(f.challenge.id)").text
            #expect(page.contains("Supports (2 each), dot voting (3 dots, at most 2 on one idea)"))
            #expect(page.contains("You have <strong>3 dots</strong> left"))
            #expect(page.contains("You have 2 supports left in this challenge."))
            // the idea page says the same, after one support is spent
            let idea = try await f.idea(world.db, by: f.memberIDs[1], title: "Budgeted idea")
            let member = try await world.browser(f.memberIDs[0])
            #expect(try await member.post(http, "/ideas/\(idea)/support", [:]).status == .seeOther)
            let ideaPage = try await member.get(http, "/ideas/\(idea)").text
            #expect(ideaPage.contains("You have 1 support left in this challenge."))
            #expect(ideaPage.contains("have 3 dots left"))
        }
    }

    @Test func settingsFreezeOnceVotingStarts() async throws {
        try await Harness.run(phase: .voting) { http, world in
            let f = world.fixture
            let response = try await world.browser(f.stewardID).post(http, "/challenges/\(f.challenge.id)/settings",
                                                                     ["supports": "on"])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("settings can no longer change"))
        }
    }

    @Test func limitsNeverDropBelowWhatMembersHaveSpent() async throws {
        try await Harness.run { http, world in
            // setup: a member has put 3 dots on one idea
            let f = world.fixture
            let steward = try await world.browser(f.stewardID)
            let path = "/challenges/\(f.challenge.id)/settings"
            let settings = ["supports": "on", "dots": "on", "dotsPerMember": "6", "maxDotsPerIdea": "3"]
            #expect(try await steward.post(http, path, settings).status == .seeOther)
            let idea = try await f.idea(world.db, by: f.stewardID)
            let member = try await world.browser(f.memberIDs[0])
            for _ in 0..<3 { #expect(try await member.post(http, "/ideas/\(idea)/dots/add").status == .seeOther) }
            // act: lower the limits below that, and turn dots off
            var lower = settings
            lower["maxDotsPerIdea"] = "2"
            lower["dotsPerMember"] = "2"
            let refused = try await steward.post(http, path, lower)
            var off = settings
            off["dots"] = nil
            let offRefused = try await steward.post(http, path, off)
            // check: 422 with the reason beside each field; the limit exactly at what is spent is fine
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("the limit can&#39;t be lower than 3") || refused.text.contains("can't be lower than 3"))
            #expect(offRefused.status == .unprocessableContent)
            #expect(offRefused.text.contains("dot voting can"))
            var exact = settings
            exact["dotsPerMember"] = "3"
            #expect(try await steward.post(http, path, exact).status == .seeOther)
            let settingsNow = try await VotingSettingsRepository(world.db).find(challengeID: f.challenge.id)
            #expect(settingsNow.dotsPerMember == 3 && settingsNow.maxDotsPerIdea == 3)
            // and the member, with all 3 dots spent, can place no more
            let other = try await f.idea(world.db, by: f.stewardID, title: "Another idea")
            #expect(try await member.post(http, "/ideas/\(other)/dots/add").status == .unprocessableContent)
        }
    }

    @Test func movingBackFromVotingKeepsTheSettingsFrozenAndNeverReachesDraft() async throws {
        try await Harness.run { http, world in
            // setup: the steward moves the challenge into voting
            let f = world.fixture
            let steward = try await world.browser(f.stewardID)
            let phase = "/challenges/\(f.challenge.id)/phase"
            #expect(try await steward.post(http, phase, ["phase": "voting"]).status == .seeOther)
            // act: back to open, then try the settings and a move to draft
            #expect(try await steward.post(http, phase, ["phase": "open"]).status == .seeOther)
            let settings = try await steward.post(http, "/challenges/\(f.challenge.id)/settings", ["supports": "on"])
            let draft = try await steward.post(http, phase, ["phase": "draft"])
            // check
            #expect(settings.status == .unprocessableContent)
            #expect(settings.text.contains("settings can no longer change"))
            #expect(draft.status == .unprocessableContent)
            #expect(draft.text.contains("not to draft"))
            #expect(try await ChallengeRepository(world.db).find(id: f.challenge.id)?.phase() == .open)
        }
    }

    @Test func dotsStopAtTheBudgetWithAMessage() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            try await VotingSettingsRepository(world.db).save(
                VotingSettings(supports: false, dots: true, dotsPerMember: 2, maxDotsPerIdea: 1),
                challengeID: f.challenge.id, communityID: f.community.id)
            var ideas: [Int64] = []
            for i in 0..<3 { ideas.append(try await f.idea(world.db, by: f.stewardID, title: "Dotted idea \(i)")) }
            let member = try await world.browser(f.memberIDs[0])
            #expect(try await member.post(http, "/ideas/\(ideas[0])/dots/add").status == .seeOther)
            let twice = try await member.post(http, "/ideas/\(ideas[0])/dots/add")
            #expect(twice.status == .unprocessableContent && twice.text.contains("at most 1 dots on one idea"))
            #expect(try await member.post(http, "/ideas/\(ideas[1])/dots/add").status == .seeOther)
            let over = try await member.post(http, "/ideas/\(ideas[2])/dots/add")
            #expect(over.status == .unprocessableContent && over.text.contains("spent all 2 of your dots"))
            // supports are off in this challenge
            #expect(try await member.post(http, "/ideas/\(ideas[2])/support").status == .unprocessableContent)
            let page = try await member.get(http, "/ideas/\(ideas[0])").text
            #expect(page.contains("You put 1 dot on this idea and have 0 dots left."))
            #expect(try await member.post(http, "/ideas/\(ideas[0])/dots/remove").status == .seeOther)
            #expect(try await DotRepository(world.db).spent(challengeID: f.challenge.id, memberID: f.memberIDs[0]) == 1)
        }
    }

    @Test func supportBudgetIsExplained() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            try await VotingSettingsRepository(world.db).save(VotingSettings(supports: true, supportBudget: 1),
                                                              challengeID: f.challenge.id, communityID: f.community.id)
            let first = try await f.idea(world.db, by: f.stewardID, title: "First")
            let second = try await f.idea(world.db, by: f.stewardID, title: "Second")
            let member = try await world.browser(f.memberIDs[0])
            #expect(try await member.post(http, "/ideas/\(first)/support").status == .seeOther)
            let refused = try await member.post(http, "/ideas/\(second)/support")
            #expect(refused.status == .unprocessableContent && refused.text.contains("all 1 of your supports"))
        }
    }

    @Test func sponsorsAndStewardsMoveIdeasThroughTheFunnel() async throws {
        try await Harness.run(phase: .review) { http, world in
            // setup: member 1 is from the sponsor organisation (Beta Org), member 0 is not
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.memberIDs[0])
            try await IdeaRepository(world.db).transition(ideaID: idea, from: [.submitted], to: .shortlisted,
                                                          actorID: f.stewardID, reason: "Strong")
            let steward = try await world.browser(f.stewardID)
            let sponsor = try await world.browser(f.memberIDs[1])
            let author = try await world.browser(f.memberIDs[0])
            // not yet a sponsor: refused
            #expect(try await sponsor.post(http, "/ideas/\(idea)/advance").status == .forbidden)
            #expect(try await steward.post(http, "/communities/open-guild/members/\(f.memberIDs[1])/sponsor",
                                           ["sponsor": "on"]).status == .seeOther)
            // act
            #expect(try await sponsor.post(http, "/ideas/\(idea)/advance", ["reason": "Worth a workshop"]).status == .seeOther)
            #expect(try await sponsor.post(http, "/ideas/\(idea)/select", ["reason": "Funded for a pilot"]).status == .seeOther)
            // check: the author sees what happened and why, on the idea, the profile and home
            #expect(try await IdeaRepository(world.db).find(id: idea)?.state == .selected)
            let page = try await author.get(http, "/ideas/\(idea)").text
            #expect(page.contains("Your idea is <strong>Selected</strong>") && page.contains("Funded for a pilot"))
            #expect(page.contains("Shortlisted → In design") && page.contains("In design → Selected"))
            let home = try await author.get(http, "/").text
            #expect(home.contains("What became of your ideas") && home.contains("Worth a workshop"))
            // a sponsor from another organisation may not: member 0 is from Alpha Org
            try await CommunityRepository(world.db).setSponsor(communityID: f.community.id, memberID: f.memberIDs[2],
                                                              isSponsor: true)
            let other = try await f.idea(world.db, by: f.memberIDs[1], title: "Another")
            try await IdeaRepository(world.db).transition(ideaID: other, from: [.submitted], to: .shortlisted,
                                                          actorID: f.stewardID, reason: "")
            #expect(try await world.browser(f.memberIDs[2]).post(http, "/ideas/\(other)/advance").status == .forbidden)
        }
    }
}
