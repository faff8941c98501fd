import EyrieStore
import Foundation

/// `eyrie mail test`: one message straight to the configured mail server, outside the outbox, to check the address,
/// the password and TLS (the certificate verified against the host) before members depend on them.
public enum MailCheck {
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Sends a short message to `recipient` over `EYRIE_SMTP_URL`; what went wrong, in words, when it did not go.
    public static func send(to recipient: String, configuration: AppConfiguration) async throws {
        guard let url = configuration.smtpURL else {
            throw Failed(description: "EYRIE_SMTP_URL is not set: e-mail is written to \(configuration.mailDirectory) instead")
        }
        guard let server = SMTPServer(url: url) else {
            throw Failed(description: "EYRIE_SMTP_URL is not an smtp:// or smtps:// address")
        }
        let from = MailMessage.address(configuration.mailFrom)
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let now = Date()
        let message = Outbox.Message(
            id: 0, kind: "test", recipient: recipient, subject: "Eyrie can send e-mail",
            body: "This message was sent by `eyrie mail test` to check the mail settings. Nothing else to do.",
            unsubscribe: nil, createdAt: now, attempts: 0, lease: UUID())
        let client = SMTPClient(server: server, helo: domain, timeout: configuration.databaseTimeout * 2,
                                caFile: configuration.smtpCAFile)
        let refusal = Refusal()
        do {
            try await client.send([SMTPClient.Envelope(from: from, to: MailMessage.address(recipient),
                                                       text: MailMessage.render(message, from: configuration.mailFrom, domain: domain))],
                                  accepted: { _ in }, refused: { _, reply in await refusal.set(reply) })
        } catch {
            throw Failed(description: "\(server.implicitTLS ? "smtps" : "smtp")://\(server.host):\(server.port): \(error)")
        }
        if let reply = await refusal.reply { throw Failed(description: "the server refused the message: \(reply)") }
    }

    private actor Refusal {
        var reply: String?
        func set(_ text: String) { reply = text }
    }
}
