/// A JSON value as an import reads it. Numbers keep their text, so nothing is lost to floating point on the way.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }
}

/// Where a JSON document went wrong: line and column (both from 1), and why.
public struct JSONSyntaxError: Error, Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let reason: Phrase

    public init(line: Int, column: Int, reason: Phrase) {
        self.line = line
        self.column = column
        self.reason = reason
    }
}

/// A strict JSON reader (RFC 8259) that pulls bytes in chunks, so a document of any size is read one record at a
/// time: the caller walks the outer object and arrays itself (`beginObject`, `nextKey`, `beginArray`,
/// `nextElement`) and reads each record whole (`value`). Depth and string length are bounded; invalid UTF-8, a
/// byte-order mark, trailing commas and anything after the document are errors with their line and column.
public final class JSONParser {
    private var bytes: ChunkedBytes
    private let maxDepth: Int
    private let maxString: Int
    public private(set) var line = 1
    public private(set) var column = 1
    private var depth = 0
    private var afterFirst: [Bool] = []

    public init(maxDepth: Int = 16, maxString: Int = 1 << 20, read: @escaping () throws -> [UInt8]?) {
        self.maxDepth = maxDepth
        self.maxString = maxString
        bytes = ChunkedBytes(read: read)
    }

    /// Parses a whole document held in a string.
    public static func parse(_ text: String, maxDepth: Int = 16) throws(JSONSyntaxError) -> JSONValue {
        var chunk: [UInt8]? = Array(text.utf8)
        let parser = JSONParser(maxDepth: maxDepth) { defer { chunk = nil }; return chunk }
        do {
            let value = try parser.value()
            try parser.end()
            return value
        } catch let error as JSONSyntaxError { throw error } catch { throw parser.fail("could not be read") }
    }

    public func fail(_ reason: Phrase) -> JSONSyntaxError { .init(line: line, column: column, reason: reason) }

    /// Starts reading an object; a byte-order mark before the document is refused.
    public func beginObject() throws {
        if depth == 0, try peek() == 0xEF { throw fail("starts with a byte-order mark (BOM): save it as UTF-8 without one") }
        guard try skipSpace() == UInt8(ascii: "{") else { throw fail("expected an object") }
        try enter()
        try advance()
    }

    /// The next key of the object being read, or nil at its end.
    public func nextKey() throws -> String? {
        guard try more(closing: UInt8(ascii: "}")) else { return nil }
        guard try skipSpace() == UInt8(ascii: "\"") else { throw fail("expected a key in quotes") }
        let key = try string()
        guard try skipSpace() == UInt8(ascii: ":") else { throw fail("expected ':' after the key") }
        try advance()
        return key
    }

    public func beginArray() throws {
        guard try skipSpace() == UInt8(ascii: "[") else { throw fail("expected a list") }
        try enter()
        try advance()
    }

    /// Whether another element follows in the array being read.
    public func nextElement() throws -> Bool { try more(closing: UInt8(ascii: "]")) }

    /// Checks that nothing but white space follows the document.
    public func end() throws {
        if try skipSpace() != nil { throw fail("unexpected text after the end of the document") }
    }

    /// Reads one whole value.
    public func value() throws -> JSONValue {
        guard let byte = try skipSpace() else { throw fail("the document ends too early") }
        switch byte {
        case UInt8(ascii: "{"):
            try enter()
            try advance()
            var fields: [(key: String, value: JSONValue)] = []
            while let key = try nextKey() { fields.append((key, try value())) }
            return .object(fields)
        case UInt8(ascii: "["):
            try enter()
            try advance()
            var items: [JSONValue] = []
            while try nextElement() { items.append(try value()) }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case 0xEF where depth == 0: throw fail("starts with a byte-order mark (BOM): save it as UTF-8 without one")
        default: throw fail("unexpected character")
        }
    }

    private func enter() throws {
        depth += 1
        if depth > maxDepth { throw fail("nested deeper than \("most", maxDepth) levels") }
        afterFirst.append(false)
    }

    /// After `{`/`[` or an element: true if another element follows (consuming the comma), false at the closer.
    private func more(closing: UInt8) throws -> Bool {
        guard let byte = try skipSpace() else { throw fail("the document ends too early") }
        let started = afterFirst[afterFirst.count - 1]
        if byte == closing {
            try advance()
            depth -= 1
            afterFirst.removeLast()
            return false
        }
        if started {
            guard byte == UInt8(ascii: ",") else { throw fail("expected ',' or '\("closing", Character(UnicodeScalar(closing)))'") }
            try advance()
            guard let next = try skipSpace() else { throw fail("the document ends too early") }
            if next == closing { throw fail("a comma before '\("closing", Character(UnicodeScalar(closing)))'") }
        }
        afterFirst[afterFirst.count - 1] = true
        return true
    }

    private func string() throws -> String {
        let start = (line, column)
        try advance()  // the opening quote
        var bytes: [UInt8] = []
        while true {
            guard let byte = try peek() else { throw fail("a text is not closed") }
            if byte == UInt8(ascii: "\"") { try advance(); break }
            if byte < 0x20 { throw fail("a control character inside a text") }
            if byte == UInt8(ascii: "\\") {
                try advance()
                guard let escaped = try peek() else { throw fail("a text is not closed") }
                try advance()
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escaped)
                case UInt8(ascii: "b"): bytes.append(8)
                case UInt8(ascii: "f"): bytes.append(12)
                case UInt8(ascii: "n"): bytes.append(10)
                case UInt8(ascii: "r"): bytes.append(13)
                case UInt8(ascii: "t"): bytes.append(9)
                case UInt8(ascii: "u"): bytes.append(contentsOf: try unicodeEscape())
                default: throw fail("an unknown escape \\\("escape", Character(UnicodeScalar(escaped)))")
                }
            } else {
                bytes.append(byte)
                try advance()
            }
            if bytes.count > maxString { throw fail("a text longer than \(number: "most", maxString) bytes") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw JSONSyntaxError(line: start.0, column: start.1, reason: "a text is not valid UTF-8")
        }
        return text
    }

    private func unicodeEscape() throws -> [UInt8] {
        var unit = try hex4()
        if (0xD800...0xDBFF).contains(unit) {
            guard try peek() == UInt8(ascii: "\\") else { throw fail("a lone surrogate in \\u escape") }
            try advance()
            guard try peek() == UInt8(ascii: "u") else { throw fail("a lone surrogate in \\u escape") }
            try advance()
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("a lone surrogate in \\u escape") }
            unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(unit) {
            throw fail("a lone surrogate in \\u escape")
        }
        guard let scalar = UnicodeScalar(unit) else { throw fail("an invalid \\u escape") }
        return Array(String(Character(scalar)).utf8)
    }

    private func hex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try peek(), let digit = Character(UnicodeScalar(byte)).hexDigitValue else {
                throw fail("\\u needs four hex digits")
            }
            value = value * 16 + UInt32(digit)
            try advance()
        }
        return value
    }

    private func number() throws -> String {
        let start = (line, column)
        func invalid() -> JSONSyntaxError { JSONSyntaxError(line: start.0, column: start.1, reason: "an invalid number") }
        var text: [UInt8] = []
        func digits() throws -> Int {
            var n = 0
            while let byte = try peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                text.append(byte)
                try advance()
                n += 1
            }
            return n
        }
        if try peek() == UInt8(ascii: "-") { text.append(UInt8(ascii: "-")); try advance() }
        let leadingZero = try peek() == UInt8(ascii: "0")
        let whole = try digits()
        if whole == 0 || (leadingZero && whole > 1) { throw invalid() }
        if try peek() == UInt8(ascii: ".") {
            text.append(UInt8(ascii: "."))
            try advance()
            if try digits() == 0 { throw invalid() }
        }
        if let e = try peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            text.append(e)
            try advance()
            if let sign = try peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { text.append(sign); try advance() }
            if try digits() == 0 { throw invalid() }
        }
        if text.count > 100 { throw fail("a number longer than 100 digits") }
        return String(decoding: text, as: UTF8.self)
    }

    private func word(_ word: String) throws {
        for expected in word.utf8 {
            guard try peek() == expected else { throw fail("unexpected character") }
            try advance()
        }
    }

    /// Skips white space and returns the next byte without taking it (nil at the end).
    private func skipSpace() throws -> UInt8? {
        while let byte = try peek() {
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            try advance()
        }
        return nil
    }

    private func peek() throws -> UInt8? { try bytes.peek() }

    private func advance() throws {
        guard let byte = try bytes.take() else { return }
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }
}
