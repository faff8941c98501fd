import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HummingbirdTesting
import Testing

/// Votes arriving at the same moment as something that changes the idea's state: the automatic shortlist, a
/// steward's decline or merge, a funnel move. Nobody gets a 500, and every kept counter equals its recount.
struct VoteRaceTests {
    /// Fires every request at once and returns the status codes.
    static func fire(_ requests: [@Sendable () async throws -> Int]) async throws -> [Int] {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for request in requests { group.addTask { try await request() } }
            var codes: [Int] = []
            for try await code in group { codes.append(code) }
            return codes
        }
    }

    static func browsers(_ world: World, _ ids: [Int64]) async throws -> [Browser] {
        var list: [Browser] = []
        for id in ids { list.append(try await world.browser(id)) }
        return list
    }

    static func events(_ world: World, _ idea: Int64, kind: String) async throws -> Int {
        try await IdeaRepository(world.db).events(ideaID: idea).filter { $0.kind == kind }.count
    }

    @Test func supportsCrossingTheAutomaticShortlistThresholdAtOnce() async throws {
        try await Harness.run(members: 20) { http, world in
            // setup: a fresh idea, shortlisted automatically at 10 supports
            let f = world.fixture
            try await VotingSettingsRepository(world.db).save(VotingSettings(autoShortlistAt: 10),
                                                              challengeID: f.challenge.id, communityID: f.community.id)
            let idea = try await f.idea(world.db, by: f.stewardID)
            let members = try await Self.browsers(world, f.memberIDs)
            // act: 20 members support it at the same moment
            let codes = try await Self.fire(members.map { member in
                { try await member.post(http, "/ideas/\(idea)/support").status.code }
            })
            // check
            #expect(codes.allSatisfy { $0 == 303 }, "statuses: \(codes)")
            let found = try await IdeaRepository(world.db).find(id: idea)
            #expect(found?.supportCount == 20)
            #expect(found?.state == .shortlisted)
            #expect(try await Self.events(world, idea, kind: "auto-shortlisted") == 1)
            #expect(try await CounterCheck(world.db).mismatches() == [])
        }
    }

    @Test func supportsWhileAStewardDeclines() async throws {
        try await Harness.run(members: 20) { http, world in
            // setup
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.stewardID)
            let members = try await Self.browsers(world, f.memberIDs)
            let steward = try await world.browser(f.stewardID)
            // act: supports and the decline race
            var requests: [@Sendable () async throws -> Int] = members.map { member in
                { try await member.post(http, "/ideas/\(idea)/support").status.code }
            }
            requests.insert({ try await steward.post(http, "/ideas/\(idea)/decline", ["reason": "Out of scope"]).status.code },
                            at: 10)
            let codes = try await Self.fire(requests)
            // check: a support that lost the race is refused with a reason (422), never a 500
            #expect(codes.allSatisfy { $0 == 303 || $0 == 422 }, "statuses: \(codes)")
            #expect(try await IdeaRepository(world.db).find(id: idea)?.state == .declined)
            #expect(try await Self.events(world, idea, kind: "transition") == 1)
            #expect(try await CounterCheck(world.db).mismatches() == [])
        }
    }

    @Test func supportsWhileTheIdeaIsMerged() async throws {
        try await Harness.run(members: 20) { http, world in
            // setup: half the members already support the target, with a budget of 5 supports each
            let f = world.fixture
            try await VotingSettingsRepository(world.db).save(VotingSettings(supportBudget: 5),
                                                              challengeID: f.challenge.id, communityID: f.community.id)
            let source = try await f.idea(world.db, by: f.stewardID, title: "Source idea")
            let target = try await f.idea(world.db, by: f.stewardID, title: "Target idea")
            let members = try await Self.browsers(world, f.memberIDs)
            for member in members.prefix(10) {
                #expect(try await member.post(http, "/ideas/\(target)/support").status == .seeOther)
            }
            let steward = try await world.browser(f.stewardID)
            // act: every member supports the source (and the target) while the steward merges the source away
            var requests: [@Sendable () async throws -> Int] = []
            for member in members {
                requests.append { try await member.post(http, "/ideas/\(source)/support").status.code }
                requests.append { try await member.post(http, "/ideas/\(target)/support").status.code }
            }
            requests.insert({ try await steward.post(http, "/ideas/\(source)/merge", ["target": "\(target)"]).status.code },
                            at: 15)
            let codes = try await Self.fire(requests)
            // check: every member ends with exactly one support on the target and one spent support
            #expect(codes.allSatisfy { $0 == 303 || $0 == 422 }, "statuses: \(codes)")
            let ideas = IdeaRepository(world.db)
            #expect(try await ideas.find(id: source)?.state == .merged)
            #expect(try await ideas.find(id: source)?.supportCount == 0)
            #expect(try await ideas.find(id: target)?.supportCount == 20)
            for id in f.memberIDs {
                #expect(try await SupportRepository(world.db).spent(challengeID: f.challenge.id, memberID: id) == 1)
            }
            #expect(try await CounterCheck(world.db).mismatches() == [])
        }
    }

    @Test func dotsWhileTheIdeaMovesThroughTheFunnel() async throws {
        try await Harness.run(members: 20, phase: .voting) { http, world in
            // setup: dot voting, an idea on the shortlist
            let f = world.fixture
            try await VotingSettingsRepository(world.db).save(
                VotingSettings(dots: true, dotsPerMember: 10, maxDotsPerIdea: 2),
                challengeID: f.challenge.id, communityID: f.community.id)
            let idea = try await f.idea(world.db, by: f.stewardID)
            try await IdeaRepository(world.db).transition(ideaID: idea, from: [.submitted], to: .shortlisted,
                                                          actorID: f.stewardID, reason: "")
            let members = try await Self.browsers(world, f.memberIDs)
            let steward = try await world.browser(f.stewardID)
            // act: three dots from each member (one too many) while the steward moves it into design and selects it
            var requests: [@Sendable () async throws -> Int] = []
            for member in members {
                for _ in 0..<3 { requests.append { try await member.post(http, "/ideas/\(idea)/dots/add").status.code } }
            }
            requests.insert({ try await steward.post(http, "/ideas/\(idea)/advance").status.code }, at: 20)
            requests.insert({ try await steward.post(http, "/ideas/\(idea)/select").status.code }, at: 40)
            let codes = try await Self.fire(requests)
            // check: the third dot of each member is refused; the select may come before the advance (422)
            #expect(codes.allSatisfy { $0 == 303 || $0 == 422 }, "statuses: \(codes)")
            #expect(try await IdeaRepository(world.db).find(id: idea)?.dotCount == 40)
            #expect(try await CounterCheck(world.db).mismatches() == [])
        }
    }

    @Test func commentsAndModerationWhileTheIdeaIsMerged() async throws {
        try await Harness.run(members: 10) { http, world in
            // setup
            let f = world.fixture
            let source = try await f.idea(world.db, by: f.stewardID, title: "Source idea")
            let target = try await f.idea(world.db, by: f.stewardID, title: "Target idea")
            let members = try await Self.browsers(world, f.memberIDs)
            let first = try await CommentRepository(world.db).add(ideaID: source, communityID: f.community.id,
                                                                  authorID: f.memberIDs[0], draft: CommentDraft(body: "First"))
            let steward = try await world.browser(f.stewardID)
            // act: comments, a moderator hiding the first one, and the merge, all at once
            var requests: [@Sendable () async throws -> Int] = members.map { member in
                { try await member.post(http, "/ideas/\(source)/comments", ["body": "Me too"]).status.code }
            }
            requests.append { try await steward.post(http, "/comments/\(first)/hide", ["reason": "Off topic"]).status.code }
            requests.insert({ try await steward.post(http, "/ideas/\(source)/merge", ["target": "\(target)"]).status.code },
                            at: 5)
            let codes = try await Self.fire(requests)
            // check
            #expect(codes.allSatisfy { $0 == 303 || $0 == 422 }, "statuses: \(codes)")
            #expect(try await CounterCheck(world.db).mismatches() == [])
        }
    }
}
