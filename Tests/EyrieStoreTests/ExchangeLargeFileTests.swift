import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// A large file: the demo's CSV with 20,000 more answers to "which is better?", the shape of the benchmark's million.
/// Its rows are written with their keys; one answer naming an idea the file does not hold is still found and named
/// with its row among the 20,000; and deleting the community takes its keys with it (a trigger, not a foreign key).
extension ExchangeStoreTests {
    static let extraAnswers = 20_000

    /// The demo's files with `extraAnswers` answers appended (copies of its first with new ids), the one at
    /// `plantedAt` (0-based among them) naming an idea that is not there.
    static func withManyAnswers(_ csv: [(name: String, text: String)], plantedAt: Int? = nil) -> (files: [(name: String, text: String)], plantedRow: Int) {
        var plantedRow = 0
        let files = csv.map { file -> (name: String, text: String) in
            guard file.name == "pairwise_votes.csv" else { return file }
            let lines = file.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            var cells = lines[1].components(separatedBy: ",")
            var text = file.text
            text.reserveCapacity(text.utf8.count + extraAnswers * (lines[1].utf8.count + 8))
            for n in 0..<extraAnswers {
                cells[0] = "elsewhere/pairwise-vote/\(n)"
                var row = cells
                if n == plantedAt {
                    row[3] = "elsewhere/idea/404"
                    plantedRow = lines.count + 1 + n
                }
                text += row.joined(separator: ",") + "\r\n"
            }
            return (file.name, text)
        }
        return (files, plantedRow)
    }

    @Test func aLargeFileIsWrittenWithItsKeysWhichLeaveWithTheirCommunity() async throws {
        let (_, csv) = try await Self.demo.value
        let (files, _) = Self.withManyAnswers(csv)
        try await withEmptyDatabase { db in
            let before = try await importing(db, ExchangeMemory.CSVSource(csv), into: "first")
            let result = try await importing(db, ExchangeMemory.CSVSource(files))
            let answers = result.tallies.first { $0.0 == "pairwise_votes" }?.1
            #expect(answers?.created == before.tallies.first { $0.0 == "pairwise_votes" }!.1.created + Self.extraAnswers)
            #expect(try await count(db, "exchange_keys k JOIN communities c ON c.id = k.community_id WHERE c.slug = '\(Self.slug)' AND k.entity = 'pairwise_votes' AND k.external_id LIKE 'elsewhere/%'") == Self.extraAnswers)
            #expect(try await CounterCheck(db).mismatches() == [])
            let kept = try await count(db, "exchange_keys k JOIN communities c ON c.id = k.community_id WHERE c.slug = 'first'")
            try await db.client.query("DELETE FROM communities WHERE slug = \(Self.slug)", logger: db.logger)
            #expect(try await count(db, "exchange_keys") == kept)
            #expect(kept > 0)
        }
    }

    @Test func anAnswerNamingAMissingIdeaAmongTwentyThousandIsReportedWithItsRow() async throws {
        let (_, csv) = try await Self.demo.value
        let (files, row) = Self.withManyAnswers(csv, plantedAt: 12_345)
        try await withEmptyDatabase { db in
            await #expect {
                _ = try await importing(db, ExchangeMemory.CSVSource(files))
            } throws: { error in
                let lines = (error as? ImportRefused)?.problems.lines.map(\.description) ?? []
                return lines.count == 1 && lines[0].contains("pairwise_votes.csv, row \(row), column left")
                    && lines[0].contains("elsewhere/idea/404")
            }
            let communities = try await count(db, "communities")
            let answers = try await count(db, "pairwise_votes")
            #expect(communities == 0 && answers == 0)
        }
    }
}
