/// Where a CSV file went wrong: the record (row 1 is the header), the field (from 1), the line, and why.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    public let row: Int
    public let column: Int
    public let line: Int
    public let reason: Phrase

    public init(row: Int, column: Int, line: Int, reason: Phrase) {
        self.row = row
        self.column = column
        self.line = line
        self.reason = reason
    }
}

/// A strict RFC 4180 reader pulling bytes in chunks: quoted fields may hold the delimiter, quotes (doubled) and line
/// breaks; a quote inside an unquoted field, text after a closing quote, a quote never closed, invalid UTF-8 or an
/// oversized field is an error naming the row and column. Lines end with CRLF or LF.
///
/// Fields are found by scanning the chunk in hand for the next byte that ends them and taking the run before it
/// whole (a field that spans two chunks is put together from its pieces), not a byte at a time.
public final class CSVReader {
    private var bytes: ChunkedBytes
    private let delimiter: UInt8
    private let maxField: Int
    /// The record about to be read or being read (1 = the header).
    public private(set) var row = 0
    public private(set) var line = 1
    private let allowBOM: Bool
    private var started = false
    private var width = 8

    public init(delimiter: Character = ",", maxField: Int = 1 << 20, allowBOM: Bool = false,
                read: @escaping () throws -> [UInt8]?) {
        self.delimiter = delimiter.asciiValue ?? UInt8(ascii: ",")
        self.maxField = maxField
        self.allowBOM = allowBOM
        bytes = ChunkedBytes(read: read)
    }

    /// The next record's fields, or nil at the end of the file.
    public func next() throws(CSVSyntaxError) -> [String]? {
        do {
            return try record()
        } catch let error as CSVSyntaxError {
            throw error
        } catch {
            throw CSVSyntaxError(row: row, column: 1, line: line, reason: "could not be read (\("error", String(describing: error)))")
        }
    }

    private func record() throws -> [String]? {
        if !started {
            started = true
            if try peek() == 0xEF {
                let bom = [try take(), try take(), try take()]
                guard bom == [0xEF, 0xBB, 0xBF] else { throw fail(1, "is not valid UTF-8") }
                if !allowBOM { throw fail(1, "starts with a byte-order mark (BOM): save it as UTF-8 without one") }
            }
        }
        guard try peek() != nil else { return nil }
        row += 1
        var fields: [String] = []
        fields.reserveCapacity(width)
        while true {
            let column = fields.count + 1
            let end: UInt8?
            if try peek() == UInt8(ascii: "\"") {
                try bytes.take()
                fields.append(try quoted(column))
                end = try peek()
                if let after = end, after != delimiter, after != 0x0A, after != 0x0D {
                    throw fail(column, "text after the closing quote of a quoted field")
                }
            } else {
                let (text, stop) = try plain(column)
                fields.append(text)
                end = stop
            }
            guard let end else {
                width = fields.count
                return fields
            }
            try bytes.take()
            if end == delimiter { continue }
            if end == 0x0D {
                guard try peek() == 0x0A else { throw fail(column, "a carriage return outside quotes not followed by a line feed") }
                try bytes.take()
            }
            line += 1
            width = fields.count
            return fields
        }
    }

    /// An unquoted field and the byte that ends it (nil at the end of the file), left unread.
    private func plain(_ column: Int) throws -> (String, UInt8?) {
        var pieces: [UInt8] = []
        let delimiter = self.delimiter
        while true {
            guard try peek() != nil else { return (try text(pieces, column), nil) }
            let done = try bytes.scan(until: { $0 == delimiter || $0 == 0x0A || $0 == 0x0D || $0 == 0x22 }) {
                run, found -> (String, UInt8)? in
                if found == UInt8(ascii: "\"") { throw fail(column, "a quote inside a field that does not start with one") }
                if pieces.count + run.count > maxField { throw fail(column, "a field longer than \(number: "most", maxField) bytes") }
                guard let found else {
                    pieces.append(contentsOf: run)
                    return nil
                }
                // A field inside one chunk becomes a string at once; one across chunks is put together first.
                if pieces.isEmpty {
                    guard let field = String(validating: run, as: UTF8.self) else { throw fail(column, "is not valid UTF-8") }
                    return (field, found)
                }
                pieces.append(contentsOf: run)
                return (try text(pieces, column), found)
            }
            if let done { return done }
        }
    }

    /// A quoted field after its opening quote, up to and past its closing one.
    private func quoted(_ column: Int) throws -> String {
        let opened = line
        var field: [UInt8] = []
        while true {
            guard try peek() != nil else {
                throw fail(column, "a quoted field opened on line \("line", opened) is never closed")
            }
            let closed = bytes.scan(until: { $0 == 0x22 }) { run, found in
                for byte in run where byte == 0x0A { line += 1 }
                field.append(contentsOf: run)
                return found != nil
            }
            if field.count > maxField { throw fail(column, "a field longer than \(number: "most", maxField) bytes") }
            guard closed else { continue }
            try bytes.take()
            if try peek() == UInt8(ascii: "\"") {
                field.append(try take())
                if field.count > maxField { throw fail(column, "a field longer than \(number: "most", maxField) bytes") }
                continue
            }
            return try text(field, column)
        }
    }

    private func text(_ bytes: [UInt8], _ column: Int) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail(column, "is not valid UTF-8") }
        return text
    }

    private func fail(_ column: Int, _ reason: Phrase) -> CSVSyntaxError {
        CSVSyntaxError(row: max(row, 1), column: column, line: line, reason: reason)
    }

    private func peek() throws -> UInt8? { try bytes.peek() }

    private func take() throws -> UInt8 { try bytes.take() ?? 0 }
}
