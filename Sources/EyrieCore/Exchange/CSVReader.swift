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
public final class CSVReader {
    private var bytes: ChunkedBytes
    private let delimiter: UInt8
    private let maxField: Int
    /// The record about to be read or being read (1 = the header).
    public private(set) var row = 0
    public private(set) var line = 1
    private let allowBOM: Bool
    private var started = false

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
        var field: [UInt8] = []
        while true {
            let column = fields.count + 1
            field.removeAll(keepingCapacity: true)
            var byte = try peek()
            if byte == UInt8(ascii: "\"") {
                let opened = line
                _ = try take()
                while true {
                    guard let next = try peek() else {
                        throw fail(column, "a quoted field opened on line \("line", opened) is never closed")
                    }
                    _ = try take()
                    if next == UInt8(ascii: "\"") {
                        if try peek() == UInt8(ascii: "\"") { field.append(try take()); continue }
                        break
                    }
                    if next == 0x0A { line += 1 }
                    field.append(next)
                    if field.count > maxField { throw fail(column, "a field longer than \(number: "most", maxField) bytes") }
                }
                byte = try peek()
                if let after = byte, after != delimiter, after != 0x0A, after != 0x0D {
                    throw fail(column, "text after the closing quote of a quoted field")
                }
            } else {
                while let next = byte, next != delimiter, next != 0x0A, next != 0x0D {
                    if next == UInt8(ascii: "\"") { throw fail(column, "a quote inside a field that does not start with one") }
                    field.append(try take())
                    if field.count > maxField { throw fail(column, "a field longer than \(number: "most", maxField) bytes") }
                    byte = try peek()
                }
            }
            guard let text = String(validating: field, as: UTF8.self) else { throw fail(column, "is not valid UTF-8") }
            fields.append(text)
            guard let end = byte else { return fields }
            _ = try take()
            if end == delimiter { continue }
            if end == 0x0D {
                guard try peek() == 0x0A else { throw fail(column, "a carriage return outside quotes not followed by a line feed") }
                _ = try take()
            }
            line += 1
            return fields
        }
    }

    private func fail(_ column: Int, _ reason: Phrase) -> CSVSyntaxError {
        CSVSyntaxError(row: max(row, 1), column: column, line: line, reason: reason)
    }

    private func peek() throws -> UInt8? { try bytes.peek() }

    private func take() throws -> UInt8 { try bytes.take() ?? 0 }
}
