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
}
