import EyrieCore
import Foundation
import PostgresNIO

/// An offering's service blueprint. Every edit locks the offering's row, reads the blueprint, lets `Blueprint`
/// (in the core) make and validate the new one, and writes only what changed; the one-step-per-cell constraint is
/// checked at commit, so columns can be renumbered in any order.
public struct BlueprintRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// Stands for the id of a step being added, until the database gives it one.
    public static let newStep: Int64 = -1

    public func blueprint(offeringID: Int64) async throws -> Blueprint {
        try await db.client.withConnection { try await Self.read($0, offeringID: offeringID, logger: db.logger) }
    }

    static func read(_ connection: PostgresConnection, offeringID: Int64, logger: Logger) async throws -> Blueprint {
        let rows = try await connection.query("""
            SELECT 's', id, lane, "column", body, fail_point, wait_minutes, 0::int8 FROM blueprint_steps
            WHERE offering_id = \(offeringID)
            UNION ALL
            SELECT 'a', from_step, '', 0, '', false, NULL, to_step FROM blueprint_arrows WHERE offering_id = \(offeringID)
            UNION ALL
            SELECT 'n', u.n, '', 0, u.name, false, NULL, 0 FROM offerings o,
                   unnest(o.blueprint_stages) WITH ORDINALITY AS u(name, n)
            WHERE o.id = \(offeringID)
            """, logger: logger)
        var steps: [BlueprintStep] = []
        var arrows: [BlueprintArrow] = []
        var stages: [Int64: String] = [:]
        for try await row in rows {
            var r = RowReader(row)
            let (kind, id, lane, column) = try (r.next(String.self), r.next(Int64.self), r.next(String.self), r.next(Int32.self))
            let (body, fail, wait, to) = try (r.next(String.self), r.next(Bool.self), r.next(Int32?.self), r.next(Int64.self))
            if kind == "a" {
                arrows.append(BlueprintArrow(from: id, to: to))
            } else if kind == "n" {
                stages[id] = body
            } else {
                steps.append(BlueprintStep(id: id, lane: BlueprintLane(rawValue: lane) ?? .customer, column: Int(column),
                                           body: body, failPoint: fail, waitMinutes: wait.map(Int.init)))
            }
        }
        let named = (stages.keys.max() ?? 0)
        return Blueprint(steps: steps, arrows: arrows, stages: named == 0 ? [] : (1...named).map { stages[$0] ?? "" })
    }

    /// Applies one edit made by `change` (a core edit such as `adding`, `moving`, `removing`) and writes the result.
    /// `ValidationErrors` from the core pass through for the form; `conflict("state")` when the offering is retired.
    public func edit(offeringID: Int64, _ change: @Sendable (Blueprint) throws -> Blueprint) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: logger)
            let before = try await Self.read(connection, offeringID: offeringID, logger: logger)
            let after = try change(before)
            try await Self.write(connection, from: before, to: after, offeringID: offeringID, sources: [:], logger: logger)
        }
    }

    /// Appends the steps drafted in a closed workshop's blueprint activities (the notes placed in lanes), once:
    /// notes already seeded into this blueprint are skipped. Returns how many steps were added.
    public func seed(offeringID: Int64, workshopID: Int64) async throws -> Int {
        try await db.transaction { connection in
            let logger = db.logger
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: logger)
            let linked = try await connection.query("""
                SELECT 1 FROM offering_workshops WHERE offering_id = \(offeringID) AND workshop_id = \(workshopID)
                """, logger: logger).first(Int32.self)
            guard linked != nil else { throw ValidationErrors([FieldError("workshop", "Choose a workshop this offering comes from")]) }
            let rows = try await connection.query("""
                SELECT n.id, n.lane, n.body FROM board_notes n
                JOIN workshop_activities a ON a.id = n.activity_id AND a.kind = 'blueprint'
                WHERE n.workshop_id = \(workshopID) AND n.lane IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM blueprint_steps s WHERE s.offering_id = \(offeringID)
                                  AND s.source = 'note-' || n.id)
                ORDER BY n.id
                """, logger: logger)
            var notes: [(id: Int64, lane: BlueprintLane, body: String)] = []
            for try await (id, lane, body) in rows.decode((Int64, String, String).self) {
                if let lane = BlueprintLane(rawValue: lane) { notes.append((id, lane, body)) }
            }
            guard !notes.isEmpty else { return 0 }
            let before = try await Self.read(connection, offeringID: offeringID, logger: logger)
            // Placeholders below zero stand for the new steps; each remembers the note it came from.
            let after = try before.seeding(notes.map { ($0.lane, $0.body) }, firstID: -Int64(notes.count) - 1)
            var sources: [Int64: String] = [:]
            for (offset, note) in notes.enumerated() { sources[-Int64(notes.count) - 1 + Int64(offset)] = "note-\(note.id)" }
            try await Self.write(connection, from: before, to: after, offeringID: offeringID, sources: sources, logger: logger)
            return notes.count
        }
    }

    /// Writes the difference between two blueprints: steps with ids below zero are inserted.
    static func write(_ connection: PostgresConnection, from before: Blueprint, to after: Blueprint, offeringID: Int64,
                      sources: [Int64: String], logger: Logger) async throws {
        let kept = Set(after.steps.map(\.id))
        let removed = before.steps.map(\.id).filter { !kept.contains($0) }
        if !removed.isEmpty {
            try await connection.query("""
                DELETE FROM blueprint_steps WHERE offering_id = \(offeringID) AND id = ANY(\(removed))
                """, logger: logger)
        }
        var placeholders: [Int64: Int64] = [:]
        for step in after.steps where step.id < 0 {
            let id = try await connection.query("""
                INSERT INTO blueprint_steps (offering_id, lane, "column", body, fail_point, wait_minutes, source)
                VALUES (\(offeringID), \(step.lane.rawValue), \(Int32(step.column)), \(step.body), \(step.failPoint),
                        \(step.waitMinutes.map(Int32.init)), \(sources[step.id]))
                RETURNING id
                """, logger: logger).first(Int64.self)
            placeholders[step.id] = id
        }
        // Every changed step in one statement (a new column before the first moves them all).
        let changed = after.steps.filter { step in step.id > 0 && before.step(step.id).map { $0 != step } ?? false }
        if !changed.isEmpty {
            try await connection.query("""
                UPDATE blueprint_steps s SET lane = u.lane, "column" = u.col, body = u.body, fail_point = u.fail,
                       wait_minutes = nullif(u.wait, -1)
                FROM unnest(\(changed.map(\.id)), \(changed.map(\.lane.rawValue)), \(changed.map { Int32($0.column) }),
                            \(changed.map(\.body)), \(changed.map(\.failPoint)), \(changed.map { Int32($0.waitMinutes ?? -1) }))
                     AS u(id, lane, col, body, fail, wait)
                WHERE s.id = u.id AND s.offering_id = \(offeringID)
                """, logger: logger)
        }
        if after.stages != before.stages {
            try await connection.query("""
                UPDATE offerings SET blueprint_stages = \(after.stages) WHERE id = \(offeringID)
                """, logger: logger)
        }
        let oldArrows = Set(before.arrows)
        let newArrows = Set(after.arrows)
        for arrow in oldArrows.subtracting(newArrows) where kept.contains(arrow.from) && kept.contains(arrow.to) {
            try await connection.query("""
                DELETE FROM blueprint_arrows WHERE from_step = \(arrow.from) AND to_step = \(arrow.to)
                """, logger: logger)
        }
        for arrow in newArrows.subtracting(oldArrows) {
            let from = placeholders[arrow.from] ?? arrow.from, to = placeholders[arrow.to] ?? arrow.to
            try await connection.query("""
                INSERT INTO blueprint_arrows (offering_id, from_step, to_step) VALUES (\(offeringID), \(from), \(to))
                """, logger: logger)
        }
    }
}
