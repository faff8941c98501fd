import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

struct VotingStoreTests {
    @Test func settingsRoundTripAndDefault() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let repo = VotingSettingsRepository(db)
            #expect(try await repo.find(challengeID: f.challenge.id) == VotingSettings())
            let settings = VotingSettings(supports: false, supportBudget: 5, autoShortlistAt: 9, dots: true, dotsPerMember: 7,
                                          maxDotsPerIdea: 2, pairwise: true, scorecards: true,
                                          criteria: [Criterion(name: "Impact", weight: 2.5)], blindReview: false)
            try await repo.save(settings, challengeID: f.challenge.id, communityID: f.community.id)
            #expect(try await repo.find(challengeID: f.challenge.id) == settings)
        }
    }

    @Test func hundredConcurrentDotsNeverPassTheBudget() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 10 ideas, a budget of 7 dots, at most 3 on one idea
            let f = try await Fixture.make(db)
            try await VotingSettingsRepository(db).save(VotingSettings(dots: true, dotsPerMember: 7, maxDotsPerIdea: 3),
                                                        challengeID: f.challenge.id, communityID: f.community.id)
            var ideas: [Int64] = []
            for i in 0..<10 { ideas.append(try await f.idea(db, by: f.stewardID, title: "Dot target \(i)")) }
            let dots = DotRepository(db)
            let member = f.memberIDs[0]
            let (challengeID, communityID) = (f.challenge.id, f.community.id)
            // act: 100 requests at once from one member
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<100 {
                    let idea = ideas[n % ideas.count]
                    group.addTask {
                        do {
                            try await dots.add(ideaID: idea, memberID: member, challengeID: challengeID,
                                               communityID: communityID)
                            return true
                        } catch StoreError.limitReached {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            // check
            #expect(accepted == 7)
            #expect(try await dots.spent(challengeID: challengeID, memberID: member) == 7)
            var total = 0
            for idea in ideas {
                let mine = try await dots.onIdea(ideaID: idea, memberID: member)
                #expect(mine <= 3)
                #expect(try await IdeaRepository(db).find(id: idea)?.dotCount == mine)
                total += mine
            }
            #expect(total == 7)
        }
    }

    @Test func aLimitLoweredWhileDotsArriveNeverEndsBelowWhatIsSpent() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 8 ideas; three rounds, each with another member and the limits back at 10 dots, 2 on one idea
            let f = try await Fixture.make(db)
            let repo = VotingSettingsRepository(db)
            var ideas: [Int64] = []
            for i in 0..<8 { ideas.append(try await f.idea(db, by: f.stewardID, title: "Dot target \(i)")) }
            let dots = DotRepository(db)
            let (challengeID, communityID) = (f.challenge.id, f.community.id)
            for member in f.memberIDs.prefix(3) {
                try await repo.save(VotingSettings(dots: true, dotsPerMember: 10, maxDotsPerIdea: 2),
                                    challengeID: challengeID, communityID: communityID)
                // act: the member places 8 dots while the steward lowers the budget to 4, several times over
                let saved = try await withThrowingTaskGroup(of: Bool?.self) { group in
                    for idea in ideas {
                        group.addTask {
                            do { _ = try await dots.add(ideaID: idea, memberID: member, challengeID: challengeID,
                                                        communityID: communityID) }
                            catch StoreError.limitReached {}
                            return nil
                        }
                    }
                    for _ in 0..<4 {
                        group.addTask {
                            do {
                                try await repo.save(VotingSettings(dots: true, dotsPerMember: 4, maxDotsPerIdea: 2),
                                                    challengeID: challengeID, communityID: communityID)
                                return true
                            } catch is ValidationErrors {
                                return false
                            }
                        }
                    }
                    return try await group.compactMap { $0 }.reduce(into: [Bool]()) { $0.append($1) }
                }
                // check: whichever won, what is spent never exceeds the limit in force, and every counter agrees
                let limit = try await repo.find(challengeID: challengeID).dotsPerMember
                let spent = try await dots.spent(challengeID: challengeID, memberID: member)
                #expect(spent <= limit, "spent \(spent) with a limit of \(limit); saves: \(saved)")
                #expect(saved.contains(true) == (limit == 4))
                #expect(try await CounterCheck(db).mismatches() == [])
            }
        }
    }

    @Test func aSupportBudgetLoweredWhileSupportsArriveNeverEndsBelowWhatIsSpent() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 8 ideas; three rounds, each with another member and the budget back at 10 supports
            let f = try await Fixture.make(db)
            let repo = VotingSettingsRepository(db)
            var ideas: [Int64] = []
            for i in 0..<8 { ideas.append(try await f.idea(db, by: f.stewardID, title: "Support target \(i)")) }
            let supports = SupportRepository(db)
            let rules = SupportRepository.Rules(challengeID: f.challenge.id, communityID: f.community.id)
            for member in f.memberIDs.prefix(3) {
                try await repo.save(VotingSettings(supportBudget: 10), challengeID: rules.challengeID,
                                    communityID: rules.communityID)
                // act: the member supports 8 ideas while the steward lowers the budget to 4, several times over
                let saved = try await withThrowingTaskGroup(of: Bool?.self) { group in
                    for idea in ideas {
                        group.addTask {
                            do { _ = try await supports.support(ideaID: idea, memberID: member, rules: rules) }
                            catch StoreError.limitReached {}
                            return nil
                        }
                    }
                    for _ in 0..<4 {
                        group.addTask {
                            do {
                                try await repo.save(VotingSettings(supportBudget: 4), challengeID: rules.challengeID,
                                                    communityID: rules.communityID)
                                return true
                            } catch is ValidationErrors {
                                return false
                            }
                        }
                    }
                    return try await group.compactMap { $0 }.reduce(into: [Bool]()) { $0.append($1) }
                }
                // check: what is spent never exceeds the budget in force, and every counter agrees
                let budget = try await repo.find(challengeID: rules.challengeID).supportBudget ?? .max
                let spent = try await supports.spent(challengeID: rules.challengeID, memberID: member)
                #expect(spent <= budget, "spent \(spent) with a budget of \(budget); saves: \(saved)")
                #expect(saved.contains(true) == (budget == 4))
                #expect(try await CounterCheck(db).mismatches() == [])
            }
        }
    }

    @Test func aStewardsSaveIsRefusedOnceVotingHasStartedEvenAfterAMoveBackToOpen() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: the challenge went into voting and back to open
            let f = try await Fixture.make(db)
            let challenges = ChallengeRepository(db)
            try await challenges.setPhase(challengeID: f.challenge.id, communityID: f.community.id, phase: .voting,
                                          from: .open, actorID: f.stewardID, reason: "", startsVoting: true)
            try await challenges.setPhase(challengeID: f.challenge.id, communityID: f.community.id, phase: .open,
                                          from: .voting, actorID: f.stewardID, reason: "", startsVoting: true)
            // act and check: the store holds the rule under the challenge's lock, whatever the page read before
            await #expect(throws: StoreError.conflict("frozen")) {
                try await VotingSettingsRepository(db).save(VotingSettings(dots: true), challengeID: f.challenge.id,
                                                            communityID: f.community.id, onlyBeforeVoting: true)
            }
        }
    }

    @Test func mergingMovesDotsUpToTheLimitAndGivesBackTheRest() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: at most 2 dots on one idea; member 0 has 2 on the source and 1 on the target, member 1 has 1 on
            // the source
            let f = try await Fixture.make(db)
            try await VotingSettingsRepository(db).save(VotingSettings(dots: true, dotsPerMember: 10, maxDotsPerIdea: 2),
                                                        challengeID: f.challenge.id, communityID: f.community.id)
            let source = try await f.idea(db, by: f.stewardID, title: "Source idea")
            let target = try await f.idea(db, by: f.stewardID, title: "Target idea")
            let dots = DotRepository(db)
            func add(_ idea: Int64, _ member: Int64) async throws {
                _ = try await dots.add(ideaID: idea, memberID: member, challengeID: f.challenge.id, communityID: f.community.id)
            }
            try await add(source, f.memberIDs[0])
            try await add(source, f.memberIDs[0])
            try await add(target, f.memberIDs[0])
            try await add(source, f.memberIDs[1])
            // act
            try await IdeaRepository(db).merge(sourceID: source, targetID: target, from: IdeaAction.merge.sources,
                                               actorID: f.stewardID, reason: "Same idea")
            // check: member 0 keeps 2 on the target and gets 1 back; member 1's dot moved
            #expect(try await dots.onIdea(ideaID: target, memberID: f.memberIDs[0]) == 2)
            #expect(try await dots.spent(challengeID: f.challenge.id, memberID: f.memberIDs[0]) == 2)
            #expect(try await dots.onIdea(ideaID: target, memberID: f.memberIDs[1]) == 1)
            #expect(try await dots.spent(challengeID: f.challenge.id, memberID: f.memberIDs[1]) == 1)
            #expect(try await IdeaRepository(db).find(id: target)?.dotCount == 3)
            #expect(try await IdeaRepository(db).find(id: source)?.dotCount == 0)
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }

    @Test func perIdeaLimitAndTakingBack() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            try await VotingSettingsRepository(db).save(VotingSettings(dots: true, dotsPerMember: 10, maxDotsPerIdea: 2),
                                                        challengeID: f.challenge.id, communityID: f.community.id)
            let idea = try await f.idea(db, by: f.stewardID)
            let dots = DotRepository(db)
            let add = { try await dots.add(ideaID: idea, memberID: f.memberIDs[0], challengeID: f.challenge.id,
                                           communityID: f.community.id) }
            #expect(try await add() == 9)
            #expect(try await add() == 8)
            await #expect(throws: StoreError.limitReached("dots_per_idea_exceeded")) { try await add() }
            #expect(try await dots.remove(ideaID: idea, memberID: f.memberIDs[0], challengeID: f.challenge.id))
            #expect(try await dots.remove(ideaID: idea, memberID: f.memberIDs[0], challengeID: f.challenge.id))
            #expect(try await !dots.remove(ideaID: idea, memberID: f.memberIDs[0], challengeID: f.challenge.id))
            #expect(try await dots.spent(challengeID: f.challenge.id, memberID: f.memberIDs[0]) == 0)
            #expect(try await IdeaRepository(db).find(id: idea)?.dotCount == 0)
        }
    }

    @Test func supportBudgetHoldsUnderConcurrency() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            var ideas: [Int64] = []
            for i in 0..<10 { ideas.append(try await f.idea(db, by: f.stewardID, title: "Budget target \(i)")) }
            try await VotingSettingsRepository(db).save(VotingSettings(supportBudget: 3),
                                                        challengeID: f.challenge.id, communityID: f.community.id)
            let rules = f.supportRules
            let supports = SupportRepository(db)
            let member = f.memberIDs[0]
            let given = try await withThrowingTaskGroup(of: Bool.self) { group in
                for idea in ideas {
                    group.addTask {
                        do { return try await supports.support(ideaID: idea, memberID: member, rules: rules) != nil }
                        catch StoreError.limitReached { return false }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(given == 3)
            #expect(try await supports.spent(challengeID: f.challenge.id, memberID: member) == 3)
            var counted = 0
            for idea in ideas { counted += try await supports.count(ideaID: idea) }
            #expect(counted == 3)
            // withdrawing gives the support back
            let supported = try #require(try await { () async throws -> Int64? in
                for idea in ideas where try await supports.hasSupported(ideaID: idea, memberID: member) { return idea }
                return nil
            }())
            try await supports.unsupport(ideaID: supported, memberID: member, challengeID: f.challenge.id)
            #expect(try await supports.spent(challengeID: f.challenge.id, memberID: member) == 2)
        }
    }

    @Test func reachingTheThresholdShortlistsOnceAndRecordsWhy() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 4)
            let idea = try await f.idea(db, by: f.stewardID)
            try await VotingSettingsRepository(db).save(VotingSettings(autoShortlistAt: 3),
                                                        challengeID: f.challenge.id, communityID: f.community.id)
            let rules = f.supportRules
            for member in f.memberIDs { try await SupportRepository(db).support(ideaID: idea, memberID: member, rules: rules) }
            let ideas = IdeaRepository(db)
            #expect(try await ideas.find(id: idea)?.state == .shortlisted)
            let events = try await ideas.events(ideaID: idea).filter { $0.kind == "auto-shortlisted" }
            #expect(events.count == 1)
            #expect(events.first?.actorName == nil && events.first?.reason == "Reached 3 supports")
            let outcomes = try await ideas.outcomes(memberID: f.stewardID)
            #expect(outcomes.map(\.event.to) == [.shortlisted])
        }
    }
}
