import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// The challenge's count of public ideas and its tag cloud are kept by a trigger; after every kind of change they
/// must equal a count made from the ideas themselves.
struct ChallengeCountStoreTests {
    @Test func countsFollowEveryChangeToTheIdeas() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let ideas = IdeaRepository(db)
            let (challenge, steward) = (f.challenge.id, f.stewardID)
            func check(_ step: String, ideas expected: Int) async throws {
                let kept = try #require(try await ChallengeRepository(db).find(id: challenge))
                #expect(kept.ideaCount == expected, "\(step): idea count")
                let tags = try await IdeaListRepository(db).tags(challengeID: challenge)
                let recounted = try await Self.recountedTags(db, challengeID: challenge)
                #expect(tags.map { "\($0.tag)=\($0.count)" } == recounted, "\(step): tags")
            }
            try await check("empty", ideas: 0)
            let a = try await f.idea(db, by: f.memberIDs[0], title: "Solar depots", tags: ["energy", "depots"])
            let b = try await f.idea(db, by: f.memberIDs[1], title: "Bike couriers", tags: ["energy"])
            let draft = try await f.idea(db, by: f.memberIDs[2], title: "Still a draft", tags: ["energy"], state: .draft)
            try await check("two submitted, one draft", ideas: 2)
            try await ideas.transition(ideaID: draft, from: [.draft], to: .submitted, actorID: f.memberIDs[2], reason: "")
            try await check("draft submitted", ideas: 3)
            try await ideas.update(ideaID: b, communityID: f.community.id,
                                   draft: IdeaDraft(title: "Bike couriers", summary: "A summary that is long enough.",
                                                    body: "", tags: ["transport", "energy"]),
                                   authorIDs: [f.memberIDs[1]])
            try await check("tags edited", ideas: 3)
            try await ideas.setHidden(ideaID: a, reason: "Off topic", actorID: steward)
            try await check("hidden", ideas: 2)
            try await ideas.setHidden(ideaID: a, reason: nil, actorID: steward)
            try await check("restored", ideas: 3)
            try await ideas.merge(sourceID: draft, targetID: b, from: IdeaAction.merge.sources, actorID: steward,
                                  reason: "Same idea")
            try await check("merged", ideas: 2)
            try await ideas.transition(ideaID: a, from: [.submitted], to: .withdrawn, actorID: f.memberIDs[0], reason: "")
            try await check("withdrawn ideas still count", ideas: 2)
            let waiting = try await ideas.create(
                IdeaDraft(title: "Added mid-survey", summary: "A summary that is long enough.", body: "", tags: ["survey"]),
                challenge: f.challenge, authorID: f.memberIDs[0], coAuthorIDs: [], state: .submitted,
                submissionKey: "survey-1", awaitingApproval: true)
            try await check("waiting for approval", ideas: 2)
            try await PairwiseRepository(db).approve(ideaID: waiting, actorID: steward)
            try await check("approved", ideas: 3)
        }
    }

    /// The tag cloud counted from the ideas, as "tag=count" most used first.
    static func recountedTags(_ db: Database, challengeID: Int64) async throws -> [String] {
        let rows = try await db.client.query("""
            SELECT t.tag, count(*)::int8 FROM ideas i, unnest(i.tags) AS t(tag)
            WHERE i.challenge_id = \(challengeID) AND i.state NOT IN ('draft', 'merged') AND i.hidden_reason IS NULL
              AND NOT i.awaiting_approval
            GROUP BY t.tag ORDER BY count(*) DESC, t.tag
            """, logger: db.logger)
        var list: [String] = []
        for try await (tag, count) in rows.decode((String, Int64).self) { list.append("\(tag)=\(count)") }
        return list
    }
}
