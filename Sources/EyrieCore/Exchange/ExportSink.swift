/// Where an export goes, one entity after the other, one row after the other, one cell after the other: each cell
/// is PostgreSQL's text for the column (id first), read in place from the database's buffer (nil for NULL), so that
/// a row costs no allocation on the way from the database to the file.
public protocol ExportSink: AnyObject, Sendable {
    func begin(exportedAt: String, community: [String?]) throws
    func beginEntity(_ entity: ExchangeEntity) throws
    func beginRow() throws
    func cell(_ bytes: UnsafeRawBufferPointer?) throws
    func endRow() throws
    func endEntity() throws
    func finish() throws
}

extension ExportSink {
    /// A row of texts (the community's, and tests').
    public func row(_ values: [String?]) throws {
        try beginRow()
        for value in values {
            if var text = value {
                try text.withUTF8 { try cell(UnsafeRawBufferPointer($0)) }
            } else {
                try cell(nil)
            }
        }
        try endRow()
    }
}

/// Bytes gathered for a file and handed on in chunks of 64 KiB.
struct ExportBuffer {
    var bytes: [UInt8] = []
    let write: ([UInt8]) throws -> Void

    init(write: @escaping ([UInt8]) throws -> Void) {
        self.write = write
        bytes.reserveCapacity(1 << 17)
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func flushIfFull() throws { if bytes.count >= 1 << 16 { try flush() } }

    mutating func flush() throws {
        guard !bytes.isEmpty else { return }
        try write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}

/// The JSON document: `schema`, `exported_at`, `community`, then one list per entity, one record per line, keys in
/// the format's order. The same data always gives the same bytes.
public final class JSONExportSink: ExportSink, @unchecked Sendable {  // one export's task only
    private var out: ExportBuffer
    private var keys: [[UInt8]] = []
    private var quoted: [Bool] = []
    private var column = 0
    private var rows = 0
    /// What goes before the next row: nothing for the community, a line break before an entity's first row, a comma
    /// and a line break between rows.
    private var separator: [UInt8] = []

    public init(write: @escaping ([UInt8]) throws -> Void) { out = ExportBuffer(write: write) }

    public func begin(exportedAt: String, community: [String?]) throws {
        out.append("{\n\"schema\": \(JSONText.string(ExchangeFormat.schema)),\n\"exported_at\": \(JSONText.string(exportedAt)),\n")
        out.append("\"community\": ")
        prepare(ExchangeFormat.community)
        separator = []
        try row(community)
    }

    public func beginEntity(_ entity: ExchangeEntity) throws {
        prepare(entity)
        rows = 0
        separator = [10]
        out.append(",\n\(JSONText.string(entity.name)): [")
    }

    public func beginRow() throws {
        out.bytes.append(contentsOf: separator)
        separator = [44, 10]
        rows += 1
        column = 0
        out.bytes.append(UInt8(ascii: "{"))
    }

    public func cell(_ bytes: UnsafeRawBufferPointer?) throws {
        guard column < keys.count else { return }
        out.bytes.append(contentsOf: keys[column])
        if let bytes {
            if quoted[column] { JSONText.appendString(bytes, to: &out.bytes) } else { out.bytes.append(contentsOf: bytes) }
        } else {
            out.bytes.append(contentsOf: Self.null)
        }
        column += 1
    }

    public func endRow() throws {
        out.bytes.append(UInt8(ascii: "}"))
        try out.flushIfFull()
    }

    public func endEntity() throws { out.append(rows == 0 ? "]" : "\n]") }

    public func finish() throws {
        out.append("\n}\n")
        try out.flush()
    }

    private static let null = Array("null".utf8)

    /// The `"key": ` before each cell and whether its value is quoted.
    private func prepare(_ entity: ExchangeEntity) {
        let kinds = (entity.idKind == nil ? [] : [ExchangeKind.text(0)]) + entity.fields.map(\.kind)
        keys = entity.columns.enumerated().map { n, name in Array(((n == 0 ? "" : ", ") + JSONText.string(name) + ": ").utf8) }
        quoted = kinds.map(JSONText.isQuoted)
    }
}

/// One CSV file per entity (header row, RFC 4180 quoting, UTF-8, CRLF), text cells made safe for spreadsheets; the
/// caller opens each file and puts them in a zip with `manifest.csv` and `README.txt` (`ExchangeReadme`).
public final class CSVExportSink: ExportSink, @unchecked Sendable {  // one export's task only
    public typealias Output = (write: ([UInt8]) throws -> Void, close: () throws -> Void)
    private let open: (String) throws -> Output
    private var out: ExportBuffer?
    private var close: (() throws -> Void)?
    private var texts: [Bool] = []
    private var column = 0

    public init(open: @escaping (String) throws -> Output) { self.open = open }

    public func begin(exportedAt: String, community: [String?]) throws {
        try file("manifest.csv", header: ["key", "value"], kinds: [.text(0), .text(0)])
        try row(["schema", ExchangeFormat.schema])
        try row(["exported_at", exportedAt])
        try finishFile()
        let entity = ExchangeFormat.community
        try file("community.csv", header: entity.columns, kinds: entity.fields.map(\.kind))
        try row(community)
        try finishFile()
    }

    public func beginEntity(_ entity: ExchangeEntity) throws {
        try file(entity.name + ".csv", header: entity.columns,
                 kinds: (entity.idKind == nil ? [] : [ExchangeKind.ref("")]) + entity.fields.map(\.kind))
    }

    public func beginRow() throws { column = 0 }

    public func cell(_ bytes: UnsafeRawBufferPointer?) throws {
        if column > 0 { out?.bytes.append(UInt8(ascii: ",")) }
        if let bytes { CSVText.appendCell(bytes, defuse: column < texts.count && texts[column], to: &out!.bytes) }
        column += 1
    }

    public func endRow() throws {
        out?.bytes.append(contentsOf: [13, 10])
        try out?.flushIfFull()
    }

    public func endEntity() throws { try finishFile() }

    public func finish() throws {}

    private func file(_ name: String, header: [String], kinds: [ExchangeKind]) throws {
        let output = try open(name)
        out = ExportBuffer(write: output.write)
        close = output.close
        texts = Array(repeating: false, count: header.count)
        try row(header)
        texts = kinds.map { if case .text = $0 { true } else { false } }
    }

    private func finishFile() throws {
        try out?.flush()
        try close?()
        out = nil
        close = nil
    }
}

/// CSV cells written from bytes: quoted when they hold a comma, a quote or a line break; text a spreadsheet would
/// run as a formula gets a `'` in front (`SpreadsheetSafe`).
enum CSVText {
    static func appendCell(_ bytes: UnsafeRawBufferPointer, defuse: Bool, to out: inout [UInt8]) {
        let risky = defuse && bytes.first.map { SpreadsheetSafe.riskyBytes.contains($0) } == true
        let quote = bytes.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        if quote { out.append(34) }
        if risky { out.append(UInt8(ascii: "'")) }
        guard quote else {
            out.append(contentsOf: bytes)
            return
        }
        // Quoted: each run up to and including a quote, then the quote doubled.
        var run = 0
        for (i, byte) in bytes.enumerated() where byte == 34 {
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run...i]))
            out.append(34)
            run = i + 1
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run...]))
        out.append(34)
    }
}
