import EyrieCore
import EyrieStore
import Foundation
import NIOCore

extension Fixture {
    /// A resource in the open community's library, written by `by` (member 0 by default).
    public func resource(_ db: Database, title: String, body: String = "First line\nSecond line", by: Int64? = nil,
                         tags: [String] = ["checklist"], language: String? = "en") async throws -> Int64 {
        try await LibraryRepository(db).create(
            ResourceDraft(title: title, kind: .tool, body: body, tags: tags, language: language),
            communityID: community.id, actorID: by ?? memberIDs[0])
    }

    /// A resource in the private community's library, written by its steward.
    public func privateResource(_ db: Database) async throws -> Int64 {
        try await LibraryRepository(db).create(
            ResourceDraft(title: "Lab notebook", kind: .lesson, body: "Only the lab may read this.", tags: ["lab"], language: "en"),
            communityID: privateCommunity.id, actorID: stewardID)
    }
}

extension Fixture {
    /// A PNG attached to the resource by `by` (member 0 by default).
    public func attachment(_ db: Database, resourceID: Int64, name: String = "diagram.png", by: Int64? = nil) async throws -> Int64 {
        try await AttachmentRepository(db).attach(
            resourceID: resourceID, AttachmentUpload(name: name, type: .png), content: ByteBuffer(bytes: SampleFiles.png),
            quota: AttachmentLimits().perCommunity, actorID: by ?? memberIDs[0])
    }
}
