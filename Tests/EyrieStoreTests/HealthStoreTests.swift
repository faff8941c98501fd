import EyrieCore
import EyrieDemo
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// The health snapshot over real PostgreSQL: on a generated community with fourteen months of history, every
/// member's level, the counts, the moves, the organisations' shares and who co-authored with whom equal what SQL
/// counts straight from the activity; snapshots are incremental and two at once keep one set of rows.
struct HealthStoreTests {
    static let plan = HealthData.Plan(members: 160, events: 6_000, organisations: 4, tag: "Health")

    @Test func theSnapshotEqualsCountsMadeFromTheActivity() async throws {
        try await TestDatabase.withDatabase { db in try await Self.snapshotMatchesTheActivity(db) }
    }

    static func snapshotMatchesTheActivity(_ db: Database) async throws {
        do {
            let f = try await Fixture.make(db)
            let c = f.community.id
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.up) + 1)
            try await HealthData(db).add(Self.plan, communityID: c, now: now)
            let outcome = try await HealthSnapshot(db).take(communityID: c, now: now)
            #expect(outcome.months.count == HealthSnapshot.historyMonths)
            let month = Month(now)
            // every member's level, against the rules written again in SQL straight from the sources
            let kept = try await Self.levels(db, c, month)
            let expected = try await Self.oracle(db, c, now: now)
            #expect(kept.count == expected.count)
            let wrong: [Int64] = expected.keys.filter { kept[$0] != expected[$0] }.sorted()
            let examples: [String] = wrong.prefix(3).map { "\($0): \(kept[$0]?.rawValue ?? "none") not \(expected[$0]!.rawValue)" }
            #expect(wrong.isEmpty, "\(wrong.count) members differ, e.g. \(examples)")
            for level in ParticipationLevel.allCases {
                #expect(expected.values.contains(level), "the generated community has \(level) members")
            }
            let dashboard = try await HealthRepository(db).dashboard(communityID: c)
            for level in ParticipationLevel.allCases {
                #expect(dashboard.counts[level] == expected.values.filter { $0 == level }.count, "\(level) count")
            }
            #expect(dashboard.movement.moves.reduce(0) { $0 + $1.members } == expected.count)
            // organisations: members now, ideas (authorships) in the last twelve months
            let since = month.adding(-11).start
            let members = try await Self.counts(db, """
                SELECT m.organisation_id, count(*)::int8 FROM memberships ms JOIN members m ON m.id = ms.member_id
                WHERE ms.community_id = \(c) AND ms.status = 'active' GROUP BY 1
                """)
            let ideas = try await Self.counts(db, """
                SELECT m.organisation_id, count(*)::int8 FROM idea_authors a JOIN ideas i ON i.id = a.idea_id
                JOIN members m ON m.id = a.member_id
                WHERE i.community_id = \(c) AND i.state <> 'draft' AND i.created_at >= '\(ISO8601DateFormatter().string(from: since))'
                GROUP BY 1
                """)
            var keptMembers: [Int64: Int64] = [:], keptIdeas: [Int64: Int64] = [:]
            for share in dashboard.organisations {
                if share.members > 0 { keptMembers[share.organisationID] = Int64(share.members) }
                if share.ideas > 0 { keptIdeas[share.organisationID] = Int64(share.ideas) }
            }
            #expect(keptMembers == members)
            #expect(keptIdeas == ideas)
            #expect(dashboard.organisations.count >= 4)
            // co-authorship: ideas with authors of two organisations, counted once per pair
            let coAuthored = try await db.client.query("""
                SELECT x.org, y.org, count(DISTINCT x.idea_id)::int8 FROM
                  (SELECT a.idea_id, m.organisation_id org FROM idea_authors a JOIN members m ON m.id = a.member_id
                   JOIN ideas i ON i.id = a.idea_id WHERE i.community_id = \(c) AND i.state <> 'draft') x
                JOIN (SELECT a.idea_id, m.organisation_id org FROM idea_authors a JOIN members m ON m.id = a.member_id) y
                  ON y.idea_id = x.idea_id AND x.org < y.org
                GROUP BY 1, 2 ORDER BY 1, 2
                """, logger: db.logger)
            var pairs: [CoWork.Pair] = []
            for try await (a, b, n) in coAuthored.decode((Int64, Int64, Int64).self) { pairs.append(.init(a: a, b: b, together: Int(n))) }
            #expect(!pairs.isEmpty)
            #expect(dashboard.ideaPairs == pairs)
            #expect(!dashboard.workshopPairs.isEmpty, "workshops attended together")
            // drifting: every member whose level slid down from core or active since last month, none else
            let drifting = try await Self.counts(db, """
                SELECT count(*)::int8, count(*)::int8 FROM participation_levels b JOIN participation_levels a
                  ON a.community_id = b.community_id AND a.member_id = b.member_id
                 AND a.month = '\(month)-01' AND b.month = '\(month.adding(-1))-01'
                WHERE b.community_id = \(c) AND b.level IN ('core', 'active') AND a.level <> b.level
                  AND NOT (b.level = 'active' AND a.level = 'core')
                """)
            #expect(dashboard.driftingCount == Int(drifting.values.first ?? 0))
            #expect(dashboard.driftingCount > 0, "the generator makes some members drift this month")
            #expect(dashboard.drifting.count == min(dashboard.driftingCount, 50))
            // newcomers: joined in the last 90 days, no contribution yet
            let fresh = try await Self.counts(db, """
                SELECT 0::int8, count(*)::int8 FROM memberships ms WHERE ms.community_id = \(c) AND ms.status = 'active'
                  AND ms.joined_at >= '\(ISO8601DateFormatter().string(from: now - 90 * 86_400))'
                  AND NOT EXISTS (SELECT 1 FROM idea_authors a JOIN ideas i ON i.id = a.idea_id
                                  WHERE a.member_id = ms.member_id AND i.community_id = \(c) AND i.state <> 'draft')
                  AND NOT EXISTS (SELECT 1 FROM comments m WHERE m.author_id = ms.member_id AND m.community_id = \(c))
                  AND NOT EXISTS (SELECT 1 FROM workshop_registrations r JOIN workshops w ON w.id = r.workshop_id
                                  WHERE r.member_id = ms.member_id AND w.community_id = \(c) AND r.attended)
                """)
            #expect(dashboard.newcomerCount == Int(fresh[0] ?? -1))
            #expect(dashboard.newcomerCount > 0)
            #expect(dashboard.funnels.count == 4, "the fixture's challenge and the three generated ones")
        }
    }

    @Test func snapshotsAreIncrementalAndTwoAtOnceKeepOneSetOfRows() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let c = f.community.id
            let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.up) + 1)
            try await HealthData(db).add(.init(members: 40, events: 800, organisations: 3, tag: "Inc"), communityID: c, now: now)
            await #expect(throws: StoreError.self) { try await HealthSnapshot(db).take(communityID: 987_654) }
            let first = try await HealthSnapshot(db).take(communityID: c, now: now)
            #expect(first.months.count == HealthSnapshot.historyMonths)
            #expect(first.months.last == Month(now))
            let again = try await HealthSnapshot(db).take(communityID: c, now: now + 60)
            #expect(again.months == [Month(now)], "closed months are final: only the month under way is redone")
            // two snapshots at once: they take turns on the community's row and leave one set of rows
            async let a = HealthSnapshot(db).take(communityID: c, now: now + 120)
            async let b = HealthSnapshot(db).take(communityID: c, now: now + 121)
            _ = try await (a, b)
            let members = try await Self.counts(db, """
                SELECT 0::int8, count(*)::int8 FROM memberships WHERE community_id = \(c) AND status = 'active'
                """)[0]!
            let levels = try await Self.counts(db, """
                SELECT 0::int8, count(*)::int8 FROM participation_levels WHERE community_id = \(c) AND month = '\(Month(now))-01'
                """)[0]!
            let counted = try await Self.counts(db, """
                SELECT 0::int8, sum(members)::int8 FROM participation_counts WHERE community_id = \(c) AND month = '\(Month(now))-01'
                """)[0]!
            #expect(levels == members)
            #expect(Int64(first.members) == members, "the outcome counts every member once")
            #expect(counted == members)
            // a contribution moves its member at the next snapshot
            let quiet = try await Self.levels(db, c, Month(now)).first { $0.value < .active }?.key
            let member = try #require(quiet)
            try await db.client.query("""
                INSERT INTO comments (community_id, idea_id, author_id, body)
                SELECT \(c), id, \(member), 'Back again.' FROM ideas WHERE community_id = \(c) LIMIT 1
                """, logger: db.logger)
            _ = try await HealthSnapshot(db).take(communityID: c)
            #expect(try await Self.levels(db, c, Month(Date()))[member] == .active)
            // a member who leaves has no level at the next snapshot, and the month's rows that successive snapshots
            // kept up to date (changed rows updated, others left alone) equal the rows worked out from nothing
            let moment = Date()
            let leaver = try #require(try await Self.levels(db, c, Month(moment)).keys.first { $0 != member })
            try await db.client.query("DELETE FROM memberships WHERE community_id = \(c) AND member_id = \(leaver)",
                                      logger: db.logger)
            _ = try await HealthSnapshot(db).take(communityID: c, now: moment)
            #expect(try await Self.levels(db, c, Month(moment))[leaver] == nil)
            let kept = try await Self.monthRows(db, c, Month(moment))
            #expect(kept.count > 40, "levels and rollups of the month")
            for table in ["health_months", "participation_months", "participation_levels", "participation_counts",
                          "participation_moves"] {
                try await db.client.query(PostgresQuery(unsafeSQL: "DELETE FROM \(table) WHERE community_id = \(c)"),
                                          logger: db.logger)
            }
            _ = try await HealthSnapshot(db).take(communityID: c, now: moment)
            #expect(try await Self.monthRows(db, c, Month(moment)) == kept)
            // three weeks on, members whose last contribution is now past the active window have drifted
            let later = try await HealthSnapshot(db).take(communityID: c, now: now + 21 * 86_400)
            #expect(later.months.last == Month(now + 21 * 86_400))
            let drifting = try await HealthRepository(db).dashboard(communityID: c)
            #expect(drifting.driftingCount > 0, "the generated community has members drifting")
            #expect(drifting.drifting.allSatisfy { ParticipationLevel.isDrift(from: $0.previous, to: $0.level) })
            // new thresholds: the whole history is worked out again
            try await HealthRepository(db).save(HealthThresholds(activeDays: 30), communityID: c)
            let redone = try await HealthSnapshot(db).take(communityID: c)
            #expect(redone.months.count == HealthSnapshot.historyMonths)
            #expect(try await HealthRepository(db).thresholds(communityID: c).activeDays == 30)
        }
    }

    static func levels(_ db: Database, _ c: Int64, _ month: Month) async throws -> [Int64: ParticipationLevel] {
        let rows = try await db.client.query("""
            SELECT member_id, level FROM participation_levels WHERE community_id = \(c) AND month = \("\(month)-01")::date
            """, logger: db.logger)
        var levels: [Int64: ParticipationLevel] = [:]
        for try await (id, level) in rows.decode((Int64, String).self) { levels[id] = ParticipationLevel(rawValue: level) }
        return levels
    }

    /// The month's levels and rollups of every member, each row as text, in one order.
    static func monthRows(_ db: Database, _ c: Int64, _ month: Month) async throws -> [String] {
        let rows = try await db.client.query("""
            SELECT 'level ' || l::text FROM participation_levels l WHERE community_id = \(c) AND month = \("\(month)-01")::date
            UNION ALL
            SELECT 'rollup ' || p::text FROM participation_months p WHERE community_id = \(c) AND month = \("\(month)-01")::date
            ORDER BY 1
            """, logger: db.logger)
        var all: [String] = []
        for try await row in rows.decode(String.self) { all.append(row) }
        return all
    }

    static func counts(_ db: Database, _ sql: String) async throws -> [Int64: Int64] {
        let rows = try await db.client.query(PostgresQuery(unsafeSQL: sql), logger: db.logger)
        var counts: [Int64: Int64] = [:]
        for try await (key, n) in rows.decode((Int64, Int64).self) { counts[key] = n }
        return counts
    }

    /// The default rules, written again in SQL over the raw activity (not the rollups).
    static func oracle(_ db: Database, _ c: Int64, now: Date) async throws -> [Int64: ParticipationLevel] {
        let m = Month(now)
        let iso = ISO8601DateFormatter()
        func start(_ offset: Int) -> String { "'\(iso.string(from: m.adding(-offset).start))'::timestamptz" }
        let at = "'\(iso.string(from: now))'::timestamptz"
        let rows = try await db.client.query(PostgresQuery(unsafeSQL: """
            WITH acts AS (
                SELECT a.member_id, i.created_at AS at, 'c' AS kind FROM ideas i JOIN idea_authors a ON a.idea_id = i.id
                WHERE i.community_id = \(c) AND i.state <> 'draft'
                UNION ALL SELECT author_id, created_at, 'c' FROM comments WHERE community_id = \(c)
                UNION ALL SELECT r.member_id, w.starts_at, 'c' FROM workshop_registrations r JOIN workshops w ON w.id = r.workshop_id
                    WHERE w.community_id = \(c) AND r.status = 'registered' AND r.attended IS NOT FALSE AND w.starts_at <= \(at)
                UNION ALL SELECT r.member_id, r.registered_at, 's' FROM workshop_registrations r JOIN workshops w ON w.id = r.workshop_id
                    WHERE w.community_id = \(c)
                UNION ALL SELECT member_id, created_at, 's' FROM supports WHERE community_id = \(c)
                UNION ALL SELECT s.member_id, s.signed_in_at, 's' FROM member_signins s
                UNION ALL SELECT a.member_id, e.created_at, 'l' FROM idea_events e JOIN idea_authors a ON a.idea_id = e.idea_id
                    WHERE e.community_id = \(c) AND e.to_state = 'selected'
                UNION ALL SELECT f.member_id, w.starts_at, 'l' FROM workshop_facilitators f JOIN workshops w ON w.id = f.workshop_id
                    WHERE w.community_id = \(c) AND w.starts_at <= \(at)),
            per AS (
                SELECT ms.member_id, ms.role, ms.joined_at,
                       max(a.at) FILTER (WHERE a.kind = 'c') AS last_c,
                       max(a.at) FILTER (WHERE a.kind = 'l') AS last_l,
                       max(a.at) AS last_any,
                       bool_or(a.kind = 'c' AND a.at >= \(start(0))) AS has0,
                       count(DISTINCT date_trunc('month', a.at, 'UTC')) FILTER (WHERE a.kind = 'c' AND a.at >= \(start(2))) AS in012,
                       count(DISTINCT date_trunc('month', a.at, 'UTC')) FILTER (WHERE a.kind = 'c' AND a.at >= \(start(3))
                                                                                  AND a.at < \(start(0))) AS in123
                FROM memberships ms LEFT JOIN acts a ON a.member_id = ms.member_id AND a.at <= \(at)
                WHERE ms.community_id = \(c) AND ms.status = 'active'
                GROUP BY ms.member_id, ms.role, ms.joined_at)
            SELECT member_id, CASE
                WHEN (CASE WHEN has0 THEN in012 = 3 ELSE in123 = 3 END) AND (role = 'steward' OR last_l >= \(start(5)))
                    THEN 'core'
                WHEN last_c >= \(at) - interval '90 days' THEN 'active'
                WHEN greatest(last_any, joined_at) < \(at) - interval '180 days' THEN 'inactive'
                ELSE 'peripheral' END
            FROM per
            """), logger: db.logger)
        var levels: [Int64: ParticipationLevel] = [:]
        for try await (id, level) in rows.decode((Int64, String).self) { levels[id] = ParticipationLevel(rawValue: level) }
        return levels
    }
}
