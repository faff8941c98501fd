import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

struct ReviewPageTests {
    @Test func blindReviewHidesAuthorsAndOtherScoresUntilSubmitted() async throws {
        try await Harness.run(phase: .review) { http, world in
            // setup: scorecards on (blind), two reviewers, a shortlisted idea by "Member 0"
            let f = world.fixture
            try await VotingSettingsRepository(world.db).save(VotingSettings(supports: true, scorecards: true, blindReview: true),
                                                              challengeID: f.challenge.id, communityID: f.community.id)
            let idea = try await f.idea(world.db, by: f.memberIDs[0], title: "Reviewed idea")
            try await IdeaRepository(world.db).transition(ideaID: idea, from: [.submitted], to: .shortlisted,
                                                          actorID: f.stewardID, reason: "")
            let steward = try await world.browser(f.stewardID)
            let reviews = "/challenges/\(f.challenge.id)/reviews"
            let missing = try await steward.post(http, reviews.replacingOccurrences(of: "reviews", with: "reviewers"),
                                                 ["email": "outsider-person@test.example"])
            #expect(missing.status == .unprocessableContent && missing.text.contains("is not a member"))
            for email in ["member-1@test.example", "member-2@test.example"] {
                #expect(try await steward.post(http, "/challenges/\(f.challenge.id)/reviewers", ["email": email]).status == .seeOther)
            }
            let first = try await world.browser(f.memberIDs[1])
            let second = try await world.browser(f.memberIDs[2])
            // reviewers find their way from the challenge page; other members don't see the link
            let challengePage = "/challenges/\(f.challenge.id)"
            #expect(try await first.get(http, challengePage).text.contains("Reviews and scorecards"))
            #expect(try await !world.browser(f.memberIDs[0]).get(http, challengePage).text.contains("Reviews and scorecards"))
            let path = "/ideas/\(idea)/scorecard"
            // the first reviewer scores with a comment
            #expect(try await first.get(http, reviews).text.contains("To do"))
            #expect(try await first.post(http, path, ["score1": "5", "score2": "5", "score3": "5",
                                                      "comment": "Secret opinion"]).status == .seeOther)
            // check: the second reviewer sees neither the authors nor the first scorecard before submitting
            let before = try await second.get(http, path).text
            #expect(before.contains("Blind review") && !before.contains("Member 0") && !before.contains("Secret opinion"))
            let invalid = try await second.post(http, path, ["score1": "9", "score2": "1"])
            #expect(invalid.status == .unprocessableContent && invalid.text.contains("from 1 to 5"))
            #expect(try await second.post(http, path, ["score1": "1", "score2": "1", "score3": "1"]).status == .seeOther)
            let after = try await second.get(http, path).text
            #expect(after.contains("Member 0") && after.contains("Secret opinion"))
            // non-reviewers are refused
            #expect(try await world.browser(f.memberIDs[0]).get(http, path).status == .forbidden)
            #expect(try await world.browser(f.memberIDs[0]).get(http, reviews).status == .forbidden)
            // results flag the disagreement
            let results = try await steward.get(http, "/challenges/\(f.challenge.id)/results").text
            #expect(results.contains("Reviewer scorecards") && results.contains("Reviewers disagree"))
        }
    }

    @Test func openReviewShowsEverythingAndNeedsScorecardsOn() async throws {
        try await Harness.run(phase: .review) { http, world in
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.memberIDs[0], title: "Open review")
            try await IdeaRepository(world.db).transition(ideaID: idea, from: [.submitted], to: .shortlisted,
                                                          actorID: f.stewardID, reason: "")
            try await ReviewRepository(world.db).assign(challengeID: f.challenge.id, communityID: f.community.id,
                                                        memberID: f.memberIDs[1])
            let reviewer = try await world.browser(f.memberIDs[1])
            let off = try await reviewer.get(http, "/ideas/\(idea)/scorecard")
            #expect(off.status == .unprocessableContent && off.text.contains("does not use reviewer scorecards"))
            try await VotingSettingsRepository(world.db).save(VotingSettings(scorecards: true, blindReview: false),
                                                              challengeID: f.challenge.id, communityID: f.community.id)
            #expect(try await reviewer.get(http, "/ideas/\(idea)/scorecard").text.contains("By Member 0"))
        }
    }
}
