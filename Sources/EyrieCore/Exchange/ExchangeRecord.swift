/// One row of an import, checked: its external id and each field's value as PostgreSQL reads it, in field order.
/// A record of an import after its check: the row to stage, or what is wrong with it.
public enum CheckedRow: Sendable {
    case row(StagedRow)
    case errors([ImportError])
}

public struct StagedRow: Sendable {
    public let row: Int
    public let id: String?
    public let values: [String?]
}

/// Checks a record of an entity, read from JSON or CSV, field by field; every problem names its row and column.
public enum ExchangeRecord {
    /// A JSON object: unknown keys are refused (a file cannot slip in what the format does not carry).
    public static func fromJSON(_ fields: [(key: String, value: JSONValue)], entity: ExchangeEntity, file: String,
                                row: Int) -> CheckedRow {
        var errors: [ImportError] = []
        var byName: [String: JSONValue] = [:]
        for (key, value) in fields {
            if byName[key] != nil { errors.append(.init(file: file, row: row, column: key, reason: "appears twice")) }
            byName[key] = value
            if !entity.columns.contains(key) { errors.append(unknown(key, entity: entity, file: file, row: row)) }
        }
        return check(entity: entity, file: file, row: row, errors: errors, id: byName["id"]) { byName[entity.fields[$0].name] }
    }

    /// A CSV record under a header already checked by `checkHeader`, its cells found where the header's layout
    /// (worked out once per file) says.
    public static func fromCSV(_ cells: [String], layout: CSVLayout, entity: ExchangeEntity, file: String,
                               row: Int) -> CheckedRow {
        guard cells.count == layout.width else {
            return .errors([.init(file: file, row: row, column: nil,
                                   reason: "has \("fields", cells.count) fields; the header has \("header", layout.width)")])
        }
        var errors: [ImportError] = []
        var values = [JSONValue?](repeating: nil, count: entity.fields.count)
        for (n, field) in entity.fields.enumerated() {
            guard let cell = layout.cells[n] else { continue }
            switch ExchangeValue.fromCell(cells[cell], for: field) {
            case .success(let value): values[n] = value
            case .failure(let problem): errors.append(.init(file: file, row: row, column: field.name, reason: problem.reason))
            }
        }
        let id = layout.id.map { JSONValue.string(cells[$0]) }
        return check(entity: entity, file: file, row: row, errors: errors, id: id) { values[$0] }
    }

    /// The header must name the entity's columns, each once; optional fields may be left out.
    public static func checkHeader(_ header: [String], entity: ExchangeEntity, file: String) -> [ImportError] {
        var errors: [ImportError] = []
        var seen = Set<String>()
        for name in header {
            if !seen.insert(name).inserted { errors.append(.init(file: file, row: 1, column: name, reason: "appears twice")) }
            if !entity.columns.contains(name) { errors.append(unknown(name, entity: entity, file: file, row: 1)) }
        }
        for field in entity.fields where !field.optional && !seen.contains(field.name) {
            errors.append(.init(file: file, row: 1, column: field.name, reason: "is missing from the header"))
        }
        if entity.idKind != nil && !seen.contains("id") {
            errors.append(.init(file: file, row: 1, column: "id", reason: "is missing from the header"))
        }
        return errors
    }

    /// `value` gives the value of the entity's field at a position (nil when the record does not hold it).
    private static func check(entity: ExchangeEntity, file: String, row: Int, errors: [ImportError], id given: JSONValue?,
                              value: (Int) -> JSONValue?) -> CheckedRow {
        var errors = errors
        var id: String?
        if entity.idKind != nil {
            switch given {
            case .string(let text) where ExchangeValue.checkID(text).isSuccess: id = text
            case .number(let text): id = text
            default: errors.append(.init(file: file, row: row, column: "id", reason: "must be an id of 1 to 200 characters"))
            }
        }
        var values: [String?] = []
        values.reserveCapacity(entity.fields.count)
        for (n, field) in entity.fields.enumerated() {
            switch ExchangeValue.canonical(value(n), for: field) {
            case .success(let text): values.append(text)
            case .failure(let problem):
                errors.append(.init(file: file, row: row, column: field.name, reason: problem.reason))
                values.append(nil)
            }
        }
        guard errors.isEmpty else { return .errors(errors) }
        return .row(StagedRow(row: row, id: id, values: values))
    }

    private static func unknown(_ key: String, entity: ExchangeEntity, file: String, row: Int) -> ImportError {
        let lowered = key.lowercased()
        let forbidden = lowered.contains("admin") || lowered.contains("password")
        let reason: Phrase = forbidden
            ? "is refused: an import never sets passwords or grants platform-admin"
            : "is not a field of \("entity", entity.name) (expected \("columns", entity.columns.joined(separator: ", ")))"
        return .init(file: file, row: row, column: key, reason: reason)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}

/// Where each field of an entity is in the records of a CSV file, worked out once from its header.
public struct CSVLayout: Sendable {
    /// How many cells a record has.
    public let width: Int
    /// For each of the entity's fields, in order, its cell (nil when the header leaves it out).
    let cells: [Int?]
    /// The cell of the external id.
    let id: Int?

    public init(header: [String], entity: ExchangeEntity) {
        width = header.count
        cells = entity.fields.map { field in header.firstIndex(of: field.name) }
        id = header.firstIndex(of: "id")
    }
}
