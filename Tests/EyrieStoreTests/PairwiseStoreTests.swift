import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

struct PairwiseStoreTests {
    @Test func concurrentAnswersAllLandExactlyOnce() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 30 members, each shown the same pair
            let f = try await Fixture.make(db, members: 30)
            let a = try await f.idea(db, by: f.stewardID, title: "Left idea")
            let b = try await f.idea(db, by: f.stewardID, title: "Right idea")
            let pairwise = PairwiseRepository(db)
            var tokens: [(Int64, String)] = []
            for member in f.memberIDs {
                tokens.append((member, try await pairwise.show(challengeID: f.challenge.id, communityID: f.community.id,
                                                               memberID: member, pair: (a, b))))
            }
            let challengeID = f.challenge.id
            // act: every member answers twice at once (a double click)
            let recorded = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (member, token) in tokens {
                    for _ in 0..<2 {
                        group.addTask {
                            try await pairwise.answer(challengeID: challengeID, memberID: member, token: token,
                                                      answer: PairwiseAnswer(choice: member % 3 == 0 ? .right : .left))
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            // check
            #expect(recorded == 30)
            #expect(try await pairwise.answers(challengeID: challengeID) == 30)
            #expect(try await pairwise.outcomes(challengeID: challengeID).count == 30)
            #expect(try await pairwise.survey(challengeID: challengeID, memberID: 0).candidates.map(\.comparisons) == [30, 30])
        }
    }

    @Test func skipsAreKeptButNotCountedAsComparisons() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let a = try await f.idea(db, by: f.stewardID, title: "Left idea")
            let b = try await f.idea(db, by: f.stewardID, title: "Right idea")
            let pairwise = PairwiseRepository(db)
            let token = try await pairwise.show(challengeID: f.challenge.id, communityID: f.community.id,
                                                memberID: f.memberIDs[0], pair: (a, b))
            #expect(try await pairwise.answer(challengeID: f.challenge.id, memberID: f.memberIDs[0], token: token,
                                              answer: PairwiseAnswer(choice: .skip, reason: UndecidedReason.equal.rawValue)))
            #expect(try await pairwise.answers(challengeID: f.challenge.id, memberID: f.memberIDs[0]) == 1)
            #expect(try await pairwise.outcomes(challengeID: f.challenge.id).isEmpty)
            let survey = try await pairwise.survey(challengeID: f.challenge.id, memberID: f.memberIDs[0])
            #expect(survey.lastPair! == (a, b) && survey.answered == 1)
            #expect(survey.candidates.map(\.comparisons) == [0, 0])
        }
    }

    @Test func inactiveAndUnapprovedIdeasAreNeverCandidates() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let ideas = IdeaRepository(db)
            let active = try await f.idea(db, by: f.stewardID, title: "Active")
            let withdrawn = try await f.idea(db, by: f.memberIDs[0], title: "Withdrawn")
            try await ideas.transition(ideaID: withdrawn, from: [.submitted], to: .withdrawn, actorID: f.memberIDs[0], reason: "")
            let hidden = try await f.idea(db, by: f.stewardID, title: "Hidden")
            try await ideas.setHidden(ideaID: hidden, reason: "Spam", actorID: f.stewardID)
            _ = try await f.idea(db, by: f.stewardID, title: "Draft", state: .draft)
            let added = try await ideas.create(IdeaDraft(title: "Added mid-survey", summary: "Waiting for a steward", body: "",
                                                         tags: []), challenge: f.challenge, authorID: f.memberIDs[1],
                                               coAuthorIDs: [], state: .submitted, submissionKey: "k", awaitingApproval: true)
            let pairwise = PairwiseRepository(db)
            #expect(try await pairwise.survey(challengeID: f.challenge.id, memberID: 0).candidates.map(\.id) == [active])
            #expect(try await pairwise.awaiting(challengeID: f.challenge.id).map(\.id) == [added])
            #expect(try await pairwise.approve(ideaID: added, actorID: f.stewardID))
            #expect(try await !pairwise.approve(ideaID: added, actorID: f.stewardID))
            #expect(try await pairwise.survey(challengeID: f.challenge.id, memberID: 0).candidates.map(\.id) == [active, added])
        }
    }
}
