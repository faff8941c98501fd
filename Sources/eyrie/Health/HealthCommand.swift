import ArgumentParser
import EyrieCore
import EyrieStore
import Foundation

/// `eyrie health snapshot`: brings communities' health figures up to date (what `serve` does every hour), e.g. from
/// cron when the server runs with `EYRIE_HEALTH_REFRESH_MINUTES=0`, or after an import.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Community health figures.",
                                                    subcommands: [Snapshot.self])

    struct Snapshot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work out participation levels and the dashboard's figures (closed months are kept).")

        @Option(help: "The community's slug.") var community: String?
        @Flag(help: "Every community.") var all = false
        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if (community == nil) == !all { throw ValidationError(say("Name one community with --community SLUG, or use --all.")) }
        }

        func run() async throws {
            let logger = makeLogger()
            let (slug, sqlDir) = (community, database.sqlDir)
            let lines = try await database.withDatabase(logger: logger) { client in
                let db = Database(client: client, logger: logger)
                try await Migrator(directory: sqlDir).migrate(db)
                var targets = try await CommunityRepository(db).all()
                if let slug {
                    targets = targets.filter { $0.slug == slug }
                    if targets.isEmpty { throw CommandRefused(message: say("No community is called \("community", slug).")) }
                }
                var lines: [String] = []
                for community in targets {
                    let start = ContinuousClock.now
                    let outcome = try await HealthSnapshot(db).take(communityID: community.id)
                    let levels = ParticipationLevel.allCases.map { "\(Voice.number(outcome.counts[$0] ?? 0)) \(say(Phrase($0.label)).lowercased())" }
                        .joined(separator: ", ")
                    let seconds = String(format: "%.2f", (ContinuousClock.now - start).inSeconds)
                    let months = say(.plural("{count} month", "{count} months", count: outcome.months.count))
                    lines.append(say("\("community", community.slug): \("months", months) worked out in \("seconds", seconds) s; \(number: "members", outcome.members) members (\("levels", levels))"))
                }
                return lines
            }
            for line in lines { print(line) }
        }
    }
}
