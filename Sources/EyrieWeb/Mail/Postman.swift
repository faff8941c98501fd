import EyrieCore
import EyrieStore
import Foundation
import Logging
import ServiceLifecycle

/// Delivers the outbox while `serve` runs, and writes the digests that are due. With `EYRIE_SMTP_URL` each leased
/// batch goes over one SMTP connection and each message is marked sent as soon as the server accepts it; without
/// it, each message becomes `<mail dir>/<id>.eml` (written whole, then renamed, so a file is never half there).
/// A mail server that is down leaves messages in the outbox, tried again with a growing wait.
public struct Postman: Service {
    let db: Database
    let configuration: AppConfiguration
    let logger: Logger
    /// Digests are written in each member's language.
    let voices: Voices

    public init(db: Database, configuration: AppConfiguration, logger: Logger, voices: Voices = .english) {
        self.db = db
        self.configuration = configuration
        self.logger = logger
        self.voices = voices
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                var lastDigests = ContinuousClock.now - configuration.digestCheck
                while true {
                    if ContinuousClock.now - lastDigests >= configuration.digestCheck {
                        lastDigests = ContinuousClock.now
                        await writeDigests()
                    }
                    await deliver()
                    try await Task.sleep(for: configuration.mailPoll)
                }
            }
        } catch is CancellationError {
            return
        }
    }

    func writeDigests() async {
        do {
            let links = try await UnsubscribeLink.load(db)
            let written = try await DigestWriter(db).write(site: configuration.site, links: links, voices: voices)
            if written > 0 { logger.info("digests written to the outbox", metadata: ["count": .stringConvertible(written)]) }
        } catch {
            logger.warning("digests not written yet: \(error)")
        }
    }

    /// Hands over everything due, a batch at a time.
    func deliver() async {
        let outbox = Outbox(db, retryBase: configuration.mailRetry)
        do {
            while true {
                let batch = try await outbox.lease()
                if batch.isEmpty { return }
                if let url = configuration.smtpURL {
                    guard let server = SMTPServer(url: url) else {
                        logger.error("EYRIE_SMTP_URL is not an smtp:// or smtps:// address: mail waits in the outbox")
                        for message in batch { try await outbox.failed(message, error: "EYRIE_SMTP_URL is not usable") }
                        return
                    }
                    if try await !send(batch, to: server, outbox: outbox) { return }
                } else {
                    try write(batch)
                    for message in batch { try await outbox.sent(message) }
                }
            }
        } catch {
            logger.warning("mail not delivered yet: \(error)")
        }
    }

    /// False when the server could not be reached (the rest waits for the next round).
    func send(_ batch: [Outbox.Message], to server: SMTPServer, outbox: Outbox) async throws -> Bool {
        let from = MailMessage.address(configuration.mailFrom)
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let envelopes = batch.map { message in
            SMTPClient.Envelope(from: from, to: MailMessage.address(message.recipient),
                                text: MailMessage.render(message, from: configuration.mailFrom, domain: domain))
        }
        let done = Done()
        let client = SMTPClient(server: server, helo: domain, timeout: configuration.databaseTimeout * 2,
                                caFile: configuration.smtpCAFile)
        do {
            try await client.send(envelopes, accepted: { index in
                await done.mark(index)
                try await outbox.sent(batch[index])
            }, refused: { index, reply in
                await done.mark(index)
                try await outbox.failed(batch[index], error: reply, permanent: true)
                logger.warning("the mail server refused a message for good", metadata: ["outbox": .stringConvertible(batch[index].id)])
            })
            return true
        } catch {
            let finished = await done.indices
            for (index, message) in batch.enumerated() where !finished.contains(index) {
                try await outbox.failed(message, error: "\(error)")
            }
            logger.warning("the mail server is not reachable: mail waits in the outbox", metadata: ["error": "\(error)"])
            return false
        }
    }

    actor Done {
        var indices: Set<Int> = []
        func mark(_ index: Int) { indices.insert(index) }
    }

    func write(_ batch: [Outbox.Message]) throws {
        let folder = URL(fileURLWithPath: configuration.mailDirectory, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let from = MailMessage.address(configuration.mailFrom)
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        for message in batch {
            let text = MailMessage.render(message, from: configuration.mailFrom, domain: domain)
            let file = folder.appendingPathComponent(String(format: "%012lld.eml", message.id))
            let partial = folder.appendingPathComponent(".\(message.id).partial")
            try Data(text.utf8).write(to: partial)
            if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
            try FileManager.default.moveItem(at: partial, to: file)
        }
    }
}
