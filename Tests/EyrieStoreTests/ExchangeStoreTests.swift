import EyrieCore
import EyrieDemo
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// Export and import over real PostgreSQL: the demo community's round trip (JSON and CSV) gives the same bytes, a
/// second import changes nothing, a bad file writes nothing and says where it is wrong, an import never writes into
/// another community or grants platform-admin, and two imports of one file at once make its rows once.
struct ExchangeStoreTests {
    static let slug = "customer-experience-guild"
    static let at = Date(timeIntervalSince1970: 1_800_000_000)

    /// The demo loaded once, exported as JSON and CSV (loading it takes seconds in a debug build).
    static let demo = Task { () throws -> (json: String, csv: [(name: String, text: String)]) in
        try await TestDatabase.withDatabase { db in
            _ = try await DemoData(db: db).load(passwordHash: Fixture.passwordHash)
            return (try await ExchangeMemory.json(db, slug: slug, at: at), try await ExchangeMemory.csv(db, slug: slug, at: at))
        }
    }

    /// A fresh database with an origin of its own (clones of the template share one).
    func withEmptyDatabase<T: Sendable>(_ body: @Sendable (Database) async throws -> T) async throws -> T {
        try await TestDatabase.withDatabase { db in
            try await db.client.query("UPDATE exchange_origin SET origin = \(String(UUID().uuidString.prefix(8)).lowercased())",
                                      logger: db.logger)
            return try await body(db)
        }
    }

    func count(_ db: Database, _ table: String) async throws -> Int {
        let rows = try await db.client.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int8 FROM \(table)"), logger: db.logger)
        return Int(try await rows.decode(Int64.self).reduce(0) { $0 + $1 })
    }

    func importing(_ db: Database, _ source: any ExchangeSource, into slug: String = slug,
                   dryRun: Bool = false) async throws -> ImportResult {
        try await Importer(db).run(source, options: .init(slug: slug, dryRun: dryRun))
    }

    @Test func theJSONRoundTripGivesTheSameDocumentAndASecondImportChangesNothing() async throws {
        let (json, _) = try await Self.demo.value
        try await withEmptyDatabase { db in
            // act
            let first = try await importing(db, ExchangeMemory.JSONSource(json))
            let again = try await ExchangeMemory.json(db, slug: Self.slug, at: Self.at)
            let second = try await importing(db, ExchangeMemory.JSONSource(json))
            // check
            #expect(first.communityCreated && first.created > 2000 && first.updated == 0)
            #expect(again == json)
            #expect(second.created == 0 && second.updated == 0 && second.skipped == first.created)
            #expect(try await CounterCheck(db).mismatches() == [])
            #expect(try await count(db, "members WHERE is_admin") == 0)
            #expect(try await count(db, "members WHERE password_hash <> '!imported'") == 0)
        }
    }

    @Test func theCSVRoundTripGivesTheSameFiles() async throws {
        let (_, csv) = try await Self.demo.value
        try await withEmptyDatabase { db in
            _ = try await importing(db, ExchangeMemory.CSVSource(csv))
            let again = try await ExchangeMemory.csv(db, slug: Self.slug, at: Self.at)
            #expect(again.map(\.name) == csv.map(\.name))
            for (mine, theirs) in zip(again, csv) { #expect(mine.text == theirs.text, "\(mine.name)") }
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }

    @Test func anEditedFileUpdatesOnlyWhatChangedAndADryRunWritesNothing() async throws {
        let (json, _) = try await Self.demo.value
        try await withEmptyDatabase { db in
            _ = try await importing(db, ExchangeMemory.JSONSource(json))
            let edited = json.replacingOccurrences(of: "\"title\": \"Shared inbox", with: "\"title\": \"A shared inbox")
            try #require(edited != json)
            // act
            let dry = try await importing(db, ExchangeMemory.JSONSource(edited), dryRun: true)
            let unchanged = try await ExchangeMemory.json(db, slug: Self.slug, at: Self.at)
            let real = try await importing(db, ExchangeMemory.JSONSource(edited))
            // check
            #expect(dry.dryRun && dry.updated >= 1 && dry.created == 0)
            #expect(unchanged == json)
            #expect(real.updated == dry.updated && real.created == 0)
            #expect(try await ExchangeMemory.json(db, slug: Self.slug, at: Self.at) == edited)
        }
    }

    /// Each malformed file, with where the error must be named; none of them writes anything.
    static let badJSON: [(String, @Sendable (String) -> String, String)] = [
        ("truncated", { String($0.prefix($0.count / 2)) }, "export.json, line "),
        ("byte-order mark", { "\u{FEFF}" + $0 }, "export.json, line 1, character 1: starts with a byte-order mark"),
        ("unknown reference", { $0.replacingOccurrences(of: "\"author\": \"", with: "\"author\": \"x") },
         "column author: names members x"),
        ("oversized field", { $0.replacingOccurrences(of: "\"title\": \"", with: "\"title\": \"" + String(repeating: "long ", count: 40)) },
         "column title: is "),
        ("deep nesting", { $0.replacingOccurrences(of: "\"tags\": [", with: "\"tags\": " + String(repeating: "[", count: 20)) },
         "nested deeper than 8 levels"),
        ("platform admin", { $0.replacingOccurrences(of: "\"email\": null", with: "\"email\": null, \"is_admin\": true") },
         "column is_admin: is refused: an import never sets passwords or grants platform-admin"),
        ("unknown role", { $0.replacingOccurrences(of: "\"role\": \"steward\"", with: "\"role\": \"admin\"") },
         "column role: must be one of member, facilitator, steward"),
        ("wrong schema", { $0.replacingOccurrences(of: "eyrie-exchange/1", with: "eyrie-exchange/9") }, "column schema: is not"),
    ]

    @Test func aMalformedJSONFileIsRefusedWithItsPlaceAndWritesNothing() async throws {
        let (json, _) = try await Self.demo.value
        try await withEmptyDatabase { db in
            for (name, spoil, expected) in Self.badJSON {
                let bad = spoil(json)
                try #require(bad != json, "\(name)")
                do {
                    _ = try await importing(db, ExchangeMemory.JSONSource(bad))
                    Issue.record("\(name): imported")
                } catch let refused as ImportRefused {
                    #expect(refused.problems.lines.map(\.description).contains { $0.contains(expected) }, "\(name): \(refused.problems.lines.map(\.description))")
                    #expect(refused.problems.listed.count <= ImportProblems.limit)
                }
                #expect(try await count(db, "communities") == 0, "\(name)")
                #expect(try await count(db, "members") == 0, "\(name)")
            }
        }
    }

    @Test func aMalformedCSVFileIsRefusedWithFileRowAndColumn() async throws {
        let (_, csv) = try await Self.demo.value
        func spoil(_ file: String, _ change: (String) -> String) -> [(name: String, text: String)] {
            csv.map { $0.name == file ? ($0.name, change($0.text)) : $0 }
        }
        let cases: [([(name: String, text: String)], String)] = [
            (spoil("ideas.csv") { $0 + "\"unbalanced,quote\r\n" }, "ideas.csv, row "),
            (spoil("supports.csv") { $0 + "a,b\r\n" }, "has 2 fields; the header has 3"),
            (spoil("comments.csv") { "\u{FEFF}" + $0 }, "comments.csv, row 1, column 1: starts with a byte-order mark"),
            (spoil("members.csv") { $0.replacingOccurrences(of: "name,organisation", with: "name,organisation,is_admin") },
             "members.csv, row 1, column is_admin: is refused"),
            (spoil("ideas.csv") { $0.replacingOccurrences(of: ",submitted,", with: ",hidden,") }, "column state: must be one of"),
            // an attached file's bytes that are not base64, or a reply naming a discussion the file does not hold
            (spoil("resource_attachments.csv") { text in
                var lines = text.components(separatedBy: "\r\n")
                var cells = lines[1].components(separatedBy: ",")
                cells[5] = "not base64!"
                lines[1] = cells.joined(separator: ",")
                return lines.joined(separator: "\r\n")
            }, "resource_attachments.csv, row 2, column content: must be base64"),
            (spoil("replies.csv") { $0.replacingOccurrences(of: "/discussion/1,", with: "/discussion/999,") },
             "replies.csv, row 2, column thread"),
        ]
        try await withEmptyDatabase { db in
            for (files, expected) in cases {
                await #expect {
                    _ = try await importing(db, ExchangeMemory.CSVSource(files))
                } throws: { error in
                    (error as? ImportRefused)?.problems.lines.map(\.description).contains { $0.contains(expected) } == true
                }
                let communities = try await count(db, "communities")
                #expect(communities == 0)
            }
            var bytes = csv.map { (name: $0.name, bytes: Array($0.text.utf8)) }
            let ideas = bytes.firstIndex { $0.name == "ideas.csv" }!
            bytes[ideas].bytes += Array("x,".utf8) + [0xFF, 0xFE] + [13, 10]
            await #expect {
                _ = try await importing(db, ExchangeMemory.CSVSource(bytes: bytes))
            } throws: { error in
                (error as? ImportRefused)?.problems.lines.map(\.description).first?.contains("column 2: is not valid UTF-8") == true
            }
        }
    }

    @Test func anImportNamingAnotherCommunitysRowsIsRefused() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: this instance's own export of a community, pointed at another one
            let f = try await Fixture.make(db, members: 2)
            _ = try await f.idea(db, by: f.memberIDs[0])
            let json = try await ExchangeMemory.json(db, slug: f.community.slug)
            let ideasBefore = try await count(db, "ideas")
            // act / check
            await #expect {
                _ = try await importing(db, ExchangeMemory.JSONSource(json), into: "someone-elses")
            } throws: { error in
                (error as? ImportRefused)?.problems.lines.map(\.description).contains { $0.contains("is a row of another community") } == true
            }
            #expect(try await count(db, "ideas") == ideasBefore)
            #expect(try await count(db, "communities WHERE slug = 'someone-elses'") == 0)
            // its own community takes it back as it is
            let back = try await importing(db, ExchangeMemory.JSONSource(json), into: f.community.slug)
            #expect(back.created == 0 && back.updated == 0)
        }
    }

    @Test func twoImportsOfOneFileAtOnceMakeItsRowsOnce() async throws {
        let (json, _) = try await Self.demo.value
        try await withEmptyDatabase { db in
            async let a = importing(db, ExchangeMemory.JSONSource(json))
            async let b = importing(db, ExchangeMemory.JSONSource(json))
            let results = try await [a, b]
            #expect(results.map(\.created).sorted().first == 0)
            #expect(results.filter(\.communityCreated).count == 1)
            let ideas = json.components(separatedBy: "\n").filter { $0.hasPrefix("{\"id\": ") && $0.contains("\"summary\": ") }.count
            #expect(try await count(db, "ideas") == ideas)
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }

    @Test func peersImportWithTheirCountsAndASecondImportChangesNothing() async throws {
        var chunk: [UInt8]? = Array("""
            number,title,description,created_at,created_by,votes_count,comments_count,status,responded_by,responded_at,response,original_number,original_title,tags
            1,Dark mode,,2020-01-01T10:00:00Z,Faceless,12,0,planned,Arya,2020-02-01T10:00:00Z,Soon,,,ui
            2,Night mode,,2020-01-02T10:00:00Z,Someone,3,0,duplicate,Arya,2020-02-01T10:00:00Z,Same,1,Dark mode,

            """.utf8)
        let table = try PeerTable.read(file: "posts.csv", delimiter: ",") { defer { chunk = nil }; return chunk }
        let bundle = try FiderPosts.bundle(table, organisation: "Fider users", challenge: nil)
        try await withEmptyDatabase { db in
            let first = try await importing(db, ExchangeMemory.BundleSource(bundle), into: "fider")
            let second = try await importing(db, ExchangeMemory.BundleSource(bundle), into: "fider")
            #expect(first.tallies.first { $0.entity == "ideas" }?.tally.created == 2)
            #expect(second.created == 0 && second.updated == 0)
            #expect(try await count(db, "ideas WHERE state = 'merged' AND merged_into_id IS NOT NULL") == 1)
            #expect(try await count(db, "ideas WHERE support_count = 12 AND imported_supports = 12") == 1)
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }
}
