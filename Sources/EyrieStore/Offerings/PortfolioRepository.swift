import EyrieCore
import Foundation
import PostgresNIO

/// The community's way from ideas to services, counted per challenge.
public struct PortfolioRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// One challenge's funnel (challengeID nil: offerings made from workshops only).
    public struct ChallengeFunnel: Sendable {
        public var challengeID: Int64?
        public var title: String
        public var funnel: ServiceFunnel
    }

    /// The community's funnel and each challenge's.
    public struct Funnels: Sendable {
        public var community: ServiceFunnel
        public var challenges: [ChallengeFunnel]
    }

    public func funnels(communityID: Int64) async throws -> Funnels {
        let logger = db.logger
        return try await db.client.withConnection { try await Self.funnels($0, communityID: communityID, logger: logger) }
    }

    /// One challenge's funnel, counted as `funnels` counts it: what the results page shows.
    public func funnel(challengeID: Int64, communityID: Int64) async throws -> ServiceFunnel {
        let logger = db.logger
        let funnels = try await db.client.withConnection {
            try await Self.funnels($0, communityID: communityID, challengeID: challengeID, logger: logger)
        }
        return funnels.challenges.first { $0.challengeID == challengeID }?.funnel
            ?? ServiceFunnel.build(furthest: [:], offerings: 0, piloted: 0, launched: 0)
    }

    /// The one definition of the stages, which the portfolio, the results page and the health dashboard all show (the
    /// dashboard keeps a copy at each snapshot). An idea counts once, up to the furthest stage on the main path it
    /// ever reached (its state now or any state in its history), so a declined or withdrawn idea still counts where it
    /// got to; drafts, hidden ideas, ideas waiting for approval and merged ones (which live on in the idea they were
    /// merged into) do not count: "submitted" is the number of ideas the challenge page lists. An offering counts as
    /// piloted or launched once it reached that state, even if it was retired since. `challengeID` limits the count to
    /// one challenge.
    static func funnels(_ connection: PostgresConnection, communityID: Int64, challengeID: Int64? = nil,
                        logger: Logger) async throws -> Funnels {
        let only = challengeID ?? 0
        let path = ServiceFunnel.ideaPath.map(\.rawValue)
        let ideaRows = try await connection.query("""
            SELECT x.challenge_id, x.furthest, count(*)::int8 FROM (
                SELECT i.challenge_id, greatest(1, coalesce(array_position(\(path), i.state), 0),
                                                coalesce(max(array_position(\(path), e.to_state)), 0)) AS furthest
                FROM ideas i LEFT JOIN idea_events e ON e.idea_id = i.id
                WHERE i.community_id = \(communityID) AND i.state NOT IN ('draft', 'merged') AND i.hidden_reason IS NULL
                  AND NOT i.awaiting_approval AND (\(only) = 0 OR i.challenge_id = \(only))
                GROUP BY i.id) x
            GROUP BY 1, 2
            """, logger: logger)
        var furthest: [Int64?: [IdeaState: Int]] = [:]
        for try await (challenge, rank, count) in ideaRows.decode((Int64?, Int32, Int64).self) {
            furthest[challenge, default: [:]][ServiceFunnel.ideaPath[Int(rank) - 1]] = Int(count)
        }
        let offeringRows = try await connection.query("""
            SELECT o.challenge_id, count(*)::int8,
                   count(*) FILTER (WHERE o.state IN ('pilot', 'launched') OR EXISTS (
                       SELECT 1 FROM offering_events e WHERE e.offering_id = o.id AND e.to_state = 'pilot'))::int8,
                   count(*) FILTER (WHERE o.state = 'launched' OR EXISTS (
                       SELECT 1 FROM offering_events e WHERE e.offering_id = o.id AND e.to_state = 'launched'))::int8
            FROM offerings o WHERE o.community_id = \(communityID) AND (\(only) = 0 OR o.challenge_id = \(only)) GROUP BY 1
            """, logger: logger)
        var offerings: [Int64?: (Int, Int, Int)] = [:]
        for try await (challenge, all, piloted, launched) in offeringRows.decode((Int64?, Int64, Int64, Int64).self) {
            offerings[challenge] = (Int(all), Int(piloted), Int(launched))
        }
        // Only challenges with ideas or offerings to count (a draft challenge has neither, and stays unseen).
        let counted = Set(furthest.keys.compactMap { $0 }).union(offerings.keys.compactMap { $0 })
        let challengeRows = try await connection.query("""
            SELECT id, title FROM challenges WHERE community_id = \(communityID) AND id = ANY(\(Array(counted))) ORDER BY id
            """, logger: logger)
        var titles: [(Int64?, String)] = []
        for try await (id, title) in challengeRows.decode((Int64, String).self) { titles.append((id, title)) }
        if offerings[nil] != nil { titles.append((nil, "From workshops")) }
        func funnel(_ ideas: [IdeaState: Int], _ o: (Int, Int, Int)) -> ServiceFunnel {
            ServiceFunnel.build(furthest: ideas, offerings: o.0, piloted: o.1, launched: o.2)
        }
        let challenges = titles.map { id, title in
            ChallengeFunnel(challengeID: id, title: title, funnel: funnel(furthest[id] ?? [:], offerings[id] ?? (0, 0, 0)))
        }
        var all: [IdeaState: Int] = [:]
        for counts in furthest.values { all.merge(counts, uniquingKeysWith: +) }
        let total = offerings.values.reduce((0, 0, 0)) { ($0.0 + $1.0, $0.1 + $1.1, $0.2 + $1.2) }
        return Funnels(community: funnel(all, total), challenges: challenges)
    }
}
