import EyrieCore
import Foundation
import PostgresNIO

/// Brings a community's health figures up to date: the monthly rollups and levels of every month that is not final
/// yet (the first time: the last twelve months, and the months before them that the rules look back on), then the
/// organisations' shares, who works with whom and the challenge funnels.
///
/// Locks: the community's row `FOR NO KEY UPDATE` (level 00 of `Database`'s order, as an import): two snapshots of
/// one community take turns, and a snapshot never sees half an import. It writes only the health tables.
public struct HealthSnapshot: Sendable {
    /// A rollup row's contributions, summed by the core's table of what counts (`ParticipationKind`).
    static let contributed = ParticipationKind.contributions.map { "p.\($0.column)" }.joined(separator: " + ")

    let db: Database

    public init(_ db: Database) { self.db = db }

    /// What one snapshot did.
    public struct Outcome: Sendable, Equatable {
        /// The months whose levels were worked out again, oldest first.
        public var months: [Month]
        /// Members per level in the month under way.
        public var counts: [ParticipationLevel: Int]
        /// Members with a level in the month under way.
        public var members: Int { counts.values.reduce(0, +) }
    }

    /// The months of history a dashboard shows.
    public static let historyMonths = 12

    public func take(communityID: Int64, now: Date = Date()) async throws -> Outcome {
        let logger = db.logger
        return try await db.transaction { connection in
            for setting in ["statement_timeout = 0", "idle_in_transaction_session_timeout = 0"] {
                try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL \(setting)"), logger: logger)
            }
            guard let created = try await connection.query("""
                SELECT created_at FROM communities WHERE id = \(communityID) FOR NO KEY UPDATE
                """, logger: logger).first(Date.self) else { throw StoreError.notFound }
            let thresholds = try await HealthRepository.thresholds(connection, communityID: communityID, logger: logger)
            let run = Run(connection: connection, logger: logger, communityID: communityID, now: now,
                          thresholds: thresholds)
            return try await run.perform(created: created)
        }
    }

    struct Run {
        let connection: PostgresConnection
        let logger: Logger
        let communityID: Int64
        let now: Date
        let thresholds: HealthThresholds

        func perform(created: Date) async throws -> Outcome {
            let current = Month(now)
            let first = max(Month(created), current.adding(-(HealthSnapshot.historyMonths - 1)))
            let final = try await finalMonths()
            // Rollups: every month a level looks at, unless it was rolled up after it ended.
            var rolled: Set<Month> = []
            var month = first.adding(-thresholds.monthsLooked)
            while month <= current {
                if !final.contains(month) {
                    try await ActivityRollup.refresh(connection, communityID: communityID, month: month, now: now,
                                                     logger: logger)
                    try await connection.query("""
                        INSERT INTO health_months (community_id, month, taken_at, final)
                        VALUES (\(communityID), \("\(month)-01")::date, \(now), \(now >= month.end))
                        ON CONFLICT (community_id, month) DO UPDATE SET taken_at = excluded.taken_at, final = excluded.final
                        """, logger: logger)
                    rolled.insert(month)
                }
                month = month.adding(1)
            }
            // Levels: the months of history whose rollup was just redone, and every one after it.
            var levelled: [Month] = []
            var previous: [Int64: ParticipationLevel]?
            var latest: [Int64: ParticipationLevel] = [:]
            month = first
            while month <= current {
                if rolled.contains(month) || !levelled.isEmpty {
                    if previous == nil { previous = try await levels(of: month.adding(-1)) }
                    let now = try await level(month, previous: previous!)
                    previous = now
                    latest = now
                    levelled.append(month)
                }
                month = month.adding(1)
            }
            if levelled.isEmpty { latest = try await levels(of: current) }
            try await organisations(since: current.adding(-(HealthSnapshot.historyMonths - 1)))
            try await pairs(since: current.adding(-(HealthSnapshot.historyMonths - 1)).start)
            try await funnels()
            var counts: [ParticipationLevel: Int] = [:]
            for level in latest.values { counts[level, default: 0] += 1 }
            return Outcome(months: levelled, counts: counts)
        }

        func finalMonths() async throws -> Set<Month> {
            let rows = try await connection.query("""
                SELECT month::text FROM health_months WHERE community_id = \(communityID) AND final
                """, logger: logger)
            var months: Set<Month> = []
            for try await text in rows.decode(String.self) { if let month = Month(text: text) { months.insert(month) } }
            return months
        }

        func levels(of month: Month) async throws -> [Int64: ParticipationLevel] {
            let rows = try await connection.query("""
                SELECT member_id, level FROM participation_levels
                WHERE community_id = \(communityID) AND month = \("\(month)-01")::date
                """, logger: logger)
            var levels: [Int64: ParticipationLevel] = [:]
            for try await (member, level) in rows.decode((Int64, String).self) { levels[member] = ParticipationLevel(rawValue: level) }
            return levels
        }

        /// Works out every member's level at the end of `month` (the month under way: now) and keeps it, with the
        /// month's counts and moves.
        func level(_ month: Month, previous: [Int64: ParticipationLevel]) async throws -> [Int64: ParticipationLevel] {
            let underWay = month == Month(now)
            let asOf = underWay ? now : month.end
            let day = "\(month)-01"
            let oldest = "\(month.adding(-thresholds.monthsLooked))-01"
            let rows = try await connection.query("""
                SELECT ms.member_id, ms.joined_at, ms.joined_at::text, ms.role = 'steward',
                       coalesce(array_agg((date_part('year', age(\(day)::date, p.month)) * 12
                                            + date_part('month', age(\(day)::date, p.month)))::int4)
                           FILTER (WHERE \(unescaped: HealthSnapshot.contributed) > 0), '{}'),
                       max(p.last_contribution_at), max(p.last_contribution_at)::text, max(p.last_lead_at),
                       max(p.last_seen_at)
                FROM memberships ms
                LEFT JOIN participation_months p ON p.community_id = ms.community_id AND p.member_id = ms.member_id
                     AND p.month BETWEEN \(oldest)::date AND \(day)::date
                WHERE ms.community_id = \(communityID) AND ms.status = 'active' AND ms.joined_at < \(asOf)
                GROUP BY ms.member_id, ms.joined_at, ms.role
                """, logger: logger)
            var levels: [Int64: ParticipationLevel] = [:]
            var copy = ""
            copy.reserveCapacity(1 << 20)
            var chunks: [String] = []
            for try await (member, joined, joinedText, steward, ago, last, lastText, lead, seen) in rows.decode(
                (Int64, Date, String, Bool, [Int32], Date?, String?, Date?, Date?).self) {
                let activity = MemberActivity(contributedMonthsAgo: Set(ago.map(Int.init)), lastContribution: last,
                                              lastLead: lead, lastSeen: seen, isSteward: steward, joinedAt: joined)
                let level = ParticipationRules.level(activity, asOf: asOf, monthUnderWay: underWay, thresholds: thresholds)
                levels[member] = level
                let before = previous[member]
                let drifting = ParticipationLevel.isDrift(from: before, to: level)
                copy += "\(communityID)\t\(day)\t\(member)\t\(level.rawValue)\t\(before?.rawValue ?? "\\N")\t"
                copy += "\(drifting ? "t" : "f")\t\(joinedText)\t\(lastText ?? "\\N")\n"
                if copy.utf8.count > 1 << 20 { chunks.append(copy); copy = "" }
            }
            if !copy.isEmpty { chunks.append(copy) }
            let kept = MonthRows(table: "participation_levels",
                                 values: ["level", "previous_level", "drifting", "joined_at", "last_contribution_at"])
            try await kept.stage(connection, logger: logger)
            if !chunks.isEmpty {
                let all = chunks
                try await connection.copyFrom(table: kept.staging, columns: ["community_id", "month", "member_id"] + kept.values,
                                              logger: logger) { writer in
                    for chunk in all { try await writer.write(ByteBuffer(string: chunk)) }
                }
            }
            try await kept.merge(connection, communityID: communityID, day: day, logger: logger)
            try await keepCounts(month, levels: levels, previous: previous)
            return levels
        }

        func keepCounts(_ month: Month, levels: [Int64: ParticipationLevel], previous: [Int64: ParticipationLevel]) async throws {
            let day = "\(month)-01"
            try await connection.query("""
                DELETE FROM participation_counts WHERE community_id = \(communityID) AND month = \(day)::date
                """, logger: logger)
            try await connection.query("""
                DELETE FROM participation_moves WHERE community_id = \(communityID) AND month = \(day)::date
                """, logger: logger)
            var counts: [ParticipationLevel: Int] = [:]
            for level in levels.values { counts[level, default: 0] += 1 }
            let names = ParticipationLevel.allCases.map(\.rawValue)
            let numbers = ParticipationLevel.allCases.map { Int64(counts[$0] ?? 0) }
            try await connection.query("""
                INSERT INTO participation_counts (community_id, month, level, members)
                SELECT \(communityID), \(day)::date, l, n FROM unnest(\(names)::text[], \(numbers)::int8[]) AS u(l, n)
                """, logger: logger)
            let moves = Movement.between(previous, levels).moves
            try await connection.query("""
                INSERT INTO participation_moves (community_id, month, from_level, to_level, members)
                SELECT \(communityID), \(day)::date, f, t, n
                FROM unnest(\(moves.map { $0.from?.rawValue ?? "new" })::text[], \(moves.map(\.to.rawValue))::text[],
                            \(moves.map { Int64($0.members) })::int8[]) AS u(f, t, n)
                """, logger: logger)
        }

        /// Each organisation's members now and its part of the last twelve months' activity.
        func organisations(since month: Month) async throws {
            try await connection.query("DELETE FROM health_organisations WHERE community_id = \(communityID)", logger: logger)
            try await connection.query("""
                WITH people AS (
                    SELECT m.organisation_id, count(*) AS members FROM memberships ms JOIN members m ON m.id = ms.member_id
                    WHERE ms.community_id = \(communityID) AND ms.status = 'active' GROUP BY 1),
                work AS (
                    SELECT m.organisation_id, sum(p.ideas) AS ideas, sum(p.votes) AS votes, sum(p.comments) AS comments,
                           sum(p.seats) AS seats,
                           sum(\(unescaped: HealthSnapshot.contributed)) AS contributions
                    FROM participation_months p JOIN members m ON m.id = p.member_id
                    WHERE p.community_id = \(communityID) AND p.month >= \("\(month)-01")::date GROUP BY 1)
                INSERT INTO health_organisations (community_id, organisation_id, members, ideas, votes, comments, seats,
                                                  contributions)
                SELECT \(communityID), organisation_id, coalesce(people.members, 0), coalesce(work.ideas, 0),
                       coalesce(work.votes, 0), coalesce(work.comments, 0), coalesce(work.seats, 0),
                       coalesce(work.contributions, 0)
                FROM people FULL JOIN work USING (organisation_id)
                """, logger: logger)
        }

        /// Organisations that co-authored ideas, and that sat in the same workshops, since `since`.
        func pairs(since: Date) async throws {
            try await connection.query("DELETE FROM health_pairs WHERE community_id = \(communityID)", logger: logger)
            try await connection.query("""
                WITH shared AS (
                    -- only ideas of more than one author can pair organisations (most have one)
                    SELECT a.idea_id, a.member_id FROM idea_authors a
                    WHERE a.community_id = \(communityID)
                      AND EXISTS (SELECT 1 FROM idea_authors b WHERE b.idea_id = a.idea_id AND b.member_id <> a.member_id)),
                authored AS (
                    SELECT DISTINCT s.idea_id AS together_in, m.organisation_id AS org
                    FROM shared s JOIN ideas i ON i.id = s.idea_id JOIN members m ON m.id = s.member_id
                    WHERE i.state <> 'draft' AND i.created_at >= \(since)),
                attended AS (
                    SELECT DISTINCT r.workshop_id AS together_in, m.organisation_id AS org
                    FROM workshops w JOIN workshop_registrations r ON r.workshop_id = w.id JOIN members m ON m.id = r.member_id
                    WHERE w.community_id = \(communityID) AND w.state <> 'cancelled' AND w.starts_at >= \(since)
                      AND w.starts_at <= \(now) AND r.status = 'registered' AND r.attended IS NOT FALSE)
                INSERT INTO health_pairs (community_id, kind, org_a, org_b, together)
                SELECT \(communityID), 'ideas', x.org, y.org, count(*) FROM authored x
                JOIN authored y ON y.together_in = x.together_in AND x.org < y.org GROUP BY x.org, y.org
                UNION ALL
                SELECT \(communityID), 'workshops', x.org, y.org, count(*) FROM attended x
                JOIN attended y ON y.together_in = x.together_in AND x.org < y.org GROUP BY x.org, y.org
                """, logger: logger)
        }

        /// Every challenge's funnel, as the portfolio counts it, kept for the dashboard.
        func funnels() async throws {
            let challenges = try await PortfolioRepository.funnels(connection, communityID: communityID, logger: logger).challenges
            try await connection.query("DELETE FROM health_funnels WHERE community_id = \(communityID)", logger: logger)
            for (position, challenge) in challenges.enumerated() {
                try await connection.query("""
                    INSERT INTO health_funnels (community_id, position, challenge_id, title, stages)
                    VALUES (\(communityID), \(position), \(challenge.challengeID), \(challenge.title),
                            \(challenge.funnel.stages.map { Int64($0.count) })::int4[])
                    """, logger: logger)
            }
        }
    }
}
