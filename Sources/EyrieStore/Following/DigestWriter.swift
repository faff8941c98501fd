import EyrieCore
import Foundation
import PostgresNIO

/// Writes the digests that are due into the outbox, a batch of members per transaction: each member's row is
/// locked (`FOR NO KEY UPDATE SKIP LOCKED`, so two writers share the work), the notifications since their last digest
/// become one message, and their watermark and next due time move on in the same transaction: a digest is written
/// once, even when writers run at once or one dies halfway.
public struct DigestWriter: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// `site`: the address links start with; returns how many digests it wrote.
    /// Each digest is written in its member's language (`voices`).
    public func write(now: Date = Date(), site: String, links: UnsubscribeLink, batch: Int = 1000,
                      voices: Voices = .english) async throws -> Int {
        var written = 0
        while true {
            let (members, messages) = try await writeBatch(now: now, site: site, links: links, batch: batch, voices: voices)
            written += messages
            if members < batch { return written }
        }
    }

    struct Due {
        var id: Int64; var email: String; var name: String; var frequency: DigestFrequency; var through: Int64
        var language: String?
    }

    func writeBatch(now: Date, site: String, links: UnsubscribeLink, batch: Int, voices: Voices) async throws -> (Int, Int) {
        let logger = db.logger
        return try await db.transaction { connection in
            let rows = try await connection.query("""
                SELECT id, email::text, name, digest, digest_through, language FROM members
                WHERE digest <> 'never' AND digest_due_at <= \(now) AND password_hash <> '!imported'
                ORDER BY digest_due_at, id LIMIT \(batch) FOR NO KEY UPDATE SKIP LOCKED
                """, logger: logger)
            var due: [Due] = []
            for try await (id, email, name, digest, through, language) in rows.decode(
                (Int64, String, String, String, Int64, String?).self) {
                due.append(Due(id: id, email: email, name: name, frequency: DigestFrequency(rawValue: digest) ?? .weekly,
                               through: through, language: language))
            }
            guard !due.isEmpty else { return (0, 0) }
            let items = try await connection.query("""
                SELECT m.id, n.id, n.body, n.phrase::text, n.link, n.created_at, t.total, t.latest
                FROM unnest(\(due.map(\.id))::int8[], \(due.map(\.through))::int8[]) AS m(id, through)
                CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE read_at IS NULL AND id > m.through) AS total,
                                           coalesce(max(id), m.through) AS latest
                                    FROM notifications WHERE member_id = m.id) t
                LEFT JOIN LATERAL (SELECT id, body, phrase, link, created_at FROM notifications
                                   WHERE member_id = m.id AND id > m.through AND read_at IS NULL
                                   ORDER BY id DESC LIMIT \(Digest.most)) n ON true
                """, logger: logger)
            var lists: [Int64: [Digest.Item]] = [:], totals: [Int64: Int] = [:], latest: [Int64: Int64] = [:]
            for try await (member, _, body, phrase, link, at, total, last) in items.decode(
                (Int64, Int64?, String?, String?, String?, Date?, Int64, Int64).self) {
                totals[member] = Int(total)
                latest[member] = last
                if let body, let link, let at { lists[member, default: []].append(.init(body: .stored(phrase, else: body), link: link, at: at)) }
            }
            var ids: [Int64] = [], recipients: [String] = [], subjects: [String] = [], bodies: [String] = [], stops: [String] = []
            for member in due {
                let stop = "\(site)/unsubscribe/\(links.token(memberID: member.id))"
                guard let digest = Digest.compose(name: member.name, frequency: member.frequency,
                                                  items: lists[member.id] ?? [], total: totals[member.id], site: site,
                                                  unsubscribe: stop, language: member.language, voices: voices) else { continue }
                ids.append(member.id)
                recipients.append(member.email)
                subjects.append(digest.subject)
                bodies.append(digest.text)
                stops.append(stop)
            }
            if !ids.isEmpty {
                try await connection.query("""
                    INSERT INTO outbox (member_id, kind, recipient, subject, body, unsubscribe)
                    SELECT id, 'digest', r, s, b, u
                    FROM unnest(\(ids)::int8[], \(recipients)::text[], \(subjects)::text[], \(bodies)::text[], \(stops)::text[])
                         AS x(id, r, s, b, u)
                    """, logger: logger)
            }
            try await connection.query("""
                UPDATE members m SET digest_through = x.through,
                       digest_due_at = \(now) + CASE WHEN m.digest = 'daily' THEN interval '1 day' ELSE interval '7 days' END
                FROM unnest(\(due.map(\.id))::int8[], \(due.map { latest[$0.id] ?? $0.through })::int8[]) AS x(id, through)
                WHERE m.id = x.id
                """, logger: logger)
            return (due.count, ids.count)
        }
    }
}
