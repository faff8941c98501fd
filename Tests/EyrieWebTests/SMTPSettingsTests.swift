@testable import EyrieWeb
import Testing

/// How `EYRIE_SMTP_URL` is read: which scheme means which TLS, default ports, where a password may go in plain text.
struct SMTPSettingsTests {
    @Test func schemesPortsAndCredentials() throws {
        let plain = try #require(SMTPServer(url: "smtp://mailer:s%40cret@mail.example.org"))
        #expect(!plain.implicitTLS && plain.port == 25 && plain.user == "mailer" && plain.password == "s@cret")
        let tls = try #require(SMTPServer(url: "smtps://mail.example.org"))
        #expect(tls.implicitTLS && tls.port == 465 && tls.user == nil)
        #expect(try #require(SMTPServer(url: "smtps://mail.example.org:2465")).port == 2465)
        #expect(SMTPServer(url: "http://mail.example.org") == nil && SMTPServer(url: "smtp://") == nil)
        // A password goes without TLS only to this machine.
        #expect(try #require(SMTPServer(url: "smtp://localhost:8026")).isLoopback)
        #expect(try #require(SMTPServer(url: "smtp://127.0.0.1")).isLoopback)
        #expect(!plain.isLoopback)
    }

    @Test func starttlsIsSeenInTheCapabilities() {
        #expect(SMTPClient.offers("STARTTLS", "mail.example.org Hello PIPELINING STARTTLS 8BITMIME"))
        #expect(SMTPClient.offers("STARTTLS", "x starttls"))
        #expect(!SMTPClient.offers("STARTTLS", "mail.example.org Hello PIPELINING X-STARTTLS-LATER"))
    }
}
