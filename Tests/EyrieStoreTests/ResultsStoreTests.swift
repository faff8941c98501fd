import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

/// What the results page reads beyond the votes: the stewards' decisions with their reasons, and who may read.
struct ResultsStoreTests {
    @Test func decisionsCarryTheReasonOfTheMoveIntoTheirStage() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: one idea through to selected, one declined, one shortlisted then hidden, one untouched
            let f = try await Fixture.make(db)
            let ideas = IdeaRepository(db)
            let chosen = try await f.idea(db, by: f.memberIDs[0], title: "Chosen")
            let declined = try await f.idea(db, by: f.memberIDs[1], title: "Declined")
            let hidden = try await f.idea(db, by: f.memberIDs[2], title: "Hidden")
            _ = try await f.idea(db, by: f.memberIDs[0], title: "Untouched")
            try await ideas.transition(ideaID: chosen, from: [.submitted], to: .shortlisted, actorID: f.stewardID, reason: "Many supports.")
            try await ideas.transition(ideaID: chosen, from: [.shortlisted], to: .inDesign, actorID: f.stewardID, reason: "")
            try await ideas.transition(ideaID: chosen, from: [.inDesign], to: .selected, actorID: f.stewardID, reason: "Funded for a pilot.")
            try await ideas.transition(ideaID: declined, from: [.submitted], to: .declined, actorID: f.stewardID, reason: "Out of scope.")
            try await ideas.transition(ideaID: hidden, from: [.submitted], to: .shortlisted, actorID: f.stewardID, reason: "x")
            try await ideas.setHidden(ideaID: hidden, reason: "Spam", actorID: f.stewardID)
            // act
            let decisions = try await ResultsRepository(db).decisions(challengeID: f.challenge.id)
            // check
            let byID = Dictionary(uniqueKeysWithValues: decisions.map { ($0.ideaID, $0) })
            #expect(Set(byID.keys) == [chosen, declined])
            #expect(byID[chosen]?.state == .selected && byID[chosen]?.reason == "Funded for a pilot.")
            #expect(byID[declined]?.state == .declined && byID[declined]?.reason == "Out of scope.")
        }
    }

    @Test func sharingWithTheSponsorKeepsItsFirstTimeUntilTakenBack() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let (results, settings) = (ResultsRepository(db), VotingSettingsRepository(db))
            let day = try #require(Day.parse("2027-01-15"))
            // act: shared with the sponsor twice, then published, then taken back
            try await results.release(to: .sponsor, expectedAt: day, challengeID: f.challenge.id, communityID: f.community.id)
            let shared = try await settings.find(challengeID: f.challenge.id)
            let first = try #require(shared.resultsSponsorAt)
            #expect(shared.resultsExpectedAt == day)
            try await results.release(to: .sponsor, expectedAt: nil, challengeID: f.challenge.id, communityID: f.community.id)
            let again = try await settings.find(challengeID: f.challenge.id)
            try await results.release(to: .community, expectedAt: nil, challengeID: f.challenge.id, communityID: f.community.id)
            let published = try await settings.find(challengeID: f.challenge.id)
            try await results.release(to: .stewards, expectedAt: nil, challengeID: f.challenge.id, communityID: f.community.id)
            let back = try await settings.find(challengeID: f.challenge.id)
            // check
            #expect(again.resultsSponsorAt == first && again.resultsExpectedAt == nil && again.resultsAudience == .sponsor)
            #expect(published.resultsAudience == .community && published.resultsSponsorAt == first)
            #expect(back.resultsAudience == .stewards && back.resultsSponsorAt == nil)
        }
    }
}
