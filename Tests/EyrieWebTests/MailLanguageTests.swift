import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
@testable import EyrieWeb
import Testing

/// E-mails come in their recipient's language: the digest (subject with the language's plural form, greeting and
/// links' sentences) for a member who reads French, one who reads Arabic and one who never chose (English).
struct MailLanguageTests {
    @Test func digestsAreWrittenInEachRecipientsLanguage() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let (french, arabic, english) = (f.memberIDs[0], f.memberIDs[1], f.memberIDs[2])
            try await MemberRepository(db).setLanguage(memberID: french, language: "fr")
            try await MemberRepository(db).setLanguage(memberID: arabic, language: "ar")
            try await db.client.query("""
                INSERT INTO notifications (member_id, community_id, kind, body, link)
                SELECT m, \(f.community.id), 'comment', 'A comment', '/ideas/' || g
                FROM unnest(\([french, arabic, english])::int8[]) m, generate_series(1, 2) g
                """, logger: db.logger)
            let voices = try Translations.load(directory: TestDatabase.root + "/web/locales", pseudo: false).voices
            let written = try await DigestWriter(db).write(now: Date() + 8 * 86_400, site: "https://eyrie.example",
                                                           links: try await UnsubscribeLink.load(db), voices: voices)
            #expect(written >= 3)
            var mails: [Int64: (subject: String, body: String)] = [:]
            let rows = try await db.client.query("SELECT member_id, subject, body FROM outbox WHERE kind = 'digest'",
                                                 logger: db.logger)
            for try await (member, subject, body) in rows.decode((Int64, String, String).self) { mails[member] = (subject, body) }
            #expect(mails[french]?.subject == "Eyrie : 2 changements dans ce que vous suivez")
            #expect(mails[french]?.body.hasPrefix("Bonjour ") == true)
            #expect(mails[french]?.body.contains("Toutes vos notifications : https://eyrie.example/notifications") == true)
            // Arabic has a form of its own for two
            #expect(mails[arabic]?.subject == "Eyrie: تغييران فيما تتابعه")
            #expect(mails[arabic]?.body.hasPrefix("مرحبًا ") == true)
            #expect(mails[english]?.subject == "Eyrie: 2 changes in what you follow")
            #expect(mails[english]?.body.hasPrefix("Hello ") == true)
        }
    }

    /// A notification is kept as a phrase: the French follower reads it in French, on the notifications page and in
    /// the digest, the English one in English; one written before phrases were kept is shown as it was written.
    @Test func notificationsAreReadInEachMembersLanguage() async throws {
        try await Harness.run { http, world in
            let db = world.db, f = world.fixture
            let (author, french, english) = (f.memberIDs[0], f.memberIDs[1], f.memberIDs[2])
            try await MemberRepository(db).setLanguage(memberID: french, language: "fr")
            let idea = try await f.idea(db, by: author, title: "Solar depots")
            for member in [french, english] {
                try await FollowRepository(db).follow(.idea(idea), memberID: member, communityID: f.community.id)
            }
            try await IdeaRepository(db).transition(ideaID: idea, from: [.submitted], to: .shortlisted, actorID: f.stewardID,
                                                    reason: "Strong support")
            try await db.client.query("""
                INSERT INTO notifications (member_id, community_id, kind, body, link)
                VALUES (\(french), \(f.community.id), 'comment', 'Written before phrases', '/ideas/\(idea)')
                """, logger: db.logger)
            let page = try await world.browser(french).get(http, "/notifications").text
            #expect(page.contains("« Solar depots » est passée de proposée à présélectionnée : Strong support"))
            #expect(page.contains("Written before phrases"))
            let englishPage = try await world.browser(english).get(http, "/notifications").text
            #expect(englishPage.contains("“Solar depots” moved from submitted to shortlisted: Strong support"))
            let voices = try Translations.load(directory: TestDatabase.root + "/web/locales", pseudo: false).voices
            _ = try await DigestWriter(db).write(now: Date() + 8 * 86_400, site: "https://eyrie.example",
                                                 links: try await UnsubscribeLink.load(db), voices: voices)
            var digest = ""
            for try await body in try await db.client.query("SELECT body FROM outbox WHERE kind = 'digest' AND member_id = \(french)",
                                                           logger: db.logger).decode(String.self) { digest = body }
            #expect(digest.contains("- « Solar depots » est passée de proposée à présélectionnée : Strong support"))
        }
    }
}
