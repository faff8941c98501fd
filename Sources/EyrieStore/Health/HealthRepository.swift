import EyrieCore
import Foundation
import PostgresNIO

/// What a community's health dashboard reads: only the snapshot's tables, never the event history.
public struct HealthRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// A member the steward may want to talk to.
    public struct Person: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var organisation: String
        public var level: ParticipationLevel
        public var previous: ParticipationLevel?
        public var joinedAt: Date
        public var lastContribution: Date?
    }

    /// A member whose replies were marked as answers, and how many.
    public struct Answerer: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var answers: Int
    }

    /// One challenge's funnel, stage counts in `ServiceFunnel` order.
    public struct Funnel: Sendable, Equatable {
        public var challengeID: Int64?
        public var title: String
        public var stages: [Int]
    }

    public struct Dashboard: Sendable {
        /// When the latest snapshot was taken; nil before the first.
        public var takenAt: Date?
        /// The month of the latest levels.
        public var month: Month
        /// Members per level, for each month with levels (oldest first, at most twelve).
        public var history: [(month: Month, counts: [ParticipationLevel: Int])]
        /// From the month before into `month`.
        public var movement: Movement
        public var drifting: [Person]
        public var driftingCount: Int
        public var newcomers: [Person]
        public var newcomerCount: Int
        public var organisations: [OrganisationShare]
        public var ideaPairs: [CoWork.Pair]
        public var workshopPairs: [CoWork.Pair]
        public var funnels: [Funnel]
        public var thresholds: HealthThresholds
        /// The members whose answers were accepted in the three months up to `month`, most answers first.
        public var answerers: [Answerer] = []

        /// Members per level in `month`.
        public var counts: [ParticipationLevel: Int] { history.last { $0.month == month }?.counts ?? [:] }
    }

    static func day(_ month: Month) -> String { "\(month)-01" }

    /// The community's thresholds (the defaults until its stewards change them).
    public func thresholds(communityID: Int64) async throws -> HealthThresholds {
        let logger = db.logger
        return try await db.client.withConnection { try await Self.thresholds($0, communityID: communityID, logger: logger) }
    }

    static func thresholds(_ connection: PostgresConnection, communityID: Int64, logger: Logger) async throws -> HealthThresholds {
        let rows = try await connection.query("""
            SELECT core_months, lead_months, active_days, inactive_days, newcomer_days FROM health_settings
            WHERE community_id = \(communityID)
            """, logger: logger)
        for try await (core, lead, active, inactive, newcomer) in rows.decode((Int32, Int32, Int32, Int32, Int32).self) {
            return HealthThresholds(coreMonths: Int(core), leadMonths: Int(lead), activeDays: Int(active),
                                    inactiveDays: Int(inactive), newcomerDays: Int(newcomer))
        }
        return .standard
    }

    /// Saves new thresholds and forgets the worked-out months, so that the next snapshot works out the whole history
    /// again by the new rules.
    public func save(_ t: HealthThresholds, communityID: Int64) async throws {
        try await db.transaction { connection in
            try await connection.query("""
                INSERT INTO health_settings (community_id, core_months, lead_months, active_days, inactive_days, newcomer_days)
                VALUES (\(communityID), \(t.coreMonths), \(t.leadMonths), \(t.activeDays), \(t.inactiveDays), \(t.newcomerDays))
                ON CONFLICT (community_id) DO UPDATE SET core_months = excluded.core_months,
                    lead_months = excluded.lead_months, active_days = excluded.active_days,
                    inactive_days = excluded.inactive_days, newcomer_days = excluded.newcomer_days, updated_at = now()
                """, logger: db.logger)
            try await connection.query("DELETE FROM health_months WHERE community_id = \(communityID)", logger: db.logger)
        }
    }

    /// When the latest snapshot was taken, and the month of its levels.
    /// When a snapshot was taken and the month of its levels.
    public struct Latest: Sendable {
        public var takenAt: Date
        public var month: Month
    }

    public func latest(communityID: Int64) async throws -> Latest? {
        let rows = try await db.client.query("""
            SELECT h.taken_at, c.month::text FROM health_months h,
                   LATERAL (SELECT max(month) AS month FROM participation_counts WHERE community_id = h.community_id) c
            WHERE h.community_id = \(communityID) AND c.month IS NOT NULL ORDER BY h.taken_at DESC LIMIT 1
            """, logger: db.logger)
        for try await (at, month) in rows.decode((Date, String).self) {
            return Month(text: month).map { Latest(takenAt: at, month: $0) }
        }
        return nil
    }

    /// Everything the dashboard shows; lists of people at most `limit` long (nil: all, for the CSV downloads).
    public func dashboard(communityID c: Int64, limit: Int? = 50) async throws -> Dashboard {
        async let thresholdsRead = thresholds(communityID: c)
        async let latestRead = latest(communityID: c)
        let (thresholds, latest) = try await (thresholdsRead, latestRead)
        guard let latest else {
            return Dashboard(takenAt: nil, month: Month(Date()), history: [], movement: Movement(moves: []), drifting: [],
                             driftingCount: 0, newcomers: [], newcomerCount: 0, organisations: [], ideaPairs: [],
                             workshopPairs: [], funnels: [], thresholds: thresholds)
        }
        let (takenAt, month) = (latest.takenAt, latest.month)
        let asOf = min(takenAt, month.end)
        async let history = history(c, through: month)
        async let movement = movement(c, month)
        async let drifting = people(c, month, .drifting, limit: limit)
        async let newcomers = people(c, month, .newcomers(since: asOf - Double(thresholds.newcomerDays) * 86_400),
                                     limit: limit)
        async let organisations = organisations(c)
        async let pairs = pairs(c)
        async let funnels = funnels(c)
        async let answerers = answerers(c, since: month.adding(-2).start)
        let (d, n, p) = try await (drifting, newcomers, pairs)
        return Dashboard(takenAt: takenAt, month: month, history: try await history, movement: try await movement,
                         drifting: d.people, driftingCount: d.count, newcomers: n.people, newcomerCount: n.count,
                         organisations: try await organisations, ideaPairs: p.filter { $0.0 == "ideas" }.map(\.1),
                         workshopPairs: p.filter { $0.0 == "workshops" }.map(\.1), funnels: try await funnels,
                         thresholds: thresholds, answerers: try await answerers)
    }

    /// Who answered the community's questions: the authors of accepted answers written since `since`.
    func answerers(_ c: Int64, since: Date, limit: Int = 10) async throws -> [Answerer] {
        let rows = try await db.client.query("""
            SELECT m.id, m.name, count(*)::int8 FROM threads t JOIN replies r ON r.id = t.accepted_reply_id
            JOIN members m ON m.id = r.author_id
            WHERE t.community_id = \(c) AND t.hidden_reason IS NULL AND r.created_at >= \(since)
            GROUP BY m.id, m.name ORDER BY count(*) DESC, m.name LIMIT \(limit)
            """, logger: db.logger)
        var out: [Answerer] = []
        for try await (id, name, n) in rows.decode((Int64, String, Int64).self) { out.append(Answerer(id: id, name: name, answers: Int(n))) }
        return out
    }

    func history(_ c: Int64, through month: Month) async throws -> [(month: Month, counts: [ParticipationLevel: Int])] {
        let rows = try await db.client.query("""
            SELECT month::text, level, members FROM participation_counts
            WHERE community_id = \(c) AND month > \(Self.day(month.adding(-HealthSnapshot.historyMonths)))::date
              AND month <= \(Self.day(month))::date
            ORDER BY month
            """, logger: db.logger)
        var history: [(month: Month, counts: [ParticipationLevel: Int])] = []
        for try await (text, level, members) in rows.decode((String, String, Int32).self) {
            guard let m = Month(text: text), let level = ParticipationLevel(rawValue: level) else { continue }
            if history.last?.month != m { history.append((m, [:])) }
            history[history.count - 1].counts[level] = Int(members)
        }
        return history
    }

    func movement(_ c: Int64, _ month: Month) async throws -> Movement {
        let rows = try await db.client.query("""
            SELECT from_level, to_level, members FROM participation_moves
            WHERE community_id = \(c) AND month = \(Self.day(month))::date
            """, logger: db.logger)
        var moves: [Movement.Move] = []
        for try await (from, to, members) in rows.decode((String, String, Int32).self) {
            guard let to = ParticipationLevel(rawValue: to) else { continue }
            moves.append(.init(from: ParticipationLevel(rawValue: from), to: to, members: Int(members)))
        }
        return Movement(moves: moves.sorted(by: Movement.order))
    }

    enum Who { case drifting, newcomers(since: Date) }

    /// The drifting members (latest contribution first) or the newcomers who have not contributed (latest first):
    /// the first `limit`, read in the order of their partial index, and how many there are (counted on the index).
    func people(_ c: Int64, _ month: Month, _ who: Who, limit: Int?) async throws -> (people: [Person], count: Int) {
        let day = Self.day(month)
        let top = Int64(limit ?? Int(Int32.max))
        let columns = "l.member_id, m.name, o.name, l.level, l.previous_level, l.joined_at, l.last_contribution_at"
        let joins = "participation_levels l JOIN members m ON m.id = l.member_id JOIN organisations o ON o.id = m.organisation_id"
        let (rows, counted) = switch who {
        case .drifting: (
            try await db.client.query("""
                SELECT \(unescaped: columns) FROM \(unescaped: joins)
                WHERE l.community_id = \(c) AND l.month = \(day)::date AND l.drifting
                ORDER BY l.last_contribution_at DESC NULLS LAST, l.member_id LIMIT \(top)
                """, logger: db.logger),
            try await db.client.query("""
                SELECT count(*)::int8 FROM participation_levels
                WHERE community_id = \(c) AND month = \(day)::date AND drifting
                """, logger: db.logger))
        case .newcomers(let since): (
            try await db.client.query("""
                SELECT \(unescaped: columns) FROM \(unescaped: joins)
                WHERE l.community_id = \(c) AND l.month = \(day)::date AND l.last_contribution_at IS NULL
                  AND l.joined_at >= \(since)
                ORDER BY l.joined_at DESC, l.member_id LIMIT \(top)
                """, logger: db.logger),
            try await db.client.query("""
                SELECT count(*)::int8 FROM participation_levels
                WHERE community_id = \(c) AND month = \(day)::date AND last_contribution_at IS NULL AND joined_at >= \(since)
                """, logger: db.logger))
        }
        var people: [Person] = []
        for try await (id, name, org, level, previous, joined, last) in rows.decode(
            (Int64, String, String, String, String?, Date, Date?).self) {
            people.append(Person(id: id, name: name, organisation: org, level: ParticipationLevel(rawValue: level) ?? .peripheral,
                                 previous: previous.flatMap(ParticipationLevel.init(rawValue:)), joinedAt: joined,
                                 lastContribution: last))
        }
        var count = 0
        for try await n in counted.decode(Int64.self) { count = Int(n) }
        return (people, count)
    }

    func organisations(_ c: Int64) async throws -> [OrganisationShare] {
        let rows = try await db.client.query("""
            SELECT h.organisation_id, o.name, h.members, h.ideas, h.votes, h.comments, h.seats, h.contributions
            FROM health_organisations h JOIN organisations o ON o.id = h.organisation_id
            WHERE h.community_id = \(c) ORDER BY h.contributions DESC, h.members DESC, o.name
            """, logger: db.logger)
        var shares: [OrganisationShare] = []
        for try await (id, name, members, ideas, votes, comments, seats, contributions) in rows.decode(
            (Int64, String, Int32, Int32, Int32, Int32, Int32, Int32).self) {
            shares.append(OrganisationShare(organisationID: id, name: name, members: Int(members), ideas: Int(ideas),
                                            votes: Int(votes), comments: Int(comments), seats: Int(seats),
                                            contributions: Int(contributions)))
        }
        return shares
    }

    func pairs(_ c: Int64) async throws -> [(String, CoWork.Pair)] {
        let rows = try await db.client.query("""
            SELECT kind, org_a, org_b, together FROM health_pairs WHERE community_id = \(c) ORDER BY kind, org_a, org_b
            """, logger: db.logger)
        var pairs: [(String, CoWork.Pair)] = []
        for try await (kind, a, b, together) in rows.decode((String, Int64, Int64, Int32).self) {
            pairs.append((kind, CoWork.Pair(a: a, b: b, together: Int(together))))
        }
        return pairs
    }

    func funnels(_ c: Int64) async throws -> [Funnel] {
        let rows = try await db.client.query("""
            SELECT challenge_id, title, stages FROM health_funnels WHERE community_id = \(c) ORDER BY position
            """, logger: db.logger)
        var funnels: [Funnel] = []
        for try await (id, title, stages) in rows.decode((Int64?, String, [Int32]).self) {
            funnels.append(Funnel(challengeID: id, title: title, stages: stages.map(Int.init)))
        }
        return funnels
    }
}
