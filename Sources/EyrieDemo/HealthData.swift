import EyrieStore
import Foundation
import Logging
import PostgresNIO

/// Adds members with fourteen months of history to a community, set-based in SQL: used by the health tests (small),
/// the demo (a few dozen members) and `make bench` (100,000 members, 5M events). Members of a few organisations
/// (skewed: the first ones are bigger) join over eighteen months; each member is busy in a window of about four
/// months that ends now (the first tenth) or up to eight months ago, so that some are core, some active, some drifting and
/// some long gone; the busiest are the first members. Events are ideas (a quarter co-authored across
/// organisations), comments, supports and sign-ins, plus a few selected ideas and workshops attended together.
public struct HealthData: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Plan: Sendable {
        public var members: Int
        public var events: Int
        public var organisations: Int
        /// Unique within the database: names the organisations and members' addresses.
        public var tag: String
        /// Names for the organisations (else `Partner <tag> N`); people get first and last names when given.
        public var organisationNames: [String]?
        /// Challenges made for the ideas; with none, the ideas go to the community's existing challenges.
        public var challenges: Int

        public init(members: Int, events: Int, organisations: Int = 5, tag: String, organisationNames: [String]? = nil,
                    challenges: Int = 3) {
            self.challenges = challenges
            self.members = members
            self.events = events
            self.organisations = organisationNames?.count ?? organisations
            self.tag = tag
            self.organisationNames = organisationNames
        }
    }

    /// Adds the plan's people and activity to `communityID`; returns the new members' ids, busiest first.
    @discardableResult
    public func add(_ plan: Plan, communityID c: Int64, now: Date = Date(), seed: Double = 0.42) async throws -> [Int64] {
        let logger = db.logger
        let n = plan.members, e = plan.events, tag = plan.tag
        return try await db.transaction { connection in
            func run(_ sql: PostgresQuery) async throws { try await connection.query(sql, logger: logger) }
            for setting in ["statement_timeout = 0", "idle_in_transaction_session_timeout = 0", "eyrie.bulk = 'on'"] {
                try await run(PostgresQuery(unsafeSQL: "SET LOCAL \(setting)"))
            }
            try await run("SELECT setseed(\(seed))")
            try await run("""
                INSERT INTO organisations (name, slug)
                SELECT coalesce((\(plan.organisationNames ?? [])::text[])[g], 'Partner ' || \(tag) || ' ' || g),
                       'partner-' || lower(\(tag)) || '-' || g
                FROM generate_series(1, \(plan.organisations)) g
                """)
            try await run("""
                INSERT INTO members (email, name, password_hash, organisation_id)
                SELECT 'member' || x.g || '@' || lower(\(tag)) || '.example',
                       CASE WHEN \(plan.organisationNames != nil)
                            THEN (\(Self.first)::text[])[1 + x.g % \(Self.first.count)] || ' '
                                 || (\(Self.last)::text[])[1 + (x.g / \(Self.first.count)) % \(Self.last.count)]
                            ELSE 'Member ' || x.g || ' of ' || \(tag) END, '!', o.id
                FROM (SELECT g, 1 + floor(\(plan.organisations)::int * random() ^ 2)::int AS r
                      FROM generate_series(1, \(n)) g) x
                JOIN (SELECT id, row_number() OVER (ORDER BY id) AS r FROM organisations
                      WHERE slug LIKE 'partner-' || lower(\(tag)) || '-%') o ON o.r = x.r
                ORDER BY x.g
                """)
            // k: 1 for the busiest; their window of activity ends `ends` days ago (now for the first tenth) and lasts 120 days.
            try await run("""
                CREATE TEMP TABLE health_people ON COMMIT DROP AS
                SELECT row_number() OVER (ORDER BY id)::int AS k, id, organisation_id FROM members
                WHERE email LIKE '%@' || lower(\(tag)) || '.example'
                """)
            try await run("""
                ALTER TABLE health_people ADD COLUMN ends double precision, ADD COLUMN joined timestamptz
                """)
            try await run("""
                UPDATE health_people SET ends = CASE WHEN k <= \(max(n / 10, 1)) THEN 0 ELSE ((k * 37) % 13) * 20 END,
                    joined = \(now) - make_interval(days => CASE WHEN k % 20 = 7 THEN (random() * 60)::int
                                                               ELSE 150 + (random() * 400)::int END)
                """)
            try await run("CREATE UNIQUE INDEX ON health_people (k)")
            try await run("ANALYZE health_people")
            try await run("""
                INSERT INTO memberships (community_id, member_id, role, joined_at)
                SELECT \(c), id, CASE WHEN k <= 2 THEN 'steward' WHEN k <= 6 THEN 'facilitator' ELSE 'member' END, joined
                FROM health_people
                """)
            // One event: a member picked with a skew towards the busiest, at a time in their window after they joined.
            let pick = "1 + floor(\(n) * random() ^ 2)::int"
            let at = "'\(now.timeIntervalSince1970)'::float8"
            let when = "greatest(p.joined + interval '1 hour', to_timestamp(\(at) - (p.ends + random() * 120) * 86400))"
            try await run("""
                INSERT INTO challenges (community_id, title, problem, question, sponsor_id, opens_at, voting_at, review_at,
                                        closes_at, created_by, created_at)
                SELECT \(c), 'Challenge ' || g || ' of ' || \(tag), 'A problem the community works on.',
                       'How might we do better, part ' || g || '?', (SELECT organisation_id FROM health_people WHERE k = 1),
                       \(now) - interval '420 days', \(now) - interval '30 days', \(now) + interval '30 days',
                       \(now) + interval '60 days', (SELECT id FROM health_people WHERE k = 1), \(now) - interval '420 days'
                FROM generate_series(1, \(plan.challenges)) g
                """)
            try await run("""
                CREATE TEMP TABLE health_challenges ON COMMIT DROP AS
                SELECT row_number() OVER (ORDER BY id)::int - 1 AS j, id FROM challenges WHERE community_id = \(c)
                """)
            try await run("""
                INSERT INTO voting_settings (challenge_id, community_id)
                SELECT id, \(c) FROM challenges WHERE community_id = \(c) AND title LIKE '% of ' || \(tag)
                ON CONFLICT DO NOTHING
                """)
            try await run("""
                INSERT INTO ideas (community_id, challenge_id, author_id, title, summary, body, state, submission_key, created_at)
                SELECT \(c), (SELECT id FROM health_challenges
                             WHERE j = x.g % (SELECT count(*) FROM health_challenges)),
                       p.id, (\(Self.adjectives)::text[])[1 + g % \(Self.adjectives.count)] || ' '
                             || (\(Self.things)::text[])[1 + (g / \(Self.adjectives.count)) % \(Self.things.count)],
                       (\(Self.problems)::text[])[1 + (g / \(Self.adjectives.count)) % \(Self.things.count)] || ' '
                             || (\(Self.approaches)::text[])[1 + g % \(Self.adjectives.count)],
                       (\(Self.firstSteps)::text[])[1 + g % \(Self.firstSteps.count)] || ' '
                             || (\(Self.measures)::text[])[1 + (g / 7) % \(Self.measures.count)],
                       CASE WHEN g % 40 = 0 THEN 'selected' WHEN g % 9 = 0 THEN 'shortlisted' ELSE 'submitted' END,
                       \(tag) || '-' || g, \(unescaped: when)
                FROM (SELECT g, \(unescaped: pick) AS k FROM generate_series(1, greatest(\(e) / 25, 1)) g) x
                JOIN health_people p ON p.k = x.k
                """)
            try await run("""
                INSERT INTO idea_authors (idea_id, member_id, community_id, position)
                SELECT id, author_id, \(c), 0 FROM ideas WHERE community_id = \(c) AND submission_key LIKE \(tag) || '-%'
                """)
            try await run("""
                INSERT INTO idea_authors (idea_id, member_id, community_id, position)
                SELECT i.id, p.id, \(c), 1 FROM ideas i
                JOIN health_people p ON p.k = 1 + (i.id * 7919 % \(n))
                WHERE i.community_id = \(c) AND i.submission_key LIKE \(tag) || '-%' AND i.id % 4 = 0 AND p.id <> i.author_id
                """)
            try await run("""
                INSERT INTO idea_events (community_id, idea_id, actor_id, kind, from_state, to_state, created_at)
                SELECT \(c), id, (SELECT id FROM health_people WHERE k = 1), 'transition', 'in_design', 'selected',
                       least(created_at + interval '20 days', \(now))
                FROM ideas WHERE community_id = \(c) AND submission_key LIKE \(tag) || '-%' AND state = 'selected'
                """)
            try await run("""
                CREATE TEMP TABLE health_ideas ON COMMIT DROP AS
                SELECT row_number() OVER (ORDER BY id)::int AS j, id FROM ideas
                WHERE community_id = \(c) AND submission_key LIKE \(tag) || '-%'
                """)
            try await run("CREATE UNIQUE INDEX ON health_ideas (j)")
            let ideas = "(SELECT count(*) FROM health_ideas)"
            try await run("""
                INSERT INTO comments (community_id, idea_id, author_id, body, created_at)
                SELECT \(c), i.id, p.id, 'A comment on the idea.', \(unescaped: when)
                FROM (SELECT g, \(unescaped: pick) AS k, 1 + floor(random() * \(unescaped: ideas))::int AS j
                      FROM generate_series(1, \(e) * 16 / 100) g) x
                JOIN health_people p ON p.k = x.k JOIN health_ideas i ON i.j = x.j
                """)
            try await run("""
                INSERT INTO supports (idea_id, member_id, community_id, created_at)
                SELECT i.id, p.id, \(c), \(unescaped: when)
                FROM (SELECT g, \(unescaped: pick) AS k, 1 + floor(random() * \(unescaped: ideas))::int AS j
                      FROM generate_series(1, \(e) * 55 / 100) g) x
                JOIN health_people p ON p.k = x.k JOIN health_ideas i ON i.j = x.j
                -- authors do not support their own ideas (the communities' default)
                WHERE NOT EXISTS (SELECT 1 FROM idea_authors a WHERE a.idea_id = i.id AND a.member_id = p.id)
                ON CONFLICT DO NOTHING
                """)
            try await run("""
                INSERT INTO member_signins (member_id, signed_in_at)
                SELECT p.id, greatest(p.joined, to_timestamp(\(unescaped: at) - (p.ends + random() * 150) * 86400))
                FROM (SELECT g, 1 + floor(\(n) * random())::int AS k FROM generate_series(1, \(e) * 25 / 100) g) x
                JOIN health_people p ON p.k = x.k
                """)
            // Some members drift away this month: active when it began, their last contribution now just past the
            // 90 days (every contribution after a moment in that gap is moved back to it).
            try await run("""
                ALTER TABLE health_people ADD COLUMN drift_at timestamptz
                """)
            try await run("""
                UPDATE health_people SET drift_at = date_trunc('month', \(now), 'UTC') - interval '90 days'
                    + random() * (\(now) - date_trunc('month', \(now), 'UTC'))
                WHERE k % 17 = 5
                """)
            try await run("""
                UPDATE comments m SET created_at = p.drift_at FROM health_people p
                WHERE m.author_id = p.id AND p.drift_at IS NOT NULL AND m.created_at > p.drift_at AND m.community_id = \(c)
                """)
            try await run("""
                UPDATE ideas i SET created_at = p.drift_at FROM health_people p
                WHERE i.author_id = p.id AND p.drift_at IS NOT NULL AND i.created_at > p.drift_at AND i.community_id = \(c)
                """)
            try await run("""
                DELETE FROM idea_authors a USING health_people p, ideas i
                WHERE a.member_id = p.id AND p.drift_at IS NOT NULL AND a.position > 0 AND i.id = a.idea_id
                  AND i.created_at > p.drift_at AND a.community_id = \(c)
                """)
            // Workshops, one a month for the last five months, each attended by twelve members from all over.
            try await run("CREATE TEMP TABLE health_workshops (id bigint) ON COMMIT DROP")
            try await run("""
                WITH made AS (
                    INSERT INTO workshops (community_id, title, purpose, starts_at, ends_at, time_zone, capacity, state,
                                           created_by)
                    SELECT \(c), 'Partner co-design session ' || g, 'Work on the strongest ideas together.',
                           \(now) - make_interval(days => g * 30, hours => -6), \(now) - make_interval(days => g * 30, hours => -8),
                           'UTC', 30, 'closed', (SELECT id FROM health_people WHERE k = 3)
                    FROM generate_series(1, 5) g RETURNING id)
                INSERT INTO health_workshops SELECT id FROM made
                """)
            try await run("""
                INSERT INTO workshop_registrations (workshop_id, member_id, status, attended, registered_at)
                SELECT w.id, p.id, 'registered', true, w.starts_at - interval '7 days'
                FROM workshops w JOIN health_people p ON p.k IN (SELECT DISTINCT 1 + ((w.id * 31 + s * 97) % \(n))::int
                                                                 FROM generate_series(1, 12) s)
                WHERE w.id IN (SELECT id FROM health_workshops) AND (p.drift_at IS NULL OR w.starts_at < p.drift_at)
                ON CONFLICT DO NOTHING
                """)
            try await run("""
                UPDATE workshops w SET seats_taken = r.n FROM (
                    SELECT workshop_id, count(*) n FROM workshop_registrations WHERE status = 'registered' GROUP BY 1) r
                WHERE r.workshop_id = w.id AND w.id IN (SELECT id FROM health_workshops)
                """)
            try await run("""
                INSERT INTO workshop_facilitators (workshop_id, member_id)
                SELECT w.id, p.id FROM workshops w JOIN health_people p ON p.k BETWEEN 3 AND \(max(n / 20, 4)) AND p.k % 5 = w.id % 5
                WHERE w.id IN (SELECT id FROM health_workshops)
                """)
            try await run("""
                UPDATE ideas i SET support_count = coalesce(s.n, 0), comment_count = coalesce(m.n, 0)
                FROM health_ideas h
                LEFT JOIN (SELECT idea_id, count(*) n FROM supports WHERE community_id = \(c) GROUP BY 1) s ON s.idea_id = h.id
                LEFT JOIN (SELECT idea_id, count(*) n FROM comments WHERE community_id = \(c) GROUP BY 1) m ON m.idea_id = h.id
                WHERE i.id = h.id
                """)
            try await run("SELECT recount_community_ideas(\(c))")
            // The community is as old as its history.
            try await run("""
                UPDATE communities SET created_at = least(created_at, \(now) - interval '560 days') WHERE id = \(c)
                """)
            let rows = try await connection.query("SELECT id FROM health_people ORDER BY k", logger: logger)
            var ids: [Int64] = []
            for try await id in rows.decode(Int64.self) { ids.append(id) }
            return ids
        }
    }

    static let first = ["Alex", "Bianca", "Cyril", "Dalia", "Emeka", "Freya", "Gopal", "Helga", "Isaac", "Jun",
                        "Keira", "Luca", "Marta", "Nadia", "Oscar", "Priya", "Rafael", "Selma", "Tomas", "Ulla"]
    static let last = ["Andersen", "Bakker", "Costa", "Dubois", "Eze", "Fischer", "García", "Horvat", "Ivanova",
                       "Jensen", "Kowal", "Lindgren", "Moreno", "Nakamura"]
    /// Titles are unique for the first 12 × 16 ideas (the demo's stay under that: a pairwise survey never shows two
    /// ideas of the same name).
    static let adjectives = ["Simpler", "Faster", "Shared", "Kinder", "Clearer", "Earlier", "Joined-up", "Friendlier",
                             "Quieter", "Greener", "Smarter", "Cheaper"]
    static let things = ["sign-up forms", "field visits", "billing letters", "repair bookings", "callbacks",
                         "appointment reminders", "home visits", "complaint replies", "meter readings", "hand-overs",
                         "waiting rooms", "outage updates", "move-in checklists", "payment plans", "chat answers",
                         "site surveys"]
    /// What goes wrong today, one per thing above (in its order): with an approach per adjective, every idea's summary
    /// says what its title promises, and two ideas of a pairwise question can be told apart.
    static let problems = ["People give up halfway through our sign-up forms.", "Field visits often need a second trip.",
                           "Billing letters raise more questions than they answer.", "Booking a repair takes three calls.",
                           "Promised callbacks arrive late or not at all.",
                           "Missed appointments cost both sides a wasted morning.",
                           "Home visits start without the history of the case.", "Complaint replies read like form letters.",
                           "Estimated meter readings lead to surprise bills.",
                           "Cases lose details when they pass between teams.",
                           "Waiting rooms give no idea how long the wait will be.",
                           "During outages people hear nothing for hours.", "New tenants miss steps when they move in.",
                           "Payment plans are agreed by phone and then forgotten.",
                           "Chat answers send people back to the phone line.",
                           "Site surveys are written up days after the visit."]
    static let approaches = ["Cut every step people do not need and say plainly what comes next.",
                             "Answer within the day and show people where their request stands.",
                             "Let the partner organisations use one version instead of three.",
                             "Write and speak to people as neighbours, not case numbers.",
                             "Rewrite them with the people who receive them and test each draft.",
                             "Act before the problem reaches the person, not after they complain.",
                             "Give every team the same record so that no one asks twice.",
                             "Offer a named contact and a choice of channel.",
                             "Send fewer, better-timed messages that people actually read.",
                             "Save trips and paper by doing the routine parts remotely.",
                             "Use what we already know to prepare each contact.",
                             "Reuse what the partners already run instead of building something new."]
    static let firstSteps = ["We would start with a four-week pilot in one district.",
                             "The first step is to sit with ten customers and watch where they get stuck.",
                             "Two partner teams have offered to try it on their own cases first.",
                             "A paper prototype is ready to test at the next open day.",
                             "We can start by changing the wording and the order, with no new system.",
                             "The frontline staff who proposed it would run the first month themselves.",
                             "A small budget for a shared template would cover the first three months."]
    static let measures = ["Success means fewer repeat contacts within a month.",
                           "We would judge it by how many people finish without calling us.",
                           "We would count complaints before and after, per hundred cases.",
                           "The measure is time from first contact to a settled answer.",
                           "We would ask every tenth person how clear the next step was."]
}
