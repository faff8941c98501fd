import ArgumentParser
import EyrieCore
import EyrieDemo
import EyrieStore
import Foundation

/// `eyrie bench health`: a community with history for the health benchmark (see bench/run.sh): `--members` members
/// of ten organisations and `--events` activity events spread over fourteen months (`HealthData`). Prints its slug.
struct BenchHealth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "health", abstract: "Create a community with history.")
    @Option(help: "Members.") var members: Int = 100_000
    @Option(help: "Activity events (ideas, comments, supports, sign-ins).") var events: Int = 5_000_000
    @Option(help: "The new community's slug.") var slug: String = "health-bench"
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let (memberCount, eventCount, slug) = (members, events, slug)
        try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            let communities = CommunityRepository(db)
            if try await communities.find(slug: slug) != nil { return }
            let steward = try await client.query("SELECT min(id) FROM members", logger: logger)
                .decode(Int64?.self).reduce(into: [Int64?]()) { $0.append($1) }.first ?? nil
            guard let steward else { throw ValidationError("load members first (eyrie bench data)") }
            let community = try await communities.create(
                CommunityDraft(name: "Health bench", slug: slug, domain: "A community with fourteen months of history.",
                               visibility: .open), stewardID: steward)
            let start = ContinuousClock.now
            try await HealthData(db).add(.init(members: memberCount, events: eventCount, organisations: 10, tag: "HB"),
                                         communityID: community.id)
            print("generated \(memberCount) members and \(eventCount) events in \(ContinuousClock.now - start)")
        }
        print(slug)
    }
}
