import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// The library in PostgreSQL: every version kept, a stale edit refused with what the resource says now, restores as
/// new versions, one "useful" per member with the kept count equal to the marks under concurrency, and search by
/// stems in the resource's own language.
struct LibraryStoreTests {
    static func count(_ db: Database, _ sql: String) async throws -> Int64 {
        var n: Int64 = -1
        for try await value in try await db.client.query(PostgresQuery(unsafeSQL: sql), logger: db.logger).decode(Int64.self) { n = value }
        return n
    }

    func draft(_ title: String, body: String, base: Int?, reason: String = "") -> ResourceDraft {
        ResourceDraft(title: title, kind: .guide, body: body, tags: ["onboarding"], language: "en", baseVersion: base, reason: reason)
    }

    @Test func editsAreKeptAsVersionsAndAStaleEditIsRefused() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let library = LibraryRepository(db)
            let id = try await f.resource(db, title: "Welcome guide", body: "Call within a day")
            #expect(try await library.update(id: id, draft("Welcome guide", body: "Call within two hours", base: 1, reason: "Faster"),
                                             actorID: f.memberIDs[1]) == 2)
            // a second editor who started from version 1 is refused, told what it says now, and nothing is written
            do {
                try await library.update(id: id, draft("Welcome guide", body: "Call within a week", base: 1), actorID: f.memberIDs[2])
                Issue.record("a stale edit was saved")
            } catch let conflict as LibraryRepository.EditConflict {
                #expect(conflict.current.version == 2 && conflict.current.body == "Call within two hours")
                #expect(conflict.editorName == "Member 1")
            }
            let versions = try await library.versions(resourceID: id)
            #expect(versions.map(\.number) == [2, 1] && versions[0].reason == "Faster" && versions[1].body == "Call within a day")
            // a restore brings version 1's text back as version 3
            #expect(try await library.restore(id: id, number: 1, actorID: f.stewardID, reason: "Back to the agreed text") == 3)
            let visit = try await library.visit(id: id, viewerID: f.memberIDs[0])
            #expect(visit?.resource.body == "Call within a day" && visit?.resource.version == 3)
            #expect(visit?.authors.map(\.name).sorted() == ["Member 0", "Member 1", "Steward Person"].sorted())
            await #expect(throws: StoreError.notFound) { try await library.restore(id: id, number: 9, actorID: f.stewardID, reason: "") }
        }
    }

    @Test func twoEditorsFromTheSameVersionOneWinsTheOtherIsTold() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 4)
            let library = LibraryRepository(db)
            let id = try await f.resource(db, title: "Race guide")
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (n, member) in f.memberIDs.enumerated() {
                    group.addTask {
                        do {
                            try await library.update(id: id, draft("Race guide", body: "Text \(n)", base: 1), actorID: member)
                            return true
                        } catch is LibraryRepository.EditConflict {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "exactly one edit from version 1 is saved")
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM resource_versions WHERE resource_id = \(id)") == 2)
            #expect(try await Self.count(db, "SELECT version::int8 FROM resources WHERE id = \(id)") == 2)
        }
    }

    @Test func usefulOncePerMemberAndTheCountIsTheMarks() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 6)
            let library = LibraryRepository(db)
            let id = try await f.resource(db, title: "Popular template")
            // every member marks it twice at once, and two take their mark back at the same time
            try await withThrowingTaskGroup(of: Void.self) { group in
                for member in f.memberIDs + f.memberIDs {
                    group.addTask { try await library.setUseful(resourceID: id, memberID: member, true) }
                }
                try await group.waitForAll()
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for member in f.memberIDs.prefix(2) + f.memberIDs.prefix(2) {
                    group.addTask { try await library.setUseful(resourceID: id, memberID: member, false) }
                }
                try await group.waitForAll()
            }
            let kept = try await Self.count(db, "SELECT useful_count::int8 FROM resources WHERE id = \(id)")
            let marks = try await Self.count(db, "SELECT count(*)::int8 FROM resource_useful WHERE resource_id = \(id)")
            #expect(kept == marks && marks == Int64(f.memberIDs.count - 2))
            #expect(try await CounterCheck(db).mismatches().filter { $0.hasPrefix("resource") } == [])
        }
    }

    @Test func searchFindsStemsInTheResourcesLanguageAndFilters() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 2)
            let library = LibraryRepository(db)
            let french = try await f.resource(db, title: "Accueillir les nouveaux habitants", body: "Les bénévoles accueillent",
                                               tags: ["accueil"], language: "fr")
            let english = try await f.resource(db, title: "Welcome calls", body: "Calling new customers", tags: ["calls"])
            let other = try await LibraryRepository(db).create(
                ResourceDraft(title: "Case of the depot", kind: .case, body: "A case", tags: ["depot"], language: "en"),
                communityID: f.community.id, actorID: f.memberIDs[1])
            func ids(_ query: ResourceQuery) async throws -> [Int64] {
                try await library.list(communityID: f.community.id, query: query).map(\.resource.id)
            }
            #expect(try await ids(ResourceQuery(words: "habitant")) == [french])
            #expect(try await ids(ResourceQuery(words: "call")) == [english])
            #expect(try await ids(ResourceQuery(kind: "case")) == [other])
            #expect(try await ids(ResourceQuery(tag: "calls")) == [english])
            #expect(try await ids(ResourceQuery()) == [other, english, french], "newest first")
            try await library.setUseful(resourceID: french, memberID: f.memberIDs[1], true)
            #expect(try await ids(ResourceQuery(sort: .useful)).first == french)
            // the private community's library is another list
            _ = try await f.privateResource(db)
            #expect(try await library.list(communityID: f.community.id, query: ResourceQuery()).count == 3)
        }
    }
}
