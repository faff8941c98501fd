import EyrieCore
import Foundation
import NIOCore
import PostgresNIO

/// Files attached to the library's resources, kept in PostgreSQL with each community's usage beside them.
///
/// Lock order, for attaching and removing alike: the resource's row (`FOR NO KEY UPDATE`, as every library write
/// takes first), then the community's `library_usage` row (the conditional upsert below locks it), then the
/// attachment rows. The usage row is what makes the quota hold when two members attach at once: the second upsert
/// waits for the first, then sees its bytes. `Database.transaction` retries a serialization failure or deadlock.
public struct AttachmentRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The community's library would hold more than its quota with this file: nothing was written.
    public struct QuotaExceeded: Error, Sendable, Equatable {
        public var used: Int
        public var quota: Int
    }

    /// How much the community's library holds in attachments.
    public struct Usage: Sendable, Equatable {
        public var bytes: Int
        public var files: Int

        public init(bytes: Int, files: Int) {
            self.bytes = bytes
            self.files = files
        }
    }

    static let columns = "a.id, a.resource_id, a.name, a.type, a.size, a.uploaded_by, m.name, a.uploaded_at"

    static func attachment(_ r: inout RowReader) throws -> Attachment {
        let (id, resourceID, name, type) = try (r.next(Int64.self), r.next(Int64.self), r.next(String.self), r.next(String.self))
        let (size, by, byName, at) = try (r.next(Int32.self), r.next(Int64?.self), r.next(String?.self), r.next(Date.self))
        return Attachment(id: id, resourceID: resourceID, name: name, type: AttachmentType(rawValue: type) ?? .pdf,
                          size: Int(size), uploadedBy: by, uploaderName: byName, uploadedAt: at)
    }

    /// Keeps the file on the resource when the community's library has room for it (`quota` bytes in all);
    /// otherwise throws `QuotaExceeded`. Returns the attachment's id.
    public func attach(resourceID: Int64, _ upload: AttachmentUpload, content: ByteBuffer, quota: Int,
                       actorID: Int64) async throws -> Int64 {
        let size = content.readableBytes
        return try await db.transaction { connection in
            let resource = try await LibraryRepository.locked(connection, id: resourceID, logger: db.logger)
            let room = try await connection.query("""
                INSERT INTO library_usage AS u (community_id, bytes, files)
                SELECT \(resource.communityID), \(size), 1 WHERE \(size) <= \(quota)
                ON CONFLICT (community_id) DO UPDATE SET bytes = u.bytes + excluded.bytes, files = u.files + 1
                WHERE u.bytes + excluded.bytes <= \(quota)
                RETURNING u.bytes
                """, logger: db.logger).first(Int64.self)
            guard room != nil else {
                let used = try await connection.query("""
                    SELECT bytes FROM library_usage WHERE community_id = \(resource.communityID)
                    """, logger: db.logger).first(Int64.self) ?? 0
                throw QuotaExceeded(used: Int(used), quota: quota)
            }
            let id = try await connection.query("""
                INSERT INTO resource_attachments (resource_id, name, type, size, content, uploaded_by)
                VALUES (\(resourceID), \(upload.name), \(upload.type.rawValue), \(size), \(content), \(actorID))
                RETURNING id
                """, logger: db.logger).first(Int64.self)
            try await Self.refreshNames(connection, resourceID: resourceID, logger: db.logger)
            guard let id else { throw StoreError.notFound }
            return id
        }
    }

    /// Removes the attachment and gives its bytes back to the community's quota.
    public func remove(id: Int64, resourceID: Int64) async throws {
        try await db.transaction { connection in
            let resource = try await LibraryRepository.locked(connection, id: resourceID, logger: db.logger)
            guard let size = try await connection.query("""
                DELETE FROM resource_attachments WHERE id = \(id) AND resource_id = \(resourceID) RETURNING size
                """, logger: db.logger).first(Int32.self) else { throw StoreError.notFound }
            try await connection.query("""
                UPDATE library_usage SET bytes = bytes - \(Int64(size)), files = files - 1
                WHERE community_id = \(resource.communityID)
                """, logger: db.logger)
            try await Self.refreshNames(connection, resourceID: resourceID, logger: db.logger)
        }
    }

    /// The names a resource is found by, aggregated over its attachments `a`: their names with dots, dashes and
    /// underscores as spaces ('' for none). The import's recount uses it too.
    static let namesSearched = "coalesce(string_agg(regexp_replace(a.name, '[._-]+', ' ', 'g'), ' ' ORDER BY a.id), '')"

    /// The names the resource is found by: its attachments' names with dots, dashes and underscores as spaces.
    static func refreshNames(_ connection: PostgresConnection, resourceID: Int64, logger: Logger) async throws {
        try await connection.query("""
            UPDATE resources SET attachment_names = (
                SELECT \(unescaped: Self.namesSearched) FROM resource_attachments a WHERE a.resource_id = \(resourceID))
            WHERE id = \(resourceID)
            """, logger: logger)
    }

    /// The resource's attachments, the first attached first (without their bytes).
    public func list(resourceID: Int64) async throws -> [Attachment] {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM resource_attachments a LEFT JOIN members m ON m.id = a.uploaded_by
            WHERE a.resource_id = \(resourceID) ORDER BY a.uploaded_at, a.id
            """, logger: db.logger)
        var out: [Attachment] = []
        for try await row in rows {
            var r = RowReader(row)
            out.append(try Self.attachment(&r))
        }
        return out
    }

    /// One attachment, without its bytes (nil when there is none).
    public func find(id: Int64) async throws -> Attachment? {
        let rows = try await db.client.query("""
            SELECT \(unescaped: Self.columns) FROM resource_attachments a LEFT JOIN members m ON m.id = a.uploaded_by
            WHERE a.id = \(id)
            """, logger: db.logger)
        for try await row in rows {
            var r = RowReader(row)
            return try Self.attachment(&r)
        }
        return nil
    }

    /// The attachment's bytes.
    public func content(id: Int64) async throws -> ByteBuffer? {
        try await db.client.query("SELECT content FROM resource_attachments WHERE id = \(id)", logger: db.logger)
            .first(ByteBuffer.self)
    }

    public func usage(communityID: Int64) async throws -> Usage {
        let rows = try await db.client.query("""
            SELECT bytes, files FROM library_usage WHERE community_id = \(communityID)
            """, logger: db.logger)
        for try await (bytes, files) in rows.decode((Int64, Int32).self) { return Usage(bytes: Int(bytes), files: Int(files)) }
        return Usage(bytes: 0, files: 0)
    }
}
