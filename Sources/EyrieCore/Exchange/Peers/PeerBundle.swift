import Foundation

/// A peer's export mapped onto Eyrie's entities in memory (peers' files are small next to Eyrie's own), then read
/// like an Eyrie file, so that the same checks and the same import apply. `mappings` says what became of what.
public final class PeerBundle: @unchecked Sendable {  // built by one task, then only read
    public let source: String
    private var records: [String: [(row: Int, fields: [(key: String, value: JSONValue)])]] = [:]
    private var ids: [String: Set<String>] = [:]
    public private(set) var mappings: [Phrase: Int] = [:]
    public private(set) var notes: [Phrase] = []

    public init(source: String) { self.source = source }

    /// Adds a row once: a second row with the same id (the same author named twice) is dropped.
    public func add(_ entity: String, row: Int, _ fields: [(String, JSONValue)]) {
        if case .string(let id)? = fields.first(where: { $0.0 == "id" })?.1 {
            guard ids[entity, default: []].insert(id).inserted else { return }
        }
        records[entity, default: []].append((row, fields.map { (key: $0.0, value: $0.1) }))
    }

    public func count(_ entity: String) -> Int { records[entity]?.count ?? 0 }

    /// Counts one mapping for the report (`state accepted → selected`).
    public func map(_ line: Phrase) { mappings[line, default: 0] += 1 }

    public func note(_ line: Phrase) { if !notes.contains(line) { notes.append(line) } }

    /// The report: how many rows became what, each mapping with its count (the files' own names and values as
    /// they are, Eyrie's words in the reader's language).
    public var report: [Phrase] {
        let entities = ExchangeFormat.entities.compactMap { entity -> String? in
            let n = count(entity.name)
            return n == 0 ? nil : "\(n) \(entity.name)"
        }
        let from: Phrase = "From \("source", source): \("counts", entities.joined(separator: ", "))"
        return [from]
            + mappings.sorted { $0.key.description < $1.key.description }.map {
                Phrase("  {mapping}: {count}", ["count": String($0.value)]).with("mapping", $0.key)
            }
            + notes.map { Phrase("  {note}").with("note", $0) }
    }

    public func reading(fileName: String) -> any ExchangeReading { BundleReading(records: records, fileName: fileName) }
}

/// Emits a bundle's records entity by entity, each checked like a JSON record.
final class BundleReading: ExchangeReading {
    private var pending: [(ExchangeEntity, [(row: Int, fields: [(key: String, value: JSONValue)])])]
    private var rows: [(row: Int, fields: [(key: String, value: JSONValue)])] = []
    private var entity: ExchangeEntity?
    let fileName: String

    init(records: [String: [(row: Int, fields: [(key: String, value: JSONValue)])]], fileName: String) {
        pending = ExchangeFormat.entities.compactMap { entity in records[entity.name].map { (entity, $0) } }
        self.fileName = fileName
    }

    func nextEntity() throws -> ExchangeEntity? {
        guard !pending.isEmpty else { return nil }
        let (entity, rows) = pending.removeFirst()
        self.entity = entity
        self.rows = rows
        return entity
    }

    func nextRow() throws -> CheckedRow? {
        guard let entity, !rows.isEmpty else { return nil }
        let record = rows.removeFirst()
        return ExchangeRecord.fromJSON(record.fields, entity: entity, file: fileName, row: record.row)
    }
}

/// Times as peers write them, turned into ISO 8601: RFC 3339 (Fider) and Ruby's `2024-01-15 10:23:45 UTC` or
/// `… +0100` (Decidim's CSV).
public enum PeerTime {
    public static func iso(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ISODate.isTime(trimmed) { return trimmed }
        let parts = trimmed.split(separator: " ")
        guard parts.count >= 2 else {
            return ISODate.isDay(trimmed) ? trimmed + "T00:00:00Z" : nil
        }
        var time = "\(parts[0])T\(parts[1])"
        if parts.count == 2 || parts[2] == "UTC" || parts[2] == "GMT" {
            time += "Z"
        } else {
            let zone = String(parts[2])
            guard zone.count == 5, zone.first == "+" || zone.first == "-" else { return nil }
            time += zone.prefix(3) + ":" + zone.suffix(2)
        }
        return ISODate.isTime(time) ? time : nil
    }
}

/// A peer's CSV read whole, with its header, to be mapped row by row.
public struct PeerTable {
    public let file: String
    public let header: [String]
    public let rows: [(row: Int, cells: [String: String])]

    /// Reads every record; a row with a different number of fields than the header is an error.
    public static func read(file: String, delimiter: Character, allowBOM: Bool = true,
                            read: @escaping () throws -> [UInt8]?) throws -> PeerTable {
        let reader = CSVReader(delimiter: delimiter, allowBOM: allowBOM, read: read)
        guard let header = try ExchangeCSVReading.read(reader, file: file) else {
            throw ImportRefused(ImportError(file: file, reason: "is empty"))
        }
        var rows: [(Int, [String: String])] = []
        var problems = ImportProblems()
        while let cells = try ExchangeCSVReading.read(reader, file: file) {
            if cells.count == 1 && cells[0].isEmpty { continue }
            guard cells.count == header.count else {
                problems.add(.init(file: file, row: reader.row, reason: "has \("fields", cells.count) fields; the header has \("header", header.count)"))
                continue
            }
            rows.append((reader.row, Dictionary(zip(header, cells), uniquingKeysWith: { first, _ in first })))
        }
        if !problems.isEmpty { throw ImportRefused(problems) }
        return PeerTable(file: file, header: header, rows: rows)
    }

    /// The first of these columns the header has.
    public func column(_ names: String...) -> String? { names.first { header.contains($0) } }
}
