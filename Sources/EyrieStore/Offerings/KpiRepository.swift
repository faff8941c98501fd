import EyrieCore
import Foundation
import PostgresNIO

/// An offering's KPIs and their dated measurements. Changes lock the offering's row first (see
/// `OfferingRepository`); a measurement on a day already measured corrects that day's value.
public struct KpiRepository: Sendable {
    let db: Database

    public init(_ db: Database) { self.db = db }

    /// The most KPIs one offering tracks.
    public static let maxKpis = 30

    /// Every KPI of the offering with its measurements (oldest first), in the order they were added.
    public func kpis(offeringID: Int64) async throws -> [Kpi] {
        let rows = try await db.client.query("""
            SELECT k.id, k.name, k.unit, k.direction, k.baseline, k.target,
                   coalesce(array_agg(m.day::timestamp AT TIME ZONE 'UTC' ORDER BY m.day) FILTER (WHERE m.day IS NOT NULL), '{}'),
                   coalesce(array_agg(m.value ORDER BY m.day) FILTER (WHERE m.day IS NOT NULL), '{}')
            FROM kpis k LEFT JOIN kpi_measurements m ON m.kpi_id = k.id
            WHERE k.offering_id = \(offeringID)
            GROUP BY k.id ORDER BY k.id
            """, logger: db.logger)
        var kpis: [Kpi] = []
        for try await row in rows {
            var r = RowReader(row)
            let (id, name, unit, direction) = try (r.next(Int64.self), r.next(String.self), r.next(String.self),
                                                   r.next(String.self))
            let (baseline, target, days, values) = try (r.next(Double.self), r.next(Double?.self), r.next([Date].self),
                                                        r.next([Double].self))
            kpis.append(Kpi(id: id, name: name, unit: unit, direction: KpiDirection(rawValue: direction) ?? .higher,
                            baseline: baseline, target: target,
                            measurements: zip(days, values).map { KpiMeasurement(day: $0, value: $1) }))
        }
        return kpis
    }

    @discardableResult
    public func add(_ draft: KpiDraft, offeringID: Int64) async throws -> Int64 {
        try await db.transaction { connection in
            let logger = db.logger
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: logger)
            let count = try await connection.query("""
                SELECT count(*)::int8 FROM kpis WHERE offering_id = \(offeringID)
                """, logger: logger).first(Int64.self) ?? 0
            guard count < Self.maxKpis else {
                throw ValidationErrors([FieldError("name", "An offering tracks at most \("most", Self.maxKpis) KPIs")])
            }
            let id = try await connection.query("""
                INSERT INTO kpis (offering_id, name, unit, direction, baseline, target)
                VALUES (\(offeringID), \(draft.name), \(draft.unit), \(draft.direction.rawValue), \(draft.baseline), \(draft.target))
                RETURNING id
                """, logger: logger).first(Int64.self)
            return id ?? 0
        }
    }

    /// Records a KPI's value on a day (replacing that day's value, if any).
    public func measure(kpiID: Int64, _ draft: MeasurementDraft, offeringID: Int64, actorID: Int64?) async throws {
        try await db.transaction { connection in
            let logger = db.logger
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: logger)
            let done = try await connection.query("""
                INSERT INTO kpi_measurements (kpi_id, day, value, recorded_by)
                SELECT id, (\(draft.day)::timestamptz AT TIME ZONE 'UTC')::date, \(draft.value), \(actorID) FROM kpis
                WHERE id = \(kpiID) AND offering_id = \(offeringID)
                ON CONFLICT (kpi_id, day) DO UPDATE SET value = EXCLUDED.value, recorded_by = EXCLUDED.recorded_by
                RETURNING 1
                """, logger: logger).first(Int32.self)
            guard done != nil else { throw StoreError.notFound }
        }
    }

    public func remove(kpiID: Int64, offeringID: Int64) async throws {
        try await db.transaction { connection in
            _ = try await OfferingRepository.lockEditable(connection, offeringID: offeringID, logger: db.logger)
            let done = try await connection.query("""
                DELETE FROM kpis WHERE id = \(kpiID) AND offering_id = \(offeringID) RETURNING 1
                """, logger: db.logger).first(Int32.self)
            guard done != nil else { throw StoreError.notFound }
        }
    }
}
