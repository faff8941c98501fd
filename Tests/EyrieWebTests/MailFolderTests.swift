@testable import EyrieWeb
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

/// Without `EYRIE_SMTP_URL` the postman writes each outbox message to the mail folder as a whole `.eml` file and
/// marks it sent; a message's text is RFC 5322 with its unsubscribe headers and no header injection.
struct MailFolderTests {
    @Test func messagesBecomeEmlFilesOnceEach() async throws {
        try await TestDatabase.withDatabase { db in
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eyrie-mail-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try await db.client.query("""
                INSERT INTO outbox (kind, recipient, subject, body, unsubscribe)
                SELECT 'digest', 'member' || g || '@example.org', 'Eyrie: 2 changes' || E'\\r\\nBcc: evil@example.org',
                       'Hello,' || E'\\n' || '.a line with a dot' || E'\\n' || 'Grüße', 'https://eyrie.example/unsubscribe/1.x'
                FROM generate_series(1, 5) g
                """, logger: db.logger)
            var configuration = AppConfiguration()
            configuration.mailDirectory = folder.path
            let postman = Postman(db: db, configuration: configuration, logger: db.logger)
            await postman.deliver()
            await postman.deliver()
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(files.count == 5)
            #expect(files.allSatisfy { $0.hasSuffix(".eml") }, "no partial file is left")
            #expect(try await Outbox(db).counts().sent == 5)
            let text = try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
            #expect(text.contains("To: member1@example.org\r\n"))
            #expect(!text.contains("\r\nBcc:"), "a line break in a subject cannot add a header")
            #expect(text.contains("List-Unsubscribe: <https://eyrie.example/unsubscribe/1.x>\r\n"))
            #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
            #expect(text.contains("Message-ID: <outbox-"))
            let encoded = text.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "\r\n", with: "")
            let body = String(decoding: Data(base64Encoded: encoded) ?? Data(), as: UTF8.self)
            #expect(body == "Hello,\r\n.a line with a dot\r\nGrüße")
            #expect(SMTPClient.dotStuffed("a\r\n.b\r\n") == "a\r\n..b\r\n")
        }
    }
}
