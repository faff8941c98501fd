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
    private let read: () throws -> [UInt8]?
    private var chunk: [UInt8] = []
    private var index = 0
    private var finished = false
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
        self.read = read
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
                index += 1
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
            index += 1
            if end == delimiter { continue }
            if end == 0x0D {
                guard try peek() == 0x0A else { throw fail(column, "a carriage return outside quotes not followed by a line feed") }
                index += 1
            }
            line += 1
            width = fields.count
            return fields
        }
    }

    /// An unquoted field and the byte that ends it (nil at the end of the file), left unread.
    private func plain(_ column: Int) throws -> (String, UInt8?) {
        var pieces: [UInt8] = []
        while true {
            guard try peek() != nil else { return (try text(pieces, column), nil) }
            let from = index
            let delimiter = self.delimiter
            let (stop, found) = chunk.withUnsafeBufferPointer { buffer -> (Int, UInt8?) in
                var i = from
                while i < buffer.count {
                    let byte = buffer[i]
                    if byte == delimiter || byte == 0x0A || byte == 0x0D || byte == 0x22 { return (i, byte) }
                    i += 1
                }
                return (i, nil)
            }
            if found == UInt8(ascii: "\"") { throw fail(column, "a quote inside a field that does not start with one") }
            if pieces.count + stop - from > maxField { throw fail(column, "a field longer than \(number: "most", maxField) bytes") }
            index = stop
            guard let found else {
                pieces.append(contentsOf: chunk[from..<stop])
                continue
            }
            if pieces.isEmpty {
                let field = chunk.withUnsafeBufferPointer { String(validating: $0[from..<stop], as: UTF8.self) }
                guard let field else { throw fail(column, "is not valid UTF-8") }
                return (field, found)
            }
            pieces.append(contentsOf: chunk[from..<stop])
            return (try text(pieces, column), found)
        }
    }

    /// A quoted field after its opening quote, up to and past its closing one.
    private func quoted(_ column: Int) throws -> String {
        let opened = line
        var bytes: [UInt8] = []
        while true {
            guard try peek() != nil else {
                throw fail(column, "a quoted field opened on line \("line", opened) is never closed")
            }
            let from = index
            let (stop, closed, breaks) = chunk.withUnsafeBufferPointer { buffer -> (Int, Bool, Int) in
                var i = from
                var breaks = 0
                while i < buffer.count {
                    let byte = buffer[i]
                    if byte == 0x22 { return (i, true, breaks) }
                    if byte == 0x0A { breaks += 1 }
                    i += 1
                }
                return (i, false, breaks)
            }
            line += breaks
            bytes.append(contentsOf: chunk[from..<stop])
            if bytes.count > maxField { throw fail(column, "a field longer than \(number: "most", maxField) bytes") }
            index = stop
            guard closed else { continue }
            index += 1
            if try peek() == UInt8(ascii: "\"") {
                bytes.append(UInt8(ascii: "\""))
                index += 1
                if bytes.count > maxField { throw fail(column, "a field longer than \(number: "most", maxField) bytes") }
                continue
            }
            return try text(bytes, column)
        }
    }

    private func text(_ bytes: [UInt8], _ column: Int) throws -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw fail(column, "is not valid UTF-8") }
        return text
    }

    private func fail(_ column: Int, _ reason: Phrase) -> CSVSyntaxError {
        CSVSyntaxError(row: max(row, 1), column: column, line: line, reason: reason)
    }

    /// The next byte without taking it (nil at the end), pulling the next chunk when this one is used up.
    private func peek() throws -> UInt8? {
        if index < chunk.count { return chunk[index] }
        guard !finished else { return nil }
        while true {
            guard let next = try read() else {
                finished = true
                chunk = []
                index = 0
                return nil
            }
            if !next.isEmpty {
                chunk = next
                index = 0
                return chunk[0]
            }
        }
    }

    private func take() throws -> UInt8 {
        guard let byte = try peek() else { return 0 }
        index += 1
        return byte
    }
}
