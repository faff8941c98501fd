import EyrieCore
import Foundation
import PostgresNIO

/// Each challenge's voting settings; a challenge without a row uses the defaults (supports only).
public struct VotingSettingsRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public func find(challengeID: Int64) async throws -> VotingSettings {
        let rows = try await db.client.query("""
            SELECT supports, support_budget, auto_shortlist_at, dots, dots_per_member, max_dots_per_idea, pairwise,
                   pairwise_new_ideas, scorecards, criteria, weights, blind_review, results_published,
                   results_sponsor_at, results_expected_at
            FROM voting_settings WHERE challenge_id = \(challengeID)
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            let (supports, budget, autoShortlistAt) = try (r.next(Bool.self), r.next(Int32?.self), r.next(Int32?.self))
            let (dots, dotsPerMember, maxDotsPerIdea) = try (r.next(Bool.self), r.next(Int32.self), r.next(Int32.self))
            let (pairwise, pairwiseNewIdeas, scorecards) = try (r.next(Bool.self), r.next(Bool.self), r.next(Bool.self))
            let (criteria, weights, blind, published) = try (r.next([String].self), r.next([Double].self), r.next(Bool.self),
                                                             r.next(Bool.self))
            var settings = VotingSettings(
                supports: supports, supportBudget: budget.map(Int.init), autoShortlistAt: autoShortlistAt.map(Int.init),
                dots: dots, dotsPerMember: Int(dotsPerMember), maxDotsPerIdea: Int(maxDotsPerIdea), pairwise: pairwise,
                pairwiseNewIdeas: pairwiseNewIdeas, scorecards: scorecards,
                criteria: zip(criteria, weights).map { Criterion(name: $0, weight: $1) }, blindReview: blind)
            settings.resultsPublished = published
            (settings.resultsSponsorAt, settings.resultsExpectedAt) = try (r.next(Date?.self), r.next(Date?.self))
            return settings
        }
        return VotingSettings()
    }

    /// Where a member stands in a challenge: dots and supports spent, and whether they review it. One query for
    /// what the challenge page shows beside the ideas.
    public struct Standing: Sendable, Equatable {
        public var dotsSpent: Int
        public var supportsSpent: Int
        public var isReviewer: Bool
        public static let none = Standing(dotsSpent: 0, supportsSpent: 0, isReviewer: false)
    }

    public func standing(challengeID: Int64, memberID: Int64) async throws -> Standing {
        let rows = try await db.client.query("""
            SELECT coalesce((SELECT spent FROM dot_budgets WHERE challenge_id = \(challengeID) AND member_id = \(memberID)), 0),
                   coalesce((SELECT spent FROM support_budgets WHERE challenge_id = \(challengeID) AND member_id = \(memberID)), 0),
                   EXISTS (SELECT 1 FROM reviewers WHERE challenge_id = \(challengeID) AND member_id = \(memberID))
            """, logger: db.logger)
        for try await (dots, supports, reviewer) in rows.decode((Int32, Int32, Bool).self) {
            return Standing(dotsSpent: Int(dots), supportsSpent: Int(supports), isReviewer: reviewer)
        }
        return .none
    }

    /// Saves the settings unless they would leave votes already cast beyond a limit (`ValidationErrors` keyed by form
    /// field, from `VotingSettings.conflicts(with:)`); with `onlyBeforeVoting` (a steward's save), also unless voting
    /// has started (`conflict("frozen")`; demo data and tests seed settings in any phase). One transaction: the
    /// challenge row is held still (`FOR SHARE`: a phase move waits) and the settings row locked, what members have
    /// spent is read under them, and the copies of the limits kept on each budget and dots row follow, so a vote racing
    /// the change either lands first (and is counted here) or sees the new limit.
    public func save(_ s: VotingSettings, challengeID: Int64, communityID: Int64, onlyBeforeVoting: Bool = false,
                     now: Date = Date()) async throws {
        let budget = s.supportBudget.map(Int32.init)
        let threshold = s.autoShortlistAt.map(Int32.init)
        do {
            try await db.transaction { connection in
                let logger = db.logger
                let phase = try await connection.query("""
                    SELECT opens_at, voting_at, review_at, closes_at, phase_override, voting_started_at
                    FROM challenges WHERE id = \(challengeID) FOR SHARE
                    """, logger: logger)
                var schedule: ChallengeSchedule?
                for try await r in phase.decode((Date, Date, Date, Date, String?, Date?).self) {
                    schedule = ChallengeSchedule(opensAt: r.0, votingAt: r.1, reviewAt: r.2, closesAt: r.3,
                                                 override: r.4.flatMap(ChallengePhase.init(rawValue:)), votingStartedAt: r.5)
                }
                guard let schedule else { throw StoreError.notFound }
                guard !onlyBeforeVoting
                    || VotingSettings.editable(in: schedule.phase(at: now), votingStarted: schedule.votingHasStarted(at: now))
                else { throw StoreError.conflict("frozen") }
                try await connection.query("""
                    SELECT 1 FROM voting_settings WHERE challenge_id = \(challengeID) FOR NO KEY UPDATE
                    """, logger: logger)
                let conflicts = s.conflicts(with: try await Self.cast(connection, challengeID: challengeID, logger: logger))
                guard conflicts.isEmpty else { throw ValidationErrors(conflicts) }
                try await connection.query("""
                    INSERT INTO voting_settings (challenge_id, community_id, supports, support_budget, auto_shortlist_at, dots,
                        dots_per_member, max_dots_per_idea, pairwise, pairwise_new_ideas, scorecards, criteria, weights,
                        blind_review)
                    VALUES (\(challengeID), \(communityID), \(s.supports), \(budget), \(threshold), \(s.dots),
                        \(Int32(s.dotsPerMember)), \(Int32(s.maxDotsPerIdea)), \(s.pairwise), \(s.pairwiseNewIdeas),
                        \(s.scorecards), \(s.criteria.map(\.name)), \(s.criteria.map(\.weight)), \(s.blindReview))
                    ON CONFLICT (challenge_id) DO UPDATE SET supports = EXCLUDED.supports,
                        support_budget = EXCLUDED.support_budget, auto_shortlist_at = EXCLUDED.auto_shortlist_at,
                        dots = EXCLUDED.dots, dots_per_member = EXCLUDED.dots_per_member,
                        max_dots_per_idea = EXCLUDED.max_dots_per_idea, pairwise = EXCLUDED.pairwise,
                        pairwise_new_ideas = EXCLUDED.pairwise_new_ideas, scorecards = EXCLUDED.scorecards,
                        criteria = EXCLUDED.criteria, weights = EXCLUDED.weights, blind_review = EXCLUDED.blind_review
                    """, logger: logger)
                // Lock order: vote rows (dots), then budgets.
                try await connection.query("""
                    UPDATE dots SET max_count = \(Int32(s.maxDotsPerIdea))
                    WHERE challenge_id = \(challengeID) AND max_count <> \(Int32(s.maxDotsPerIdea))
                    """, logger: logger)
                try await connection.query("""
                    UPDATE support_budgets SET budget = \(budget)
                    WHERE challenge_id = \(challengeID) AND budget IS DISTINCT FROM \(budget)
                    """, logger: logger)
                try await connection.query("""
                    UPDATE dot_budgets SET budget = \(Int32(s.dotsPerMember))
                    WHERE challenge_id = \(challengeID) AND budget <> \(Int32(s.dotsPerMember))
                    """, logger: logger)
            }
        } catch let error where error.checkViolation != nil {
            let field = switch error.checkViolation {
            case "support_budget_exceeded": "supportBudget"
            case "dots_per_idea_exceeded": "maxDotsPerIdea"
            default: "dotsPerMember"
            }
            throw ValidationErrors([FieldError(field, "Members have just spent more than this: reload and try again")])
        }
    }

    /// What members have spent so far in the challenge.
    static func cast(_ connection: PostgresConnection, challengeID: Int64, logger: Logger) async throws -> VotesCast {
        let rows = try await connection.query("""
            SELECT (SELECT count(*) FROM supports s JOIN ideas i ON i.id = s.idea_id WHERE i.challenge_id = \(challengeID)),
                   (SELECT coalesce(max(spent), 0)::int8 FROM support_budgets WHERE challenge_id = \(challengeID)),
                   (SELECT coalesce(sum(spent), 0)::int8 FROM dot_budgets WHERE challenge_id = \(challengeID)),
                   (SELECT coalesce(max(spent), 0)::int8 FROM dot_budgets WHERE challenge_id = \(challengeID)),
                   (SELECT coalesce(max(count), 0)::int8 FROM dots WHERE challenge_id = \(challengeID))
            """, logger: logger)
        for try await r in rows.decode((Int64, Int64, Int64, Int64, Int64).self) {
            return VotesCast(supportsGiven: Int(r.0), mostSupportsByOneMember: Int(r.1), dotsPlaced: Int(r.2),
                             mostDotsByOneMember: Int(r.3), mostDotsOnOneIdea: Int(r.4))
        }
        return .none
    }
}
