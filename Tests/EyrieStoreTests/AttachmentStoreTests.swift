import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import NIOCore
import PostgresNIO
import Testing

/// Attachments in PostgreSQL: the bytes come back as they went in, a resource is found by its files' names, and the
/// community's quota holds when members attach at once (the kept usage equal to the files' own sizes and count).
struct AttachmentStoreTests {
    func upload(_ name: String, _ type: AttachmentType = .pdf) -> AttachmentUpload { AttachmentUpload(name: name, type: type) }

    @Test func theBytesComeBackAndTheResourceIsFoundByTheFilesName() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 2)
            let files = AttachmentRepository(db)
            let id = try await f.resource(db, title: "Welcome guide", body: "Call within a day")
            let pdf = SampleFiles.pdf(bytes: 5000)
            let attached = try await files.attach(resourceID: id, upload("pilot-lessons_Lyon.pdf"), content: ByteBuffer(bytes: pdf),
                                                  quota: 1_000_000, actorID: f.memberIDs[1])
            let list = try await files.list(resourceID: id)
            #expect(list.map(\.name) == ["pilot-lessons_Lyon.pdf"] && list[0].size == 5000 && list[0].type == .pdf)
            #expect(list[0].uploadedBy == f.memberIDs[1] && list[0].uploaderName == "Member 1")
            #expect(try await files.content(id: attached).map { Array($0.readableBytesView) } == pdf)
            // found by a word of the file's name, which the resource's own text does not hold
            let found = try await LibraryRepository(db).list(communityID: f.community.id, query: ResourceQuery.parse(["q": "lessons"]))
            #expect(found.map(\.resource.id) == [id])
            // removed: the name no longer finds it, and the usage gives the bytes back
            try await files.remove(id: attached, resourceID: id)
            #expect(try await LibraryRepository(db).list(communityID: f.community.id, query: ResourceQuery.parse(["q": "lessons"])).isEmpty)
            #expect(try await files.usage(communityID: f.community.id) == .init(bytes: 0, files: 0))
            #expect(try await files.find(id: attached) == nil)
            await #expect(throws: StoreError.notFound) { try await files.remove(id: attached, resourceID: id) }
        }
    }

    /// Eight members attach a 1,000-byte file at once to a library with room for three: exactly three are kept,
    /// the five others are told the library is full, and the kept usage equals the files themselves.
    @Test func theQuotaHoldsWhenMembersAttachAtOnce() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 8)
            let resources = try await withThrowingTaskGroup(of: Int64.self) { group in
                for i in 0..<2 { group.addTask { try await f.resource(db, title: "Resource \(i)") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let files = AttachmentRepository(db)
            let kept = try await withThrowingTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        do {
                            _ = try await files.attach(resourceID: resources[i % 2], upload("file-\(i).pdf"),
                                                       content: ByteBuffer(bytes: SampleFiles.pdf(bytes: 1000)), quota: 3000,
                                                       actorID: f.memberIDs[i])
                            return true
                        } catch let full as AttachmentRepository.QuotaExceeded {
                            #expect(full.quota == 3000 && full.used == 3000)
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(kept == 3)
            #expect(try await files.usage(communityID: f.community.id) == .init(bytes: 3000, files: 3))
            #expect(try await LibraryStoreTests.count(db, "SELECT count(*) FROM resource_attachments") == 3)
            #expect(try await CounterCheck(db).mismatches().isEmpty)
            // a removal makes room for exactly one more
            let first = try await files.list(resourceID: resources[0]) + files.list(resourceID: resources[1])
            try await files.remove(id: first[0].id, resourceID: first[0].resourceID)
            _ = try await files.attach(resourceID: resources[0], upload("again.pdf"), content: ByteBuffer(bytes: SampleFiles.pdf(bytes: 1000)),
                                       quota: 3000, actorID: f.memberIDs[0])
            await #expect(throws: AttachmentRepository.QuotaExceeded.self) {
                try await files.attach(resourceID: resources[0], upload("one-more.pdf"), content: ByteBuffer(bytes: SampleFiles.pdf(bytes: 10)),
                                       quota: 3000, actorID: f.memberIDs[0])
            }
            #expect(try await CounterCheck(db).mismatches().isEmpty)
        }
    }

    @Test func theDatabaseRefusesANameWithAFolderOrAControlCharacter() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 1)
            let id = try await f.resource(db, title: "Welcome guide")
            for name in ["../secret.pdf", "a\\b.pdf", "tab\there.pdf"] {
                await #expect(throws: (any Error).self) {
                    try await AttachmentRepository(db).attach(resourceID: id, upload(name), content: ByteBuffer(bytes: SampleFiles.pdf),
                                                              quota: 1_000_000, actorID: f.memberIDs[0])
                }
            }
            #expect(try await AttachmentRepository(db).usage(communityID: f.community.id) == .init(bytes: 0, files: 0))
        }
    }
}
