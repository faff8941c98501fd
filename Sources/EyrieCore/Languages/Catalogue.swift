/// One language's messages, read from a gettext PO file (what translators' tools — Poedit, Weblate, Lokalise — open
/// and save). Messages are keyed by their English text (and `msgctxt` where one English text means two things);
/// placeholders are named, `{name}`, so a translation may put them in any order.
public struct Catalogue: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var context: String?
        public var id: String
        public var plural: String?
        /// One form, or one per plural category of the language (CLDR order).
        public var translations: [String]
        public var fuzzy: Bool
    }

    public var language: String
    public private(set) var entries: [Key: Entry] = [:]

    public struct Key: Hashable, Sendable {
        public var context: String?
        public var id: String
        public init(context: String? = nil, id: String) { self.context = context; self.id = id }
    }

    public init(language: String, entries: [Entry] = []) {
        self.language = language
        for entry in entries { self.entries[Key(context: entry.context, id: entry.id)] = entry }
    }

    /// A PO file's text; throws with the line of the first thing it cannot read.
    public static func parse(_ text: String, language: String) throws -> Catalogue {
        try POReader(text: text).read(language: language)
    }

    /// The translation of `id`, its placeholders filled; the English text when there is none (or it is fuzzy or empty).
    public func text(_ id: String, context: String? = nil, _ values: [String: String] = [:]) -> String {
        let entry = entries[Key(context: context, id: id)]
        let translated = entry.flatMap { $0.fuzzy ? nil : $0.translations.first }.flatMap { $0.isEmpty ? nil : $0 }
        return Self.fill(translated ?? id, values)
    }

    /// The form for `count` (also given as `{count}`, written with the language's digits by `formatted`).
    public func plural(_ one: String, _ other: String, count: Int, context: String? = nil, formatted: String? = nil,
                       _ values: [String: String] = [:]) -> String {
        var all = values
        all["count"] = formatted ?? String(count)
        if let entry = entries[Key(context: context, id: one)], !entry.fuzzy {
            let index = PluralRules.index(count, language: language)
            if index < entry.translations.count, !entry.translations[index].isEmpty {
                return Self.fill(entry.translations[index], all)
            }
        }
        return Self.fill(count == 1 ? one : other, all)
    }

    /// Replaces `{name}` with its value; an unknown name stays as written (a translator's typo shows, nothing breaks).
    public static func fill(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.contains("{") else { return text }
        // One pass, appending as it goes: pages fill hundreds of these.
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            out += rest[..<open]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }),
               let value = values[String(name)] {
                out += value
            } else {
                out += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    /// The placeholders a text names, for checking that a translation keeps them.
    public static func placeholders(_ text: String) -> Set<String> {
        Set(pieces(text).compactMap { if case .placeholder(let name) = $0 { String(name) } else { nil } })
    }

    /// A message's text and its placeholders, in order.
    public enum Piece: Equatable {
        case text(Substring)
        /// `{name}`: letters, digits, `_` and `.` (a Mustache path such as `chrome.unread`).
        case placeholder(Substring)
    }

    /// Splits a message at its placeholders; braces around anything else stay text.
    public static func pieces(_ text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) {
                if open > rest.startIndex { pieces.append(.text(rest[..<open])) }
                pieces.append(.placeholder(name))
            } else {
                pieces.append(.text(rest[...close]))
            }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(rest)) }
        return pieces
    }
}

/// Reads the PO format (GNU gettext manual, "The Format of PO Files"): comments, `#,` flags, `msgctxt`, `msgid`,
/// `msgid_plural`, `msgstr` and `msgstr[n]`, strings continued on the next lines, C escapes.
struct POReader {
    let text: String

    struct Problem: Error, CustomStringConvertible, Equatable {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    func read(language: String) throws -> Catalogue {
        var entries: [Catalogue.Entry] = []
        var context: String?, id: String?, plural: String?
        var translations: [Int: String] = [:]
        var fuzzy = false, pendingFuzzy = false
        var field: (name: String, index: Int?)?

        func finish() {
            if let id, !(id.isEmpty && context == nil) {  // the header (empty msgid) is not a message
                let forms = (0..<(translations.keys.max().map { $0 + 1 } ?? 0)).map { translations[$0] ?? "" }
                entries.append(.init(context: context, id: id, plural: plural, translations: forms, fuzzy: fuzzy))
            }
            (context, id, plural, translations, fuzzy, field) = (nil, nil, nil, [:], false, nil)
        }

        func append(_ value: String, line: Int) throws {
            guard let current = field else { throw Problem(line: line, message: "a string outside any field") }
            switch current.name {
            case "msgctxt": context = (context ?? "") + value
            case "msgid": id = (id ?? "") + value
            case "msgid_plural": plural = (plural ?? "") + value
            default: translations[current.index ?? 0, default: ""] += value
            }
        }

        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            let at = number + 1
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                if line.hasPrefix("#,") {
                    if id != nil { finish() }
                    // Flags belong to the entry that follows.
                    if line.contains("fuzzy") { pendingFuzzy = true }
                }
                continue
            }
            if line.hasPrefix("\"") {
                try append(try Self.string(line, line: at), line: at)
                continue
            }
            guard let space = line.firstIndex(of: " ") else { throw Problem(line: at, message: "cannot read “\(line.prefix(40))”") }
            let keyword = String(line[..<space])
            let value = try Self.string(String(line[line.index(after: space)...]).trimmingCharacters(in: .whitespaces), line: at)
            switch keyword {
            case "msgctxt":
                if id != nil { finish() }
                (fuzzy, pendingFuzzy) = (pendingFuzzy, false)
                field = ("msgctxt", nil); context = value
            case "msgid":
                if id != nil { finish() }
                if context == nil { (fuzzy, pendingFuzzy) = (pendingFuzzy, false) }
                field = ("msgid", nil); id = value
            case "msgid_plural": field = ("msgid_plural", nil); plural = value
            case "msgstr": field = ("msgstr", 0); translations[0] = value
            default:
                guard keyword.hasPrefix("msgstr["), keyword.hasSuffix("]"),
                      let index = Int(keyword.dropFirst(7).dropLast()), (0..<6).contains(index) else {
                    throw Problem(line: at, message: "unknown keyword “\(keyword.prefix(20))”")
                }
                field = ("msgstr", index); translations[index] = value
            }
        }
        finish()
        return Catalogue(language: language, entries: entries)
    }

    /// A quoted PO string, its escapes resolved.
    static func string(_ quoted: String, line: Int) throws -> String {
        guard quoted.count >= 2, quoted.hasPrefix("\""), quoted.hasSuffix("\"") else {
            throw Problem(line: line, message: "a string must be in double quotes")
        }
        var out = ""
        var escaped = false
        for character in quoted.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                default: throw Problem(line: line, message: "unknown escape \\\(character)")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                throw Problem(line: line, message: "a double quote inside a string must be written \\\"")
            } else {
                out.append(character)
            }
        }
        if escaped { throw Problem(line: line, message: "a string ends with a lone backslash") }
        return out
    }
}
