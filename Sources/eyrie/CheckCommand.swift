import EyrieCore
import ArgumentParser
import EyrieStore

/// `eyrie check`: compares every counter the database keeps with a recount (after a crash, a restore, an import).
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check that every kept counter equals a recount of its rows (exit 1 if not).")
    @OptionGroup var database: DatabaseOptions
    @Flag(help: "Also print each table's rows and a checksum of the ideas, to compare two databases (a restore).")
    var counts = false

    func run() async throws {
        let logger = makeLogger()
        let counts = counts
        let (mismatches, tables) = try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            return (try await CounterCheck(db).mismatches(), counts ? try await TableCounts.read(db) : nil)
        }
        for line in tables?.lines ?? [] { print(line) }
        guard mismatches.isEmpty else {
            for line in mismatches { print(line) }
            print(say(.plural("{count} counter differs from its rows.", "{count} counters differ from their rows.",
                              count: mismatches.count)))
            throw ExitCode(1)
        }
        print(say("Every counter equals its recount."))
    }
}
