/// Where an export goes, one entity after the other; rows arrive as PostgreSQL's text for each column (id first).
public protocol ExportSink: AnyObject, Sendable {
    func begin(exportedAt: String, community: [String?]) throws
    func beginEntity(_ entity: ExchangeEntity) throws
    func row(_ values: [String?]) throws
    func endEntity() throws
    func finish() throws
}

/// The JSON document: `schema`, `exported_at`, `community`, then one list per entity, one record per line, keys in
/// the format's order. The same data always gives the same bytes.
public final class JSONExportSink: ExportSink, @unchecked Sendable {  // one export's task only
    private let write: ([UInt8]) throws -> Void
    private var buffer: [UInt8] = []
    private var entity: ExchangeEntity?
    private var first = true

    public init(write: @escaping ([UInt8]) throws -> Void) {
        self.write = write
        buffer.reserveCapacity(1 << 17)
    }

    public func begin(exportedAt: String, community: [String?]) throws {
        append("{\n\"schema\": \(JSONText.string(ExchangeFormat.schema)),\n\"exported_at\": \(JSONText.string(exportedAt)),\n")
        append("\"community\": \(Self.object(ExchangeFormat.community, community))")
    }

    public func beginEntity(_ entity: ExchangeEntity) throws {
        self.entity = entity
        first = true
        append(",\n\(JSONText.string(entity.name)): [")
    }

    public func row(_ values: [String?]) throws {
        guard let entity else { return }
        append(first ? "\n" : ",\n")
        first = false
        append(Self.object(entity, values))
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func endEntity() throws { append(first ? "]" : "\n]") }

    public func finish() throws {
        append("\n}\n")
        try flush()
    }

    static func object(_ entity: ExchangeEntity, _ values: [String?]) -> String {
        var parts: [String] = []
        parts.reserveCapacity(values.count)
        var index = 0
        if entity.idKind != nil {
            parts.append("\"id\": " + JSONText.value(values[0], kind: .text(0)))
            index = 1
        }
        for field in entity.fields {
            parts.append(JSONText.string(field.name) + ": " + JSONText.value(values[index], kind: field.kind))
            index += 1
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    private func append(_ text: String) { buffer.append(contentsOf: text.utf8) }

    private func flush() throws {
        try write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// One CSV file per entity (header row, RFC 4180 quoting, UTF-8, CRLF), text cells made safe for spreadsheets; the
/// caller opens each file and puts them in a zip with `manifest.csv` and `README.txt` (`ExchangeReadme`).
public final class CSVExportSink: ExportSink, @unchecked Sendable {  // one export's task only
    public typealias Output = (write: ([UInt8]) throws -> Void, close: () throws -> Void)
    private let open: (String) throws -> Output
    private var output: Output?
    private var entity: ExchangeEntity?
    private var buffer: [UInt8] = []

    public init(open: @escaping (String) throws -> Output) { self.open = open }

    public func begin(exportedAt: String, community: [String?]) throws {
        try file("manifest.csv", header: ["key", "value"])
        line(["schema", ExchangeFormat.schema])
        line(["exported_at", exportedAt])
        try close()
        try file("community.csv", header: ExchangeFormat.community.columns)
        line(Self.cells(ExchangeFormat.community, community))
        try close()
    }

    public func beginEntity(_ entity: ExchangeEntity) throws {
        self.entity = entity
        try file(entity.name + ".csv", header: entity.columns)
    }

    public func row(_ values: [String?]) throws {
        guard let entity else { return }
        line(Self.cells(entity, values))
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func endEntity() throws { try close() }

    public func finish() throws {}

    static func cells(_ entity: ExchangeEntity, _ values: [String?]) -> [String] {
        let kinds = (entity.idKind == nil ? [] : [ExchangeKind.ref("")]) + entity.fields.map(\.kind)
        return zip(kinds, values).map { kind, value in
            guard let value else { return "" }
            if case .text = kind { return SpreadsheetSafe.neutralise(value) }
            return value
        }
    }

    private func file(_ name: String, header: [String]) throws {
        output = try open(name)
        line(header)
    }

    private func line(_ cells: [String]) {
        var first = true
        for cell in cells {
            if !first { buffer.append(UInt8(ascii: ",")) }
            first = false
            if cell.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
                buffer.append(34)
                for byte in cell.utf8 {
                    if byte == 34 { buffer.append(34) }
                    buffer.append(byte)
                }
                buffer.append(34)
            } else {
                buffer.append(contentsOf: cell.utf8)
            }
        }
        buffer.append(contentsOf: [13, 10])
    }

    private func flush() throws {
        try output?.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private func close() throws {
        try flush()
        try output?.close()
        output = nil
    }
}
