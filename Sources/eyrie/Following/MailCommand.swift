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
                let written = try await DigestWriter(db).write(site: site, links: links)
                return (written, ContinuousClock.now - start)
            }
            let seconds = took.inSeconds
            print("\(written) digests written to the outbox in \(String(format: "%.2f", seconds)) s"
                  + (seconds > 0 && written > 0 ? " (\(Int(Double(written) / seconds)) a second)" : ""))
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send one message straight to the mail server (EYRIE_SMTP_URL, EYRIE_SMTP_CA_FILE) to check it.")
        @Option(help: "Who receives the test message.") var to: String

        func run() async throws {
            do {
                try await MailCheck.send(to: to, configuration: AppConfiguration.fromEnvironment())
                print("Sent to \(to): the mail server accepted it.")
            } catch let failed as MailCheck.Failed {
                throw CommandRefused(message: "Not sent: \(failed.description)")
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
            print("outbox: \(counts.waiting) waiting, \(counts.sent) sent, \(counts.failed) failed")
        }
    }
}
