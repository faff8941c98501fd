import EyrieCore
import Foundation
import PostgresNIO

/// An offering's value proposition canvas: ordered entries per section and the fit between them. Every change
/// locks the offering's row first (see `OfferingRepository`), then checks the change against the canvas as it is.
public struct CanvasRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    public func canvas(offeringID: Int64) async throws -> Canvas {
        try await db.client.withConnection { try await Self.read($0, offeringID: offeringID, logger: db.logger) }
    }

    static func read(_ connection: PostgresConnection, offeringID: Int64, logger: Logger) async throws -> Canvas {
        let rows = try await connection.query("""
            SELECT 'e', id, section, position, body, 0::int8 FROM canvas_entries WHERE offering_id = \(offeringID)
            UNION ALL
            SELECT 'f', from_entry, '', 0, '', to_entry FROM canvas_fits WHERE offering_id = \(offeringID)
            """, logger: logger)
        var entries: [CanvasEntry] = []
        var fits: [CanvasFit] = []
        for try await (kind, id, section, position, body, to) in rows.decode((String, Int64, String, Int32, String, Int64).self) {
            if kind == "f" {
                fits.append(CanvasFit(from: id, to: to))
            } else if let section = CanvasSection(rawValue: section) {
                entries.append(CanvasEntry(id: id, section: section, position: Int(position), body: body))
            }
        }
        return Canvas(entries: entries, fits: fits)
    }

    /// Adds an entry at the end of its section; `ValidationErrors` when the section is full.
    @discardableResult
    public func add(_ draft: CanvasEntryDraft, offeringID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let logger = db.logger
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: logger)
            let canvas = try await Self.read(connection, offeringID: offeringID, logger: logger)
            let section = canvas.entries(in: draft.section)
            guard section.count < Canvas.maxPerSection else {
                throw ValidationErrors([FieldError("body", "\("section", draft.section.label) holds at most \("most", Canvas.maxPerSection) entries")])
            }
            let id = try await connection.query("""
                INSERT INTO canvas_entries (offering_id, section, position, body)
                VALUES (\(offeringID), \(draft.section.rawValue), \((section.map(\.position).max() ?? 0) + 1), \(draft.body))
                RETURNING id
                """, logger: logger).first(Int64.self)
            return id ?? 0
        }
    }

    public func edit(entryID: Int64, body: String, offeringID: Int64) async throws {
        try await db.transaction { connection in
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: db.logger)
            let done = try await connection.query("""
                UPDATE canvas_entries SET body = \(body) WHERE id = \(entryID) AND offering_id = \(offeringID) RETURNING 1
                """, logger: db.logger).first(Int32.self)
            guard done != nil else { throw StoreError.notFound }
        }
    }

    /// Moves an entry one place up (`by: -1`) or down (`by: 1`) in its section, changing places with its neighbour.
    public func move(entryID: Int64, by offset: Int, offeringID: Int64) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: logger)
            let canvas = try await Self.read(connection, offeringID: offeringID, logger: logger)
            guard let entry = canvas.entry(entryID) else { throw StoreError.notFound }
            let section = canvas.entries(in: entry.section)
            let index = section.firstIndex(of: entry)! + offset
            guard section.indices.contains(index) else { return }
            let other = section[index]
            try await connection.query("""
                UPDATE canvas_entries SET position = CASE id WHEN \(entry.id) THEN \(Int32(other.position))
                                                              ELSE \(Int32(entry.position)) END
                WHERE id IN (\(entry.id), \(other.id))
                """, logger: logger)
        }
    }

    public func remove(entryID: Int64, offeringID: Int64) async throws {
        try await db.transaction { connection in
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: db.logger)
            let done = try await connection.query("""
                DELETE FROM canvas_entries WHERE id = \(entryID) AND offering_id = \(offeringID) RETURNING 1
                """, logger: db.logger).first(Int32.self)
            guard done != nil else { throw StoreError.notFound }
        }
    }

    /// Links a reliever to the pain it takes away (or a creator to the gain it brings); `ValidationErrors` when
    /// the canvas says no (`Canvas.checkFit`).
    public func link(from: Int64, to: Int64, offeringID: Int64) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: logger)
            let canvas = try await Self.read(connection, offeringID: offeringID, logger: logger)
            if let problem = canvas.checkFit(from: from, to: to) { throw ValidationErrors([problem]) }
            try await connection.query("""
                INSERT INTO canvas_fits (offering_id, from_entry, to_entry) VALUES (\(offeringID), \(from), \(to))
                """, logger: logger)
        }
    }

    public func unlink(from: Int64, to: Int64, offeringID: Int64) async throws {
        try await db.transaction { connection in
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: db.logger)
            try await connection.query("""
                DELETE FROM canvas_fits WHERE offering_id = \(offeringID) AND from_entry = \(from) AND to_entry = \(to)
                """, logger: db.logger)
        }
    }
}
