import ArgumentParser
import EyrieCore
import EyrieStore
import Foundation
import NIOCore

/// `eyrie bench library`: a large library for the library's benchmark (see bench/run.sh), in the community of the
/// given challenge: `--resources` resources of about 1,500 characters in three versions each, four tags of forty, three
/// authors and a few "useful" marks, each linked to an idea; and one resource with ten attachments and twenty links,
/// whose id it prints.
struct BenchLibrary: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "library", abstract: "Create a large library.")
    @Option(help: "The challenge whose community and ideas it uses.") var challenge: Int64 = 1
    @Option(help: "Resources.") var resources: Int = 2_000
    @OptionGroup var database: DatabaseOptions

    static let words = """
        welcome call checklist onboarding customer hand-off pilot lesson guide template journey blueprint workshop
        service region team credit engineer visit form details wait week first day measure target baseline partner
        organisation volunteer letter text slot consent advisor billing support desk queue inbox stand-up depot
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    func run() async throws {
        let logger = makeLogger()
        let (challengeID, count) = (challenge, resources)
        let id = try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            guard let challenge = try await ChallengeRepository(db).find(id: challengeID) else {
                throw ValidationError("no challenge \(challengeID)")
            }
            let community = challenge.communityID
            let members = try await client.query("""
                SELECT member_id FROM memberships WHERE community_id = \(community) AND status = 'active'
                ORDER BY member_id LIMIT 200
                """, logger: logger).decode(Int64.self).reduce(into: [Int64]()) { $0.append($1) }
            let ideas = try await client.query("""
                SELECT id FROM ideas WHERE challenge_id = \(challengeID) AND state <> 'draft' AND hidden_reason IS NULL
                ORDER BY id LIMIT 500
                """, logger: logger).decode(Int64.self).reduce(into: [Int64]()) { $0.append($1) }
            guard members.count >= 3, !ideas.isEmpty else { throw ValidationError("the community needs members and ideas") }
            let library = LibraryRepository(db)
            let links = WorkLinkRepository(db)
            var random = SystemRandomNumberGenerator()
            func text(_ n: Int) -> String {
                (0..<n).map { _ in Self.words.randomElement(using: &random)! }.joined(separator: " ")
            }
            let kinds: [ResourceKind] = [.tool, .case, .lesson, .guide]
            var last: Int64 = 0
            for i in 0..<count {
                let tags = Array(Set((0..<4).map { _ in Self.words[Int.random(in: 0..<40, using: &random)] })).sorted()
                let authors = (0..<3).map { members[(i * 3 + $0) % members.count] }
                let title = "Resource \(i + 1): " + text(5)
                let body = (0..<6).map { _ in text(40) + "." }.joined(separator: "\n\n")
                let id = try await library.create(ResourceDraft(title: title, kind: kinds[i % 4], body: body, tags: tags,
                                                                language: "en"), communityID: community, actorID: authors[0])
                for version in 2...3 {
                    try await library.update(id: id, ResourceDraft(title: title, kind: kinds[i % 4], body: body + "\n\n" + text(20),
                                                                   tags: tags, language: "en", baseVersion: version - 1,
                                                                   reason: "Version \(version)"),
                                             actorID: authors[version - 1])
                }
                for m in 0..<(i % 6) { try await library.setUseful(resourceID: id, memberID: members[(i + m * 7) % members.count], true) }
                try await links.link(resourceID: id, communityID: community, to: WorkReference(.idea, ideas[i % ideas.count]),
                                     actorID: authors[0])
                last = id
            }
            // The big one: ten files and twenty links.
            for n in 0..<10 {
                let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 2_000 + n)
                _ = try await AttachmentRepository(db).attach(
                    resourceID: last, AttachmentUpload(name: "figures-\(n + 1).csv", type: .csv), content: ByteBuffer(bytes: bytes),
                    quota: 1 << 40, actorID: members[0])
            }
            for n in 1..<min(20, ideas.count) {
                try await links.link(resourceID: last, communityID: community, to: WorkReference(.idea, ideas[(n * 13) % ideas.count]),
                                     actorID: members[0])
            }
            return last
        }
        print(id)
    }
}
