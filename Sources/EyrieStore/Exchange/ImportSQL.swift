import EyrieCore

/// The statements of an import, made from the format and `ExchangeTable`'s constants. The file's rows are first
/// copied into temporary staging tables (`x_<entity>`: every field as text, the row number, the external id and, once
/// resolved, the row it maps to); these statements check references between them and write them. `$1` is the
/// community, `$2` this instance's origin.
enum ImportSQL {
    static func staging(_ entity: ExchangeEntity) -> String { "x_" + entity.name }

    /// Rows with ids are updated once they are mapped or given an id: their pages are left half empty, so that the
    /// new versions fit beside the old (heap-only updates, with nothing to add to the index on `ext`).
    static func createStaging(_ entity: ExchangeEntity) -> String {
        let fields = entity.fields.map { "\(quoted($0.name)) text" }.joined(separator: ", ")
        return """
            CREATE TEMP TABLE \(staging(entity)) (row_no int NOT NULL, ext text, \(fields),
                row_id bigint, fresh boolean NOT NULL DEFAULT false)\(entity.idKind == nil ? "" : " WITH (fillfactor = 50)")
                ON COMMIT DROP
            """
    }

    /// The columns COPY fills (PostgresNIO quotes them).
    static func stagingColumns(_ entity: ExchangeEntity) -> [String] { ["row_no", "ext"] + entity.fields.map(\.name) }

    /// Rows of `entity` naming a row of `field`'s entity that the file does not hold: `(row_no, value)`.
    static func danglingReferences(_ entity: ExchangeEntity, _ field: ExchangeField) -> String? {
        let column = "s.\(quoted(field.name))"
        switch field.kind {
        case .ref(let target):
            return """
                SELECT s.row_no, \(column) FROM \(staging(entity)) s WHERE \(column) IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM x_\(target) r WHERE r.ext = \(column)) ORDER BY s.row_no LIMIT 20
                """
        case .boardItem:
            return """
                SELECT s.row_no, \(column) FROM \(staging(entity)) s WHERE \(column) IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM x_board_notes r WHERE 'note:' || r.ext = \(column)) AND NOT EXISTS
                (SELECT 1 FROM x_board_clusters r WHERE 'cluster:' || r.ext = \(column)) ORDER BY s.row_no LIMIT 20
                """
        default:
            return nil
        }
    }

    static func duplicateIDs(_ entity: ExchangeEntity) -> String {
        """
        SELECT max(s.row_no), s.ext FROM \(staging(entity)) s GROUP BY s.ext HAVING count(*) > 1
        ORDER BY 1 LIMIT 20
        """
    }

    /// Maps rows already imported into this community to the rows they made.
    static func mapKnown(_ entity: ExchangeEntity) -> String {
        """
        UPDATE \(staging(entity)) s SET row_id = k.row_id FROM exchange_keys k
        WHERE k.community_id = $1 AND k.entity = '\(entity.name)' AND k.external_id = s.ext
        """
    }

    /// Ids this instance made itself (`<origin>/<kind>/<n>`): the number of the row.
    static func ownNumber(_ entity: ExchangeEntity) -> String {
        "(CASE WHEN s.ext ~ ('^' || $2 || '/\(entity.idKind ?? "")/[0-9]{1,18}$') THEN split_part(s.ext, '/', 3)::int8 END)"
    }

    /// Own ids of rows in this community (a re-import of its own export) map to those rows.
    static func mapOwn(_ table: ExchangeTable) -> String {
        """
        UPDATE \(staging(table.entity)) s SET row_id = t.id FROM (SELECT t.id \(table.scope)) t
        WHERE s.row_id IS NULL AND t.id = \(ownNumber(table.entity))
        """
    }

    /// Own ids of rows that belong to another community: refused.
    static func foreignRows(_ table: ExchangeTable) -> String {
        """
        SELECT s.row_no, s.ext FROM \(staging(table.entity)) s JOIN \(table.table) t ON t.id = \(ownNumber(table.entity))
        WHERE s.row_id IS NULL ORDER BY s.row_no LIMIT 20
        """
    }

    /// People and organisations: this instance's own, then the same e-mail address or the same name.
    static func mapShared(_ entity: ExchangeEntity) -> [String] {
        let own = """
            UPDATE \(staging(entity)) s SET row_id = t.id FROM \(entity.name) t
            WHERE s.row_id IS NULL AND t.id = \(ownNumber(entity))
            """
        if entity.name == "members" {
            return [own, """
                UPDATE x_members s SET row_id = t.id FROM members t
                WHERE s.row_id IS NULL AND s.email IS NOT NULL AND t.email = s.email::citext
                """]
        }
        return [own, """
            UPDATE x_organisations s SET row_id = t.id
            FROM (SELECT DISTINCT ON (lower(name)) id, lower(name) AS name FROM organisations ORDER BY lower(name), id) t
            WHERE s.row_id IS NULL AND t.name = lower(s.name)
            """]
    }

    /// New rows take ids in the order of the file, so that an export of the import lists them in the same order.
    /// The sequence is looked up once (an init plan), not once a row, and rows are matched by where they are in
    /// the staging table (a JSON file on one line gives every row the same line number).
    static func allocate(_ table: ExchangeTable) -> String {
        """
        UPDATE \(staging(table.entity)) s SET row_id = n.id, fresh = true FROM (
            SELECT t, nextval((SELECT pg_get_serial_sequence('\(table.table)', 'id'))::regclass) AS id
            FROM (SELECT ctid AS t FROM \(staging(table.entity)) WHERE row_id IS NULL ORDER BY row_no, ext) o) n
        WHERE s.ctid = n.t
        """
    }

    /// Keys of the rows this import made (or, for people and organisations, found). New rows' external ids cannot
    /// be known yet: `mapKnown` would have matched them, and the community's row, locked for the whole import, keeps
    /// a second import of it waiting; so they are inserted without a conflict check.
    static func recordKeys(_ entity: ExchangeEntity, ownToo: Bool) -> String {
        let which = ownToo ? "s.row_id IS NOT NULL" : "s.fresh"
        return """
            INSERT INTO exchange_keys (community_id, entity, external_id, row_id)
            SELECT $1, '\(entity.name)', s.ext, s.row_id FROM \(staging(entity)) s
            WHERE \(which) AND s.ext NOT LIKE $2 || '/%' ORDER BY s.row_no\(ownToo ? " ON CONFLICT DO NOTHING" : "")
            """
    }

    /// The staged rows with each reference resolved (`r_<field>`), as a subquery named `s`.
    static func resolved(_ entity: ExchangeEntity) -> String {
        var columns = ["s.*"]
        var joins: [String] = []
        for (n, field) in entity.fields.enumerated() {
            guard case .ref(let target) = field.kind else { continue }
            joins.append("LEFT JOIN x_\(target) j\(n) ON j\(n).ext = s.\(quoted(field.name))")
            columns.append("j\(n).row_id AS r_\(field.name)")
        }
        return "(SELECT \(columns.joined(separator: ", ")) FROM \(staging(entity)) s \(joins.joined(separator: " "))) s"
    }

    /// A staged field as the column's type.
    static func value(_ field: ExchangeField) -> String {
        let s = "s.\(quoted(field.name))"
        switch field.kind {
        case .text, .oneOf: return s
        case .integer: return "\(s)::int8"
        case .number: return "\(s)::float8"
        case .boolean: return "\(s)::boolean"
        case .time: return "\(s)::timestamptz"
        case .day: return "\(s)::date"
        case .texts: return "ARRAY(SELECT json_array_elements_text(\(s)::json))"
        case .numbers: return "ARRAY(SELECT json_array_elements_text(\(s)::json)::float8)"
        case .integers: return "ARRAY(SELECT json_array_elements_text(\(s)::json)::int2)"
        case .ref: return "s.r_\(field.name)"
        case .bytes: return "decode(\(s), 'base64')"
        case .boardItem:
            return """
                (CASE WHEN \(s) LIKE 'note:%' THEN 'note-' || (SELECT r.row_id FROM x_board_notes r WHERE r.ext = substr(\(s), 6))
                      WHEN \(s) LIKE 'cluster:%' THEN 'cluster-' || (SELECT r.row_id FROM x_board_clusters r WHERE r.ext = substr(\(s), 9)) END)
                """
        }
    }

    /// Writes the new rows (with ids) or, for rows named by their references, every row not there yet; returns the
    /// count written.
    static func insert(_ table: ExchangeTable, hasCommunity: Bool) -> String {
        let entity = table.entity
        let written = entity.fields.filter { !$0.afterwards }
        var columns = written.map { quoted($0.column) }
        var values = written.map(value)
        if entity.idKind != nil {
            columns.insert("id", at: 0)
            values.insert("s.row_id", at: 0)
        }
        if hasCommunity {
            columns.append("community_id")
            values.append("$1")
        }
        for (column, sql) in table.derived {
            columns.append(quoted(column))
            values.append(sql)
        }
        if entity.name == "members" {
            columns += ["password_hash"]
            values += ["'\(InvitationRepository.importedPassword)'"]
            if let email = columns.firstIndex(of: quoted("email")) {
                values[email] = "coalesce(s.email, 'imported-' || $1 || '-' || s.row_id || '@members.invalid')"
            }
        }
        if entity.name == "organisations" {
            columns.append("slug")
            values.append("""
                CASE WHEN s.slug = '' OR s.taken OR s.nth > 1 THEN coalesce(nullif(s.slug, ''), 'organisation') || '-' || s.row_id
                     ELSE s.slug END
                """)
        }
        let source = entity.name == "organisations" ? organisationSource : resolved(entity)
        let filter = entity.idKind != nil ? "WHERE s.fresh" : ""
        let conflict = entity.idKind != nil ? "" : "ON CONFLICT DO NOTHING"
        // Rows with ids take them in the file's order already; of the others only registrations keep an order (the
        // waiting list's numbers): sorting ten million supports for nothing is skipped.
        let order = entity.idKind != nil || entity.name == "workshop_registrations" ? "ORDER BY s.row_no" : ""
        return """
            WITH written AS (INSERT INTO \(table.table) (\(columns.joined(separator: ", ")))
            SELECT \(values.joined(separator: ", ")) FROM \(source) \(filter) \(order) \(conflict) RETURNING 1)
            SELECT count(*) FROM written
            """
    }

    /// New organisations' slugs: the name's, unless taken (then with the id after it).
    private static let organisationSource = """
        (SELECT s.*, count(*) OVER (PARTITION BY s.slug ORDER BY s.row_no) AS nth,
                EXISTS (SELECT 1 FROM organisations o WHERE o.slug = s.slug) AS taken
         FROM (SELECT s.*, trim(both '-' from left(regexp_replace(lower(s.name), '[^a-z0-9]+', '-', 'g'), 60)) AS slug
               FROM x_organisations s WHERE s.fresh) s) s
        """

    /// Brings rows imported before (or this community's own) up to the file; returns how many changed.
    static func update(_ table: ExchangeTable) -> String {
        let fields = table.entity.fields.filter { !$0.afterwards }
        let columns = fields.map { quoted($0.column) }.joined(separator: ", ")
        let current = fields.map { "t.\(quoted($0.column))" }.joined(separator: ", ")
        let values = fields.map { $0.keptWhenAbsent ? "coalesce(\(value($0)), t.\(quoted($0.column)))" : value($0) }
            .joined(separator: ", ")
        return """
            WITH changed AS (UPDATE \(table.table) t SET (\(columns)) = ROW(\(values)) FROM \(resolved(table.entity))
            WHERE t.id = s.row_id AND NOT s.fresh AND ROW(\(current)) IS DISTINCT FROM ROW(\(values)) RETURNING 1)
            SELECT count(*) FROM changed
            """
    }

    /// References to rows of entities written later (a discussion's accepted reply), set once every entity is
    /// written: on the rows this import wrote or updated.
    static func afterwards(_ table: ExchangeTable) -> [String] {
        table.entity.fields.compactMap { field in
            guard field.afterwards, case .ref(let target) = field.kind else { return nil }
            let column = quoted(field.column)
            return """
                UPDATE \(table.table) t SET \(column) = j.row_id FROM \(staging(table.entity)) s
                LEFT JOIN x_\(target) j ON j.ext = s.\(quoted(field.name))
                WHERE t.id = s.row_id AND t.\(column) IS DISTINCT FROM j.row_id
                """
        }
    }

    /// Each staged idea's votes and comments, counted from the staged rows before the ideas are written, so that new
    /// ideas are written once with their counters (an update afterwards would write every idea and its indexes again).
    static let stagedCounts = [
        """
        CREATE TEMP TABLE x_idea_counts ON COMMIT DROP AS
        SELECT idea AS ext, sum(supports)::int AS supports, sum(dots)::int AS dots, sum(comments)::int AS comments,
               sum(compared)::int AS compared
        FROM (SELECT idea, count(*) AS supports, 0 AS dots, 0 AS comments, 0 AS compared FROM x_supports GROUP BY idea
              UNION ALL SELECT idea, 0, sum("count"::int), 0, 0 FROM x_dots GROUP BY idea
              UNION ALL SELECT idea, 0, 0, count(*), 0 FROM x_comments WHERE hidden_reason IS NULL GROUP BY idea
              UNION ALL SELECT x, 0, 0, 0, count(*) FROM (SELECT "left" AS x FROM x_pairwise_votes WHERE choice <> 'skip'
                                                       UNION ALL SELECT "right" FROM x_pairwise_votes WHERE choice <> 'skip') v
                        GROUP BY x) c
        GROUP BY idea
        """,
        "CREATE UNIQUE INDEX ON x_idea_counts (ext)",
        "ANALYZE x_idea_counts",
    ]

    /// Counters kept in rows, recounted for the community after its rows came in.
    static let recount: [String] = [
        """
        UPDATE ideas i SET support_count = c.supports, dot_count = c.dots, comment_count = c.comments,
                           comparison_count = c.compared
        FROM (SELECT i.id, i.imported_supports + coalesce(s.n, 0) AS supports, coalesce(d.n, 0) AS dots,
                     coalesce(k.n, 0) AS comments, coalesce(p.n, 0) AS compared
              FROM ideas i
              LEFT JOIN (SELECT idea_id, count(*) AS n FROM supports WHERE community_id = $1 GROUP BY idea_id) s ON s.idea_id = i.id
              LEFT JOIN (SELECT idea_id, sum(count) AS n FROM dots WHERE community_id = $1 GROUP BY idea_id) d ON d.idea_id = i.id
              LEFT JOIN (SELECT idea_id, count(*) AS n FROM comments WHERE community_id = $1 AND hidden_reason IS NULL
                         GROUP BY idea_id) k ON k.idea_id = i.id
              LEFT JOIN (SELECT idea_id, count(*) AS n FROM (
                           SELECT left_id AS idea_id FROM pairwise_votes WHERE community_id = $1 AND choice <> 'skip'
                           UNION ALL SELECT right_id FROM pairwise_votes WHERE community_id = $1 AND choice <> 'skip') v
                         GROUP BY idea_id) p ON p.idea_id = i.id
              WHERE i.community_id = $1) c
        WHERE i.id = c.id AND (i.support_count, i.dot_count, i.comment_count, i.comparison_count)
              IS DISTINCT FROM (c.supports, c.dots, c.comments, c.compared)
        """,
        """
        INSERT INTO support_budgets (challenge_id, member_id, community_id, spent, budget)
        SELECT i.challenge_id, s.member_id, $1, count(*),
               CASE WHEN v.support_budget >= count(*) THEN v.support_budget END
        FROM supports s JOIN ideas i ON i.id = s.idea_id LEFT JOIN voting_settings v ON v.challenge_id = i.challenge_id
        WHERE s.community_id = $1 GROUP BY i.challenge_id, s.member_id, v.support_budget ORDER BY 1, 2
        ON CONFLICT (challenge_id, member_id) DO UPDATE SET spent = EXCLUDED.spent,
            budget = CASE WHEN support_budgets.budget >= EXCLUDED.spent THEN support_budgets.budget END
        """,
        """
        INSERT INTO dot_budgets (challenge_id, member_id, community_id, spent, budget)
        SELECT d.challenge_id, d.member_id, $1, sum(d.count), greatest(sum(d.count), coalesce(max(v.dots_per_member), 10))
        FROM dots d LEFT JOIN voting_settings v ON v.challenge_id = d.challenge_id
        WHERE d.community_id = $1 GROUP BY d.challenge_id, d.member_id ORDER BY 1, 2
        ON CONFLICT (challenge_id, member_id) DO UPDATE SET spent = EXCLUDED.spent,
            budget = greatest(dot_budgets.budget, EXCLUDED.spent)
        """,
        """
        INSERT INTO board_dot_budgets (activity_id, member_id, spent, budget)
        SELECT d.activity_id, d.member_id, sum(d.count), greatest(sum(d.count), max(a.dots_per_participant))
        FROM board_dots d JOIN workshop_activities a ON a.id = d.activity_id JOIN workshops w ON w.id = a.workshop_id
        WHERE w.community_id = $1 GROUP BY d.activity_id, d.member_id ORDER BY 1, 2
        ON CONFLICT (activity_id, member_id) DO UPDATE SET spent = EXCLUDED.spent,
            budget = greatest(board_dot_budgets.budget, EXCLUDED.spent)
        """,
        """
        UPDATE resources r SET useful_count = c.n
        FROM (SELECT r.id, count(u.member_id)::int AS n FROM resources r LEFT JOIN resource_useful u ON u.resource_id = r.id
              WHERE r.community_id = $1 GROUP BY r.id) c
        WHERE r.id = c.id AND r.useful_count <> c.n
        """,
        """
        UPDATE resources r SET attachment_names = c.names
        FROM (SELECT r.id, \(AttachmentRepository.namesSearched) AS names
              FROM resources r LEFT JOIN resource_attachments a ON a.resource_id = r.id
              WHERE r.community_id = $1 GROUP BY r.id) c
        WHERE r.id = c.id AND r.attachment_names <> c.names
        """,
        """
        INSERT INTO library_usage (community_id, bytes, files)
        SELECT $1, coalesce(sum(a.size), 0), count(a.id) FROM resources r JOIN resource_attachments a ON a.resource_id = r.id
        WHERE r.community_id = $1
        ON CONFLICT (community_id) DO UPDATE SET bytes = EXCLUDED.bytes, files = EXCLUDED.files
        """,
        """
        UPDATE threads t SET reply_count = c.n
        FROM (SELECT t.id, count(r.id) FILTER (WHERE r.hidden_reason IS NULL)::int AS n
              FROM threads t LEFT JOIN replies r ON r.thread_id = t.id WHERE t.community_id = $1 GROUP BY t.id) c
        WHERE t.id = c.id AND t.reply_count <> c.n
        """,
        """
        UPDATE workshops w SET seats_taken = r.seated, waiting = r.waiting
        FROM (SELECT w.id, count(g.*) FILTER (WHERE g.status = 'registered') AS seated,
                     count(g.*) FILTER (WHERE g.status = 'waiting') AS waiting
              FROM workshops w LEFT JOIN workshop_registrations g ON g.workshop_id = w.id
              WHERE w.community_id = $1 GROUP BY w.id) r
        WHERE w.id = r.id AND (w.seats_taken, w.waiting) IS DISTINCT FROM (r.seated, r.waiting)
        """,
    ]
}
