/// Checks one value of an import against its field and turns it into the text PostgreSQL reads for that column
/// (nil for NULL). The reason names what is wrong in the user's words.
public enum ExchangeValue {
    public static func canonical(_ value: JSONValue?, for field: ExchangeField) -> Result<String?, ExchangeProblem> {
        guard let value, value != .null else {
            return field.optional ? .success(nil) : .failure(.init(value == nil ? "is missing" : "is empty"))
        }
        switch (field.kind, value) {
        case (.text(let max), .string(let text)):
            return checkText(text, max: max).map { $0 }
        case (.integer(let range), .number(let digits)):
            guard let n = Int64(digits), range.contains(n) else {
                return .failure(.init("must be a whole number from \("least", range.lowerBound) to \("most", range.upperBound)"))
            }
            return .success(String(n))
        case (.number, .number(let text)):
            guard let n = Double(text), n.isFinite else { return .failure(.init("must be a number")) }
            return .success(text)
        case (.boolean, .bool(let flag)):
            return .success(flag ? "true" : "false")
        case (.time, .string(let text)):
            return ISODate.isTime(text) ? .success(text) : .failure(.init("must be a time like 2026-03-01T09:30:00Z"))
        case (.day, .string(let text)):
            return ISODate.isDay(text) ? .success(text) : .failure(.init("must be a date like 2026-03-01"))
        case (.oneOf(let values), .string(let text)):
            return values.contains(text) ? .success(text)
                : .failure(.init("must be one of \("values", values.joined(separator: ", ")) (found \("found", Self.quote(text)))"))
        case (.texts(let count, let length), .array(let items)):
            guard items.count <= count else { return .failure(.init("has more than \("most", count) entries")) }
            var out: [String] = []
            for item in items {
                guard case .string(let text) = item else { return .failure(.init("must list texts")) }
                if case .failure(let problem) = checkText(text, max: length) { return .failure(problem) }
                out.append(text)
            }
            return .success(JSONText.array(out.map(JSONText.string)))
        case (.numbers(let count), .array(let items)):
            guard items.count <= count else { return .failure(.init("has more than \("most", count) entries")) }
            var out: [String] = []
            for item in items {
                guard case .number(let text) = item, let n = Double(text), n.isFinite else {
                    return .failure(.init("must list numbers"))
                }
                out.append(text)
            }
            return .success(JSONText.array(out))
        case (.integers(let count, let range), .array(let items)):
            guard (1...count).contains(items.count) else { return .failure(.init("must list 1 to \("most", count) entries")) }
            var out: [String] = []
            for item in items {
                guard case .number(let text) = item, let n = Int64(text), range.contains(n) else {
                    return .failure(.init("must list whole numbers from \("least", range.lowerBound) to \("most", range.upperBound)"))
                }
                out.append(String(n))
            }
            return .success(JSONText.array(out))
        case (.ref, .string(let id)):
            return checkID(id)
        case (.bytes(let max), .string(let text)):
            return checkBase64(text, max: max)
        case (.boardItem, .string(let text)):
            guard let (_, id) = BoardItem.split(text) else {
                return .failure(.init("must be note:<id> or cluster:<id> (found \("found", Self.quote(text)))"))
            }
            return checkID(id).map { _ in text }
        default:
            return .failure(.init(Phrase("must be {kind}").with("kind", field.kind.summary)))
        }
    }

    /// A CSV cell as the JSON value it stands for: lists are JSON in the cell; an empty cell is NULL unless the
    /// field is required text; a leading `'` that the export put before a formula character is taken off.
    public static func fromCell(_ cell: String, for field: ExchangeField) -> Result<JSONValue, ExchangeProblem> {
        switch field.kind {
        case .text:
            if cell.isEmpty { return .success(field.optional ? .null : .string("")) }
            return .success(.string(SpreadsheetSafe.restore(cell)))
        case .integer, .number:
            return .success(cell.isEmpty ? .null : .number(cell))
        case .boolean:
            if cell.isEmpty { return .success(.null) }
            return .success(cell == "true" ? .bool(true) : cell == "false" ? .bool(false) : .string(cell))
        case .texts, .numbers, .integers:
            if cell.isEmpty { return .success(.array([])) }
            do { return .success(try JSONParser.parse(cell, maxDepth: 2)) } catch {
                return .failure(.init("must be a JSON list (\("reason", error.reason.description))"))
            }
        default:
            return .success(cell.isEmpty ? .null : .string(cell))
        }
    }

    static func checkText(_ text: String, max: Int) -> Result<String?, ExchangeProblem> {
        if text.unicodeScalars.contains("\0") { return .failure(.init("holds a NUL character")) }
        let length = text.unicodeScalars.count
        return length <= max ? .success(text) : .failure(.init("is \(number: "length", length) characters long; at most \(number: "most", max) fit"))
    }

    /// Base64 (standard alphabet, padded, no line breaks) whose bytes are at most `max`; checked without decoding.
    static func checkBase64(_ text: String, max: Int) -> Result<String?, ExchangeProblem> {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count % 4 == 0 else { return .failure(.init("must be base64 (a multiple of four characters)")) }
        let padding = bytes.suffix(2).filter { $0 == UInt8(ascii: "=") }.count
        for (i, byte) in bytes.enumerated() {
            let letter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            guard letter || (byte == UInt8(ascii: "=") && i >= bytes.count - padding) else {
                return .failure(.init("must be base64 (found a character that is not)"))
            }
        }
        let size = bytes.count / 4 * 3 - padding
        return size <= max ? .success(text) : .failure(.init("holds \(number: "size", size) bytes; at most \(number: "most", max) fit"))
    }

    static func checkID(_ id: String) -> Result<String?, ExchangeProblem> {
        guard !id.isEmpty, id.unicodeScalars.count <= 200, !id.unicodeScalars.contains("\0") else {
            return .failure(.init("must be an id of 1 to 200 characters"))
        }
        return .success(id)
    }

    static func quote(_ text: String) -> String {
        "\"" + String(text.prefix(40)) + (text.count > 40 ? "…" : "") + "\""
    }
}

/// Why a value, a row or a file was refused.
public struct ExchangeProblem: Error, Sendable, Equatable {
    public let reason: Phrase
    public init(_ reason: Phrase) { self.reason = reason }
}

/// `note:<id>` / `cluster:<id>` in a file; `note-12` / `cluster-3` in the database.
public enum BoardItem {
    public static func split(_ text: String) -> (kind: String, id: String)? {
        for kind in ["note", "cluster"] where text.hasPrefix(kind + ":") {
            let id = String(text.dropFirst(kind.count + 1))
            return id.isEmpty ? nil : (kind, id)
        }
        return nil
    }
}
