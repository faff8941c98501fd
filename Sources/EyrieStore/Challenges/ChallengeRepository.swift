import EyrieCore
import Foundation
import PostgresNIO

/// Challenges: brief, schedule, and the steward's phase moves.
public struct ChallengeRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    static let columns = """
        c.id, c.community_id, c.title, c.problem, c.question, c.sponsor_id, o.name,
        c.opens_at, c.voting_at, c.review_at, c.closes_at, c.phase_override, c.late_submissions, c.idea_count::int8,
        c.voting_started_at
        """
    /// A challenge from `columns`, read in their order.
    static func challenge(_ r: inout RowReader) throws -> Challenge {
        let (id, communityID, title, problem, question) = try (r.next(Int64.self), r.next(Int64.self), r.next(String.self),
                                                              r.next(String.self), r.next(String.self))
        let (sponsorID, sponsorName) = try (r.next(Int64.self), r.next(String.self))
        let (opensAt, votingAt, reviewAt, closesAt) = try (r.next(Date.self), r.next(Date.self), r.next(Date.self),
                                                          r.next(Date.self))
        let (override, late, ideaCount, votingStartedAt) = try (r.next(String?.self), r.next(Bool.self), r.next(Int64.self),
                                                                r.next(Date?.self))
        let schedule = ChallengeSchedule(opensAt: opensAt, votingAt: votingAt, reviewAt: reviewAt, closesAt: closesAt,
                                         override: override.flatMap(ChallengePhase.init(rawValue:)), lateSubmissions: late,
                                         votingStartedAt: votingStartedAt)
        return Challenge(id: id, communityID: communityID, title: title, problem: problem, question: question,
                         sponsorID: sponsorID, sponsorName: sponsorName, schedule: schedule, ideaCount: Int(ideaCount))
    }

    /// A challenge with the community it belongs to, for lists across communities.
    public struct ChallengeInCommunity: Sendable {
        public var challenge: Challenge
        public var community: Community
    }

    public func create(_ draft: ChallengeDraft, communityID: Int64, createdBy: Int64) async throws -> Int64 {
        let s = draft.schedule
        let rows = try await db.client.query("""
            INSERT INTO challenges (community_id, title, problem, question, sponsor_id, opens_at, voting_at, review_at,
                                    closes_at, late_submissions, created_by)
            SELECT \(communityID), \(draft.title), \(draft.problem), \(draft.question), o.id, \(s.opensAt), \(s.votingAt),
                   \(s.reviewAt), \(s.closesAt), \(s.lateSubmissions), \(createdBy)
            FROM organisations o WHERE o.id = \(draft.sponsorID)
            RETURNING id
            """, logger: db.logger)
        guard let id = try await rows.first(Int64.self) else { throw StoreError.conflict("sponsor") }
        return id
    }

    public func find(id: Int64) async throws -> Challenge? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM challenges c JOIN organisations o ON o.id = c.sponsor_id
            WHERE c.id = \(id)
            """, logger: db.logger)
        return try await Self.collect(rows).first
    }

    /// A challenge as one viewer meets it: with its community, the viewer's role there (nil unless an active member)
    /// and whether they act for the sponsor (a member flagged as sponsor from the sponsoring organisation).
    public struct Visit: Sendable {
        public var challenge: Challenge
        public var community: Community
        public var role: CommunityRole?
        public var actsForSponsor: Bool
    }

    /// Every page of a challenge or of an idea starts with these, so they come in one round trip.
    public func visit(id: Int64, viewerID: Int64?) async throws -> Visit? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), \(unescaped: CommunityRepository.joinedColumns),
                   ms.role, coalesce(ms.is_sponsor AND m.organisation_id = c.sponsor_id, false)
            FROM challenges c JOIN organisations o ON o.id = c.sponsor_id JOIN communities k ON k.id = c.community_id
            LEFT JOIN memberships ms ON ms.community_id = c.community_id AND ms.member_id = \(viewerID)
                 AND ms.status = 'active'
            LEFT JOIN members m ON m.id = ms.member_id
            WHERE c.id = \(id)
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            let challenge = try Self.challenge(&r)
            let community = try CommunityRepository.community(&r)
            return Visit(challenge: challenge, community: community,
                         role: try r.next(String?.self).flatMap(CommunityRole.init(rawValue:)), actsForSponsor: try r.next())
        }
        return nil
    }

    public func list(communityID: Int64) async throws -> [Challenge] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM challenges c JOIN organisations o ON o.id = c.sponsor_id
            WHERE c.community_id = \(communityID) ORDER BY c.opens_at DESC, c.id DESC
            """, logger: db.logger)
        return try await Self.collect(rows)
    }

    /// Challenges in communities the member belongs to, or in open communities, newest first.
    public func visible(to memberID: Int64?, limit: Int = 20) async throws -> [ChallengeInCommunity] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns), \(unescaped: CommunityRepository.columns("k", counted: true))
            FROM challenges c JOIN organisations o ON o.id = c.sponsor_id JOIN communities k ON k.id = c.community_id
            WHERE k.visibility = 'open' OR EXISTS (SELECT 1 FROM memberships ms WHERE ms.community_id = k.id
                AND ms.member_id = \(memberID) AND ms.status = 'active')
            ORDER BY c.closes_at DESC, c.id DESC LIMIT \(limit)
            """, logger: db.logger)
        var list: [ChallengeInCommunity] = []
        for try await row in rows {
            var r = RowReader(row)
            list.append(ChallengeInCommunity(challenge: try Self.challenge(&r), community: try CommunityRepository.community(&r)))
        }
        return list
    }

    /// A steward's phase move, recorded in the challenge's history; `nil` returns the challenge to its dates.
    /// `startsVoting` records that voting has begun (the settings stay frozen from then on).
    public func setPhase(challengeID: Int64, communityID: Int64, phase: ChallengePhase?, from: ChallengePhase,
                         actorID: Int64, reason: String, startsVoting: Bool = false) async throws {
        try await db.transaction { connection in
            try await connection.query("""
                UPDATE challenges SET phase_override = \(phase?.rawValue),
                       voting_started_at = coalesce(voting_started_at, CASE WHEN \(startsVoting) THEN now() END)
                WHERE id = \(challengeID)
                """, logger: db.logger)
            try await connection.query("""
                INSERT INTO challenge_events (community_id, challenge_id, actor_id, from_phase, to_phase, reason)
                VALUES (\(communityID), \(challengeID), \(actorID), \(from.rawValue), \(phase?.rawValue ?? "dates"), \(reason))
                """, logger: db.logger)
            let title = try await connection.query("SELECT title FROM challenges WHERE id = \(challengeID)",
                                                   logger: db.logger).first(String.self) ?? ""
            let again: Phrase = "“\("title", title)” follows its dates again"
            let now = phase.map {
                Phrase("“{title}” is now in its {phase} phase", ["title": title, "phase": $0.label.lowercased()]).saying("phase")
            } ?? again
            try await FollowRepository.tellFollowers(
                connection, .challenge(challengeID), except: actorID, kind: "phase", telling: now,
                link: "/challenges/\(challengeID)", logger: db.logger)
        }
    }

    static func collect(_ rows: PostgresRowSequence) async throws -> [Challenge] {
        var list: [Challenge] = []
        for try await row in rows {
            var reader = RowReader(row)
            list.append(try challenge(&reader))
        }
        return list
    }
}
