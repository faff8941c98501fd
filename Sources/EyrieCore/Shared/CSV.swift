/// CSV as RFC 4180 writes it (fields quoted when needed, CRLF line ends), with the cells a spreadsheet would run as a
/// formula defused the way OWASP recommends: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` before it.
public enum CSV {
    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    /// Rows (the first is the header) as one document.
    public static func document(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
