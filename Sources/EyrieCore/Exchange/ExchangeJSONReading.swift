/// Reads Eyrie's JSON document one record at a time (see `ExchangeFormat`). Syntax errors stop the import with
/// their line and column; field errors are reported per record, by the line the record starts on.
public final class ExchangeJSONReading: ExchangeReading {
    public let fileName: String
    private let parser: JSONParser
    private var started = false
    private var pendingCommunity: JSONValue?
    private var schemaSeen = false
    private var current: ExchangeEntity?

    public init(fileName: String, read: @escaping () throws -> [UInt8]?) {
        self.fileName = fileName
        self.parser = JSONParser(maxDepth: 8, maxString: ExchangeFormat.maxValueBytes, read: read)
    }

    public func nextEntity() throws -> ExchangeEntity? {
        do {
            if !started {
                started = true
                try parser.beginObject()
            }
            while let key = try parser.nextKey() {
                switch key {
                case "schema":
                    guard case .string(let schema) = try parser.value(), schema == ExchangeFormat.schema else {
                        throw refusal("schema", "is not \("schema", ExchangeFormat.schema): this file is not an Eyrie export of this version")
                    }
                    schemaSeen = true
                case "exported_at":
                    _ = try parser.value()
                case ExchangeFormat.community.name:
                    try requireSchema()
                    pendingCommunity = try parser.value()
                    current = ExchangeFormat.community
                    return ExchangeFormat.community
                default:
                    try requireSchema()
                    guard let entity = ExchangeFormat.entity(key) else {
                        let expected = (["schema", "exported_at", "community"] + ExchangeFormat.entities.map(\.name)).joined(separator: ", ")
                        throw refusal(key, "is not part of an Eyrie export (expected \("keys", expected))")
                    }
                    try parser.beginArray()
                    current = entity
                    return entity
                }
            }
            try parser.end()
            try requireSchema()
            return nil
        } catch let syntax as JSONSyntaxError {
            throw ImportRefused(ImportError(file: fileName, row: syntax.line, column: "character \(syntax.column)",
                                            reason: syntax.reason))
        }
    }

    public func nextRow() throws -> CheckedRow? {
        guard let entity = current else { return nil }
        do {
            if entity.name == ExchangeFormat.community.name {
                guard let value = pendingCommunity else { return nil }
                pendingCommunity = nil
                return record(value, entity: entity, line: parser.line)
            }
            guard try parser.nextElement() else {
                current = nil
                return nil
            }
            let line = parser.line
            return record(try parser.value(), entity: entity, line: line)
        } catch let syntax as JSONSyntaxError {
            throw ImportRefused(ImportError(file: fileName, row: syntax.line, column: "character \(syntax.column)",
                                            reason: syntax.reason))
        }
    }

    private func record(_ value: JSONValue, entity: ExchangeEntity, line: Int) -> CheckedRow {
        guard case .object(let fields) = value else {
            return .errors([.init(file: fileName, row: line, reason: "\("entity", entity.name) must list objects")])
        }
        return ExchangeRecord.fromJSON(fields, entity: entity, file: fileName, row: line)
    }

    private func requireSchema() throws {
        if !schemaSeen { throw refusal("schema", "must come first and name \("schema", ExchangeFormat.schema)") }
    }

    private func refusal(_ key: String, _ reason: Phrase) -> ImportRefused {
        ImportRefused(ImportError(file: fileName, row: parser.line, column: key, reason: reason))
    }
}
