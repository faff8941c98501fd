import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

struct ResultsPageTests {
    @Test func stewardsSeeResultsThenTheSponsorThenEveryone() async throws {
        try await Harness.run { http, world in
            // setup: all methods on, a few votes of each kind
            let f = world.fixture
            try await VotingSettingsRepository(world.db).save(VotingSettings(supports: true, dots: true, pairwise: true),
                                                              challengeID: f.challenge.id, communityID: f.community.id)
            let a = try await f.idea(world.db, by: f.stewardID, title: "Alpha <idea>")
            let b = try await f.idea(world.db, by: f.stewardID, title: "Beta idea")
            try await SupportRepository(world.db).support(ideaID: b, memberID: f.memberIDs[0], rules: f.supportRules)
            try await DotRepository(world.db).add(ideaID: a, memberID: f.memberIDs[0], challengeID: f.challenge.id,
                                                  communityID: f.community.id)
            let pairwise = PairwiseRepository(world.db)
            let token = try await pairwise.show(challengeID: f.challenge.id, communityID: f.community.id,
                                                memberID: f.memberIDs[1], pair: (a, b))
            _ = try await pairwise.answer(challengeID: f.challenge.id, memberID: f.memberIDs[1], token: token,
                                          answer: PairwiseAnswer(choice: .left))
            let steward = try await world.browser(f.stewardID)
            let member = try await world.browser(f.memberIDs[0])
            let path = "/challenges/\(f.challenge.id)/results"
            // check: members wait for publication
            let refused = try await member.get(http, path)
            #expect(refused.status == .forbidden && refused.text.contains("not published"))
            #expect(try await member.get(http, path + ".csv").status == .forbidden)
            #expect(try await member.get(http, path + "?ranking=all").status == .forbidden)
            // the steward sees the decision, the agreed ranking and each method, ideas named, user text escaped
            try await IdeaRepository(world.db).transition(ideaID: b, from: [.submitted], to: .shortlisted, actorID: f.stewardID,
                                                          reason: "Strongest case for the pilot.")
            let page = try await steward.get(http, path)
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains("The decision") && html.contains("Shortlisted (1)") && html.contains("Strongest case for the pilot."))
            #expect(html.contains("The agreed ranking") && html.contains(AgreedRanking.rule.description.prefix(40)))
            #expect(html.contains("Pairwise survey") && html.contains("Dot voting") && html.contains("95% interval"))
            #expect(html.contains("Alpha &lt;idea&gt;") && !html.contains("Alpha <idea>"))
            #expect(html.contains("class=\"bar\"") && !html.contains(">#\(a)<"))
            // share with the sponsor organisation first (Beta Org: member 1, not member 0), with the day expected
            let bad = try await steward.post(http, path + "/publish", ["audience": "sponsor", "expected": "15/01/2027"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("field-error") && bad.text.contains("Give a day like"))
            let shared = try await steward.post(http, path + "/publish", ["audience": "sponsor", "expected": "2027-01-15"])
            #expect(shared.status == .seeOther)
            let sponsor = try await world.browser(f.memberIDs[1])
            let read = try await sponsor.get(http, path)
            #expect(read.status == .ok && read.text.contains("Shared with members of Beta Org, the sponsor"))
            #expect(read.text.contains("expect to publish them to everyone on 15 Jan 2027") && !read.text.contains("Who can read these results"))
            let waiting = try await member.get(http, path)
            #expect(waiting.status == .forbidden && waiting.text.contains("15 Jan 2027")
                    && waiting.text.contains("Members of Beta Org, the sponsor, can read them already"))
            // publish to everyone, then members see it and the CSV
            #expect(try await steward.post(http, path + "/publish", ["audience": "community"]).status == .seeOther)
            #expect(try await member.get(http, path).status == .ok)
            let csv = try await member.get(http, path + ".csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.count == 3 && lines[1].hasPrefix("\(a),Alpha <idea>,submitted,0,1,"))
            #expect(try await member.post(http, path + "/publish", ["audience": "community"]).status == .forbidden)
            // back to the stewards: the sponsor's member is refused again
            #expect(try await steward.post(http, path + "/publish", ["audience": "stewards"]).status == .seeOther)
            #expect(try await sponsor.get(http, path).status == .forbidden)
            // new answers refit the scores (the fit is cached only while the answers stay the same)
            func score(_ idea: Int64) async throws -> Double {
                let lines = try await steward.get(http, path + ".csv").text.split(separator: "\r\n")
                let row = try #require(lines.first { $0.hasPrefix("\(idea),") })
                return try #require(Double(row.split(separator: ",", omittingEmptySubsequences: false)[5]))
            }
            let before = try await score(b)
            for _ in 0..<5 {
                let next = try await pairwise.show(challengeID: f.challenge.id, communityID: f.community.id,
                                                   memberID: f.memberIDs[2], pair: (a, b))
                _ = try await pairwise.answer(challengeID: f.challenge.id, memberID: f.memberIDs[2], token: next,
                                              answer: PairwiseAnswer(choice: .right))
            }
            #expect(try await score(b) > before)
        }
    }
}
