import ArgumentParser
import EyrieCore
import EyrieStore
import EyrieWeb
import Foundation

/// `eyrie mail digests`: writes the digests that are due into the outbox now (what `serve` does every ten minutes);
/// `serve` delivers them.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "mail", abstract: "E-mail: digests and the outbox.",
                                                    subcommands: [Digests.self, Status.self, Test.self])

    struct Digests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the digests that are due into the outbox.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = makeLogger()
            let site = AppConfiguration.fromEnvironment().site
            let sqlDir = database.sqlDir
            let (written, took) = try await database.withDatabase(logger: logger) { client in
                let db = Database(client: client, logger: logger)
                try await Migrator(directory: sqlDir).migrate(db)
                let links = try await UnsubscribeLink.load(db)
                let start = ContinuousClock.now
                // Each member's digest in their language, from the catalogues the pages use.
                let written = try await DigestWriter(db).write(site: site, links: links, voices: Voice.voices)
                return (written, ContinuousClock.now - start)
            }
            let seconds = took.inSeconds
            let spent = String(format: "%.2f", seconds)
            print(seconds > 0 && written > 0
                  ? say(.plural("{count} digest written to the outbox in {seconds} s ({rate} a second)",
                                "{count} digests written to the outbox in {seconds} s ({rate} a second)", count: written,
                                ["seconds": spent, "rate": String(Int(Double(written) / seconds))]))
                  : say(.plural("{count} digest written to the outbox in {seconds} s",
                                "{count} digests written to the outbox in {seconds} s", count: written, ["seconds": spent])))
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one message straight to the mail server (EYRIE_SMTP_URL, EYRIE_SMTP_CA_FILE) to check it.")
        @Option(help: "Who receives the test message.") var to: String

        func run() async throws {
            do {
                try await MailCheck.send(to: to, configuration: AppConfiguration.fromEnvironment())
                print(say("Sent to \("address", to): the mail server accepted it."))
            } catch let failed as MailCheck.Failed {
                throw CommandRefused(message: say("Not sent: \("reason", failed.description)"))
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "How many messages wait, went out, or failed.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = makeLogger()
            let counts = try await database.withDatabase(logger: logger) { client in
                try await Outbox(Database(client: client, logger: logger)).counts()
            }
            print(say("outbox: \(number: "waiting", counts.waiting) waiting, \(number: "sent", counts.sent) sent, \(number: "failed", counts.failed) failed"))
        }
    }
}
