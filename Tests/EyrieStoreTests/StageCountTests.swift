import EyrieCore
import EyrieDemo
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// One definition of the stages: on the demo, the portfolio, the results page's funnel, the health dashboard and the
/// challenge page say the same numbers, and they equal direct counts.
struct StageCountTests {
    @Test func thePagesAgreeOnEveryChallengeOfTheDemo() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: the demo, with a merged idea to count once, and a health snapshot taken after it
            _ = try await DemoData(db: db).load(passwordHash: Fixture.passwordHash)
            var communities: [Int64] = []
            for try await id in try await db.client.query("SELECT id FROM communities ORDER BY id", logger: db.logger).decode(Int64.self) {
                communities.append(id)
            }
            var merges: [(Int64, Int64)] = []
            for try await pair in try await db.client.query("""
                SELECT a.id, b.id FROM ideas a JOIN ideas b ON b.challenge_id = a.challenge_id AND b.id > a.id
                WHERE a.state = 'submitted' AND b.state = 'submitted' ORDER BY a.id, b.id LIMIT 1
                """, logger: db.logger).decode((Int64, Int64).self) { merges.append(pair) }
            let admin = try await MemberRepository(db).credentials(email: DemoData.adminEmail)!.member.id
            try await IdeaRepository(db).merge(sourceID: merges[0].1, targetID: merges[0].0, from: [.submitted], actorID: admin,
                                               reason: "Same idea")
            for community in communities { _ = try await HealthSnapshot(db).take(communityID: community) }
            // act / check, challenge by challenge
            var checked = 0
            for community in communities {
                let portfolio = try await PortfolioRepository(db).funnels(communityID: community)
                let health = try await HealthRepository(db).dashboard(communityID: community).funnels
                for row in portfolio.challenges {
                    guard let challenge = row.challengeID else { continue }
                    let results = try await PortfolioRepository(db).funnel(challengeID: challenge, communityID: community)
                    // what the challenge page says ("N ideas")
                    let listed = try await IdeaListRepository(db).page(challengeID: challenge, query: IdeaQuery()).total
                    var direct: [Int64] = []
                    for try await n in try await db.client.query("""
                        SELECT count(*)::int8 FROM ideas WHERE challenge_id = \(challenge)
                          AND state NOT IN ('draft', 'merged') AND hidden_reason IS NULL AND NOT awaiting_approval
                        """, logger: db.logger).decode(Int64.self) { direct.append(n) }
                    let submitted = row.funnel.stages[0].count
                    #expect(submitted == Int(direct[0]) && submitted == listed, "challenge \(challenge)")
                    #expect(results == row.funnel, "challenge \(challenge): results and portfolio")
                    #expect(health.first { $0.challengeID == challenge }?.stages == row.funnel.stages.map(\.count),
                            "challenge \(challenge): health and portfolio")
                    checked += 1
                }
            }
            #expect(checked >= 3)
        }
    }
}
