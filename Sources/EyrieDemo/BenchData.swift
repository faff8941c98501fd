import EyrieCore
import EyrieStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// Generates benchmark data with COPY: one open community, one "big" challenge (the one the benchmark hits, with
/// `bigChallengeIdeas` ideas and all the pairwise votes) and the other ideas spread over 50 more challenges.
public struct BenchData: Sendable {
    public struct Tier: Sendable {
        public var name: String
        public var members: Int
        public var ideas: Int
        public var supports: Int
        public var pairwiseVotes: Int
        public var bigChallengeIdeas: Int

        public static let realistic = Tier(name: "realistic", members: 20_000, ideas: 20_000, supports: 500_000,
                                           pairwiseVotes: 1_000_000, bigChallengeIdeas: 2_000)
        public static let stress = Tier(name: "stress", members: 100_000, ideas: 1_000_000, supports: 10_000_000,
                                        pairwiseVotes: 500_000, bigChallengeIdeas: 2_000)
        public static let tiny = Tier(name: "tiny", members: 500, ideas: 2_000, supports: 20_000, pairwiseVotes: 20_000,
                                      bigChallengeIdeas: 300)
    }

    let db: Database

    public init(db: Database) { self.db = db }

    /// Loads the tier into an empty, migrated database; returns the big challenge's id (always 1).
    public func load(_ tier: Tier, passwordHash: String, log: @Sendable (String) -> Void) async throws {
        let logger = db.logger
        var random = SplitMix64(seed: 7)
        let challenges = 51
        try await db.client.withConnection { connection in
            try await connection.query("""
                INSERT INTO organisations (id, name, slug)
                SELECT g, 'Organisation ' || g, 'organisation-' || g FROM generate_series(1, 10) g
                """, logger: logger)
            log("members")
            try await copy(connection, table: "members", columns: ["id", "email", "name", "password_hash", "organisation_id"],
                           rows: tier.members) { i, out in
                out.append("\(i + 1)\tmember\(i + 1)@bench.example\tMember \(i + 1)\t\(passwordHash)\t\(i % 10 + 1)\n")
            }
            try await connection.query("""
                INSERT INTO communities (id, slug, name, domain, visibility, invite_code)
                VALUES (1, 'bench', 'Bench community', 'Benchmark data for Eyrie.', 'open', 'bench')
                """, logger: logger)
            log("memberships")
            try await copy(connection, table: "memberships", columns: ["community_id", "member_id", "role", "status"],
                           rows: tier.members) { i, out in
                out.append("1\t\(i + 1)\t\(i == 0 ? "steward" : "member")\tactive\n")
            }
            try await connection.query("""
                INSERT INTO challenges (id, community_id, title, problem, question, sponsor_id, opens_at, voting_at,
                                        review_at, closes_at, phase_override, created_by)
                SELECT g, 1, 'Challenge ' || g, 'A problem statement for benchmark challenge ' || g || '.',
                       'How might we measure challenge ' || g || '?', 1, now() - interval '30 days',
                       now() - interval '1 day', now() + interval '30 days', now() + interval '60 days', 'voting', 1
                FROM generate_series(1, \(challenges)) g
                """, logger: logger)
            try await connection.query("""
                INSERT INTO voting_settings (challenge_id, community_id, supports, pairwise, dots, results_published)
                SELECT g, 1, true, g = 1, g = 1, true FROM generate_series(1, \(challenges)) g
                """, logger: logger)
            log("ideas")
            // The challenge counts are filled in one pass at the end instead of one trigger call per row.
            try await connection.query("ALTER TABLE ideas DISABLE TRIGGER ideas_challenge_counts", logger: logger)
            let words = ["onboarding", "service", "customer", "faster", "digital", "field", "support", "energy", "waste",
                         "community", "design", "pilot", "forms", "visits", "carbon", "app", "training", "data"]
            try await copy(connection, table: "ideas",
                           columns: ["id", "community_id", "challenge_id", "author_id", "title", "summary", "body", "tags",
                                     "state", "submission_key"],
                           rows: tier.ideas) { i, out in
                let challenge = i < tier.bigChallengeIdeas ? 1 : 2 + (i % (challenges - 1))
                let a = words[i % words.count], b = words[(i / 7) % words.count], c = words[(i / 31) % words.count]
                let author = i % tier.members + 1
                out.append("\(i + 1)\t1\t\(challenge)\t\(author)\tIdea \(i + 1): \(a) \(b) \(c)\t"
                    + "Make \(a) \(b) better for \(c).\tA longer description about \(a), \(b) and \(c).\t{\(a),\(b)}\t"
                    + "submitted\tbench-\(i + 1)\n")
            }
            log("idea authors")
            try await copy(connection, table: "idea_authors", columns: ["idea_id", "member_id", "community_id", "position"],
                           rows: tier.ideas) { i, out in
                out.append("\(i + 1)\t\(i % tier.members + 1)\t1\t0\n")
            }
            log("supports")
            // Each member supports a run of ideas spaced by a step coprime with the idea count: no pair repeats.
            let perMember = max(tier.supports / tier.members, 1)
            let step = Self.coprimeStep(tier.ideas)
            try await copy(connection, table: "supports", columns: ["idea_id", "member_id", "community_id"],
                           rows: perMember * tier.members) { n, out in
                let member = n / perMember, j = n % perMember
                let idea = (member * 7919 + j * step) % tier.ideas
                out.append("\(idea + 1)\t\(member + 1)\t1\n")
            }
            log("pairwise votes")
            let big = tier.bigChallengeIdeas
            let strength = (0..<big).map { _ in Double(1 + random.next(50)) }
            var outcomes: [(Int, Int, Bool)] = []
            outcomes.reserveCapacity(tier.pairwiseVotes)
            for _ in 0..<tier.pairwiseVotes {
                let a = random.next(big)
                var b = random.next(big - 1)
                if b >= a { b += 1 }
                outcomes.append((a, b, Double(random.next(1000)) / 1000 < strength[a] / (strength[a] + strength[b])))
            }
            let votes = outcomes
            try await copy(connection, table: "pairwise_votes",
                           columns: ["challenge_id", "community_id", "member_id", "left_id", "right_id", "choice"],
                           rows: votes.count) { n, out in
                let (a, b, left) = votes[n]
                out.append("1\t1\t\(n % tier.members + 1)\t\(a + 1)\t\(b + 1)\t\(left ? "left" : "right")\n")
            }
            log("counters and statistics")
            for statement in [
                "UPDATE ideas i SET support_count = s.n FROM (SELECT idea_id, count(*) n FROM supports GROUP BY idea_id) s WHERE s.idea_id = i.id",
                // each member's spent supports per challenge, as supporting one at a time keeps them (`eyrie check`)
                """
                INSERT INTO support_budgets (challenge_id, member_id, community_id, spent, budget)
                SELECT i.challenge_id, s.member_id, i.community_id, count(*), max(vs.support_budget)
                FROM supports s JOIN ideas i ON i.id = s.idea_id LEFT JOIN voting_settings vs ON vs.challenge_id = i.challenge_id
                GROUP BY i.challenge_id, s.member_id, i.community_id
                """,
                """
                UPDATE ideas i SET comparison_count = v.n FROM (
                    SELECT id, count(*) n FROM (SELECT left_id id FROM pairwise_votes UNION ALL SELECT right_id FROM pairwise_votes) x
                    GROUP BY id) v WHERE v.id = i.id
                """,
                "ALTER TABLE ideas ENABLE TRIGGER ideas_challenge_counts",
                "SELECT recount_challenge_ideas()",
                "SELECT setval('members_id_seq', (SELECT max(id) FROM members))",
                "SELECT setval('ideas_id_seq', (SELECT max(id) FROM ideas))",
                "SELECT setval('organisations_id_seq', 10)", "SELECT setval('communities_id_seq', 1)",
                "SELECT setval('challenges_id_seq', \(challenges))",
                "VACUUM (ANALYZE)",
            ] {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
        }
    }

    /// Writes `rows` rows produced by `line` into `table` with COPY, in 256 KiB chunks.
    private func copy(_ connection: PostgresConnection, table: String, columns: [String], rows: Int,
                      line: @Sendable (Int, inout String) -> Void) async throws {
        try await connection.copyFrom(table: table, columns: columns, logger: db.logger) { writer in
            var chunk = ""
            chunk.reserveCapacity(300_000)
            for i in 0..<rows {
                line(i, &chunk)
                if chunk.utf8.count > 262_144 {
                    try await writer.write(ByteBuffer(string: chunk))
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            if !chunk.isEmpty { try await writer.write(ByteBuffer(string: chunk)) }
        }
    }

    static func coprimeStep(_ n: Int) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        var step = max(n / 3, 1) | 1
        while gcd(step, n) != 1 { step += 2 }
        return step
    }

    /// Sessions for the first `count` members with predictable tokens (`bench-session-N`, CSRF `bench-csrf-N`), so
    /// that pgbench can reach the same rows (`sha256(convert_to('bench-session-' || n, 'UTF8'))`) as the HTTP load.
    /// Returns lines of "cookie-token csrf-token member-id".
    public func sessions(count: Int) async throws -> [String] {
        var lines: [String] = []
        for member in 1...count {
            let (token, csrf) = ("bench-session-\(member)", "bench-csrf-\(member)")
            try await db.client.query("""
                INSERT INTO sessions (token_hash, member_id, csrf_token, expires_at)
                VALUES (\(Token.hash(token)), \(Int64(member)), \(csrf), now() + interval '7 days')
                ON CONFLICT (token_hash) DO NOTHING
                """, logger: db.logger)
            lines.append("\(token) \(csrf) \(member)")
        }
        return lines
    }
}
