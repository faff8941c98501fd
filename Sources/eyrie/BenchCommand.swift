import ArgumentParser
import EyrieCore
import EyrieDemo
import EyrieStore
import Foundation
import HummingbirdBcrypt

/// `eyrie bench …`: the benchmark's data generator and the pairwise fit timing (see bench/run.sh).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Benchmark helpers.",
                                                    subcommands: [Data.self, Fit.self, BenchWorkshop.self, BenchSockets.self, BenchBroadcast.self,
                                                                  BenchOffering.self, BenchHealth.self, BenchLibrary.self])

    struct Data: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load benchmark data (COPY) into an empty database.")
        @Option(help: "tiny, realistic or stress.") var tier: String = "realistic"
        @Option(help: "How many sessions to create for the load tests.") var sessions: Int = 200
        @Option(help: "Where to write the sessions (token csrf member per line).") var sessionsFile: String = "bench/results/sessions.txt"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let tiers = [BenchData.Tier.tiny, .realistic, .stress]
            guard let chosen = tiers.first(where: { $0.name == tier }) else {
                throw ValidationError("--tier must be tiny, realistic or stress")
            }
            let logger = makeLogger()
            let (count, file) = (sessions, sessionsFile)
            let lines = try await database.withDatabase(logger: logger) { client in
                let db = Database(client: client, logger: logger)
                try await Migrator(directory: database.sqlDir).migrate(db)
                let start = ContinuousClock.now
                try await BenchData(db: db).load(chosen, passwordHash: Bcrypt.hash("bench password", cost: 4)) { step in
                    print("  \(step) (\(ContinuousClock.now - start))")
                }
                return try await BenchData(db: db).sessions(count: count)
            }
            try lines.joined(separator: "\n").appending("\n").write(toFile: file, atomically: true, encoding: .utf8)
            print("Loaded the \(chosen.name) tier; \(lines.count) sessions in \(file)")
        }
    }

    struct Fit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Time the Bradley–Terry fit of a challenge's pairwise votes.")
        @Option(help: "The challenge.") var challenge: Int64 = 1
        @Option(help: "Repetitions (the median is reported).") var runs: Int = 5
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = makeLogger()
            let id = challenge
            let (ideas, outcomes) = try await database.withDatabase(logger: logger) { client in
                let db = Database(client: client, logger: logger)
                let ideas = try await ResultsRepository(db).ideas(challengeID: id)
                return (ideas, try await PairwiseRepository(db).outcomes(challengeID: id).map { ($0.winner, $0.loser) })
            }
            var times: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                _ = ChallengeResults.build(ideas: ideas, pairwise: outcomes, settings: VotingSettings(pairwise: true))
                let elapsed = ContinuousClock.now - start
                times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            let median = times.sorted()[times.count / 2]
            print(String(format: "fit: %d ideas, %d answers, median %.3f s over %d runs", ideas.count, outcomes.count,
                         median, runs))
        }
    }
}
