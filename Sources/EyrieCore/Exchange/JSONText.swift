/// JSON written by hand, so that the same data always gives the same bytes (the round trip is compared byte for byte).
public enum JSONText {
    public static func string(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    public static func array(_ items: [String]) -> String { "[" + items.joined(separator: ",") + "]" }

    /// Whether values of that kind are JSON strings (everything but numbers, booleans and lists).
    public static func isQuoted(_ kind: ExchangeKind) -> Bool {
        switch kind {
        case .integer, .number, .boolean, .texts, .numbers, .integers: false
        default: true
        }
    }

    /// A JSON string of UTF-8 bytes, escaped as `string(_:)` escapes it, straight from the bytes. Runs of bytes that
    /// need no escape (nearly all of them) are copied whole.
    public static func appendString(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(34)
        var run = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            if byte >= 0x20 && byte != 34 && byte != 92 && byte != 0xE2 {
                i += 1
                continue
            }
            let separator = byte == 0xE2 && i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)
            if byte == 0xE2 && !separator {
                i += 1
                continue
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<i]))
            switch byte {
            case 34: out.append(92); out.append(34)
            case 92: out.append(92); out.append(92)
            case 10: out.append(92); out.append(UInt8(ascii: "n"))
            case 13: out.append(92); out.append(UInt8(ascii: "r"))
            case 9: out.append(92); out.append(UInt8(ascii: "t"))
            case 0xE2:
                // U+2028 and U+2029, which some JavaScript parsers take for line ends.
                out.append(contentsOf: Self.lineSeparator)
                out.append(bytes[i + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9"))
                i += 2
            default:
                out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 15)]])
            }
            i += 1
            run = i
        }
        out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[run..<n]))
        out.append(34)
    }

    private static let hex = Array("0123456789abcdef".utf8)
    private static let lineSeparator = Array("\\u202".utf8)
}

/// Cells a spreadsheet would run as a formula get a `'` in front (OWASP's advice); a cell that already starts with
/// `'` gets one too, so that an import can take exactly one off again.
public enum SpreadsheetSafe {
    static let risky = Set("=+-@\t\r'".unicodeScalars)
    static let riskyBytes = Set("=+-@\t\r'".utf8)

    public static func neutralise(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, risky.contains(first) else { return text }
        return "'" + text
    }

    public static func restore(_ cell: String) -> String {
        var scalars = cell.unicodeScalars.makeIterator()
        guard scalars.next() == "'", let second = scalars.next(), risky.contains(second) else { return cell }
        return String(cell.unicodeScalars.dropFirst())
    }
}

/// The ISO 8601 shapes an import accepts for times (with a zone) and dates.
public enum ISODate {
    public static func isDay(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45, let y = int(b[0..<4]), let m = int(b[5..<7]), let d = int(b[8..<10])
        else { return false }
        return y >= 1 && (1...12).contains(m) && (1...days(in: m, of: y)).contains(d)
    }

    /// `2026-03-01T09:30:00Z`, with optional fractions of a second and `Z` or `±HH:MM`.
    public static func isTime(_ text: String) -> Bool {
        let b = Array(text.utf8)
        guard b.count >= 20, b.count <= 35, isDay(String(decoding: b[0..<10], as: UTF8.self)),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " "), b[13] == 58, b[16] == 58,
              let h = int(b[11..<13]), let m = int(b[14..<16]), let s = int(b[17..<19]), h < 24, m < 60, s < 60
        else { return false }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, (48...57).contains(b[i]) { i += 1 }
            guard i > start, i - start <= 9 else { return false }
        }
        guard i < b.count else { return false }
        if b[i] == UInt8(ascii: "Z") { return i == b.count - 1 }
        guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"), b.count - i == 6, b[i + 3] == 58,
              let zh = int(b[(i + 1)..<(i + 3)]), let zm = int(b[(i + 4)..<(i + 6)]) else { return false }
        return zh <= 14 && zm < 60
    }

    private static func int(_ bytes: ArraySlice<UInt8>) -> Int? {
        var n = 0
        for byte in bytes {
            guard (48...57).contains(byte) else { return nil }
            n = n * 10 + Int(byte - 48)
        }
        return n
    }

    private static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
