import EyrieCore
import Foundation
import PostgresNIO

/// Stewards' nudges: a personal message to members, in the app and by e-mail (unless they opted out), at most one
/// per member per community in `NudgeDraft.quietDays`.
///
/// Locks: the chosen members' memberships in the community, `FOR NO KEY UPDATE`, in member id order (a level of its
/// own, after everything in `Database`'s order; nothing else locks a membership row while holding another lock), so
/// that two stewards nudging the same member at once send one nudge; then the nudges, notifications and outbox rows,
/// insert-only.
public struct NudgeRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Outcome: Sendable, Equatable {
        /// Members nudged now.
        public var sent: [Int64]
        /// Members nudged in the last 30 days already (or no longer in the community): left alone.
        public var skipped: [Int64]
    }

    /// Each e-mail is written in its recipient's language (`voices`).
    public func send(_ draft: NudgeDraft, communityID: Int64, stewardID: Int64, site: String,
                     links: UnsubscribeLink, voices: Voices = .english) async throws -> Outcome {
        let logger = db.logger
        return try await db.transaction { connection in
            let locked = try await connection.query("""
                SELECT ms.member_id FROM memberships ms
                WHERE ms.community_id = \(communityID) AND ms.member_id = ANY(\(draft.memberIDs)) AND ms.status = 'active'
                ORDER BY ms.member_id FOR NO KEY UPDATE
                """, logger: logger)
            var members: [Int64] = []
            for try await id in locked.decode(Int64.self) { members.append(id) }
            let recent = try await connection.query("""
                SELECT DISTINCT member_id FROM nudges
                WHERE community_id = \(communityID) AND member_id = ANY(\(members))
                  AND sent_at > now() - make_interval(days => \(NudgeDraft.quietDays)::int)
                """, logger: logger)
            var quiet: Set<Int64> = []
            for try await id in recent.decode(Int64.self) { quiet.insert(id) }
            let chosen = members.filter { !quiet.contains($0) }
            let skipped = draft.memberIDs.filter { !chosen.contains($0) }
            guard !chosen.isEmpty else { return Outcome(sent: [], skipped: skipped) }
            let info = try await connection.query("""
                SELECT (SELECT name FROM members WHERE id = \(stewardID)), name, slug FROM communities WHERE id = \(communityID)
                """, logger: logger)
            var steward = "A steward", community = "", slug = ""
            for try await (s, c, g) in info.decode((String?, String, String).self) { (steward, community, slug) = (s ?? steward, c, g) }
            let link = draft.link.isEmpty ? "/communities/\(slug)" : draft.link
            try await connection.query("""
                INSERT INTO nudges (community_id, member_id, sent_by, message, link)
                SELECT \(communityID), id, \(stewardID), \(draft.message), \(draft.link) FROM unnest(\(chosen)::int8[]) AS x(id)
                """, logger: logger)
            // Only names and the steward's own words: the same in every language.
            let told = Phrase("{steward} ({community}): {message}",
                              ["steward": steward, "community": community, "message": String(draft.message.prefix(200))])
            try await connection.query("""
                INSERT INTO notifications (member_id, community_id, kind, body, phrase, link)
                SELECT id, \(communityID), 'nudge', \(told.description), \(told.stored)::jsonb, \(link)
                FROM unnest(\(chosen)::int8[]) AS x(id)
                """, logger: logger)
            let people = try await connection.query("""
                SELECT id, email::text, name, language FROM members
                WHERE id = ANY(\(chosen)) AND NOT mail_opt_out AND password_hash <> '!imported' ORDER BY id
                """, logger: logger)
            for try await (id, email, name, language) in people.decode((Int64, String, String, String?).self) {
                func say(_ phrase: Phrase) -> String { voices.say(phrase, in: language) }
                let stop = "\(site)/unsubscribe/\(links.token(memberID: id))"
                let body = [say("Hello \("name", name),"), "",
                            say("\("steward", steward), a steward of \("community", community), writes:"), "",
                            draft.message, "", "\(site)\(link)", "",
                            say("Stop e-mails from Eyrie with one click: \("link", stop)")].joined(separator: "\n")
                try await Outbox.enqueue(connection, memberID: id, kind: "nudge", recipient: email,
                                         subject: say("A message from \("steward", steward) of \("community", community)"),
                                         body: body, unsubscribe: stop, logger: logger)
            }
            return Outcome(sent: chosen, skipped: skipped)
        }
    }
}
