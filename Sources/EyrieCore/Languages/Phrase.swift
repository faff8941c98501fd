import Foundation

/// A sentence for people, written in English with named placeholders, shown in the reader's language by the web
/// layer: `"Idea #\("id", idea.id) merged into this one."` is the message `Idea #{id} merged into this one.` with
/// `id` filled in. An interpolation must be named (the compiler refuses `\(value)` alone), so every message a
/// translator sees says what goes where. `scripts/messages.py` finds them in the sources for the catalogue template.
public struct Phrase: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The message as the catalogues know it: `Idea #{id} merged into this one.`
    public var template: String
    public var values: [String: String]
    /// For a message that depends on a number: the English form for many (`template` is the form for one), and the
    /// number, which also fills `{count}`. Each language picks its own form (CLDR plural rules).
    public var plural: String?
    public var count: Int?
    /// Values that are themselves messages (a state's name, a month): shown in the reader's language too.
    public var spoken: Set<String> = []
    /// Values that are amounts (`\(number: "members", n)`), written as the reader's language writes numbers
    /// (`12,345`, `12 345`); a plural phrase's `{count}` is one too. Ids and years are not.
    public var numbers: Set<String> = []
    /// Values that are phrases themselves (`"must be {kind}"` with its kind's own phrase), said in the same language
    /// before they fill their place; `values` holds their English.
    public var phrases: [String: Phrase] = [:]

    public init(_ template: String, _ values: [String: String] = [:]) {
        self.template = template
        self.values = values
    }

    /// `Phrase.plural("{count} dot left", "{count} dots left", count: n)`.
    public static func plural(_ one: String, _ other: String, count: Int, _ values: [String: String] = [:]) -> Phrase {
        var phrase = Phrase(one, values)
        phrase.plural = other
        phrase.count = count
        phrase.values["count"] = String(count)
        return phrase
    }

    /// A text that is not a message (a provider's own error, a name): shown as it is, in every language.
    public static func verbatim(_ text: String) -> Phrase {
        Phrase("{text}", ["text": text])
    }

    public init(stringLiteral value: String) { self.init(value) }

    public init(stringInterpolation: Interpolation) {
        self.init(stringInterpolation.template, stringInterpolation.values)
        numbers = stringInterpolation.numbers
        phrases = stringInterpolation.phrases
    }

    /// The same phrase with the values of `keys` translated as messages of their own.
    public func saying(_ keys: String...) -> Phrase {
        var phrase = self
        phrase.spoken.formUnion(keys)
        return phrase
    }

    /// The phrase with `name` filled by another phrase.
    public func with(_ name: String, _ phrase: Phrase) -> Phrase {
        var filled = self
        filled.phrases[name] = phrase
        filled.values[name] = phrase.description
        return filled
    }

    /// The same plural phrase for another number.
    public func counting(_ n: Int) -> Phrase {
        var phrase = self
        phrase.count = n
        phrase.values["count"] = String(n)
        return phrase
    }

    /// Two phrases are the same when they say the same in English (however their values were given).
    public static func == (a: Phrase, b: Phrase) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// The English text, filled.
    public var description: String {
        Catalogue.fill(count.map { $0 == 1 ? template : plural ?? template } ?? template, values(in: .english))
    }

    /// The values with its amounts written in `style`.
    public func values(in style: NumberStyle) -> [String: String] {
        if numbers.isEmpty && count == nil { return values }
        var written = values
        for key in count == nil ? numbers : numbers.union(["count"]) {
            if let raw = written[key], let n = Int(raw) { written[key] = style.whole(n) }
        }
        return written
    }

    public struct Interpolation: StringInterpolationProtocol {
        var template = ""
        var values: [String: String] = [:]
        var numbers: Set<String> = []
        var phrases: [String: Phrase] = [:]

        public init(literalCapacity: Int, interpolationCount: Int) {
            template.reserveCapacity(literalCapacity + 8 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { template += literal }

        /// `\("name", value)`: the placeholder `{name}`.
        public mutating func appendInterpolation(_ name: String, _ value: some CustomStringConvertible) {
            template += "{\(name)}"
            values[name] = value.description
        }

        /// A phrase in its place (`"up to \("limit", ByteSize(n).phrase) each"`), said in the reader's language too.
        public mutating func appendInterpolation(_ name: String, _ value: Phrase) {
            template += "{\(name)}"
            values[name] = value.description
            phrases[name] = value
        }

        /// An amount: `"\(number: "members", n) members"`.
        public mutating func appendInterpolation(number name: String, _ value: Int) {
            template += "{\(name)}"
            values[name] = String(value)
            numbers.insert(name)
        }
    }
}

/// Says phrases in a given reader's language (their `members.language`, nil when they never chose): what writes
/// e-mails in the store — digests, stewards' messages, invitations — takes one from the web layer, which holds the
/// catalogues. English by default.
public struct Voices: Sendable {
    let speak: @Sendable (String?, Phrase) -> String

    public init(_ speak: @escaping @Sendable (String?, Phrase) -> String) { self.speak = speak }

    public static let english = Voices { _, phrase in phrase.description }

    public func say(_ phrase: Phrase, in language: String?) -> String { speak(language, phrase) }
}

/// A phrase kept for later (a notification, an item of a digest) is written in each reader's language when it is read:
/// stored as its template and values, never as English.
extension Phrase: Codable {
    private enum Keys: String, CodingKey { case template, values, plural, count, spoken, numbers, phrases }

    public init(from decoder: any Decoder) throws {
        let keyed = try decoder.container(keyedBy: Keys.self)
        self.init(try keyed.decode(String.self, forKey: .template),
                  try keyed.decodeIfPresent([String: String].self, forKey: .values) ?? [:])
        plural = try keyed.decodeIfPresent(String.self, forKey: .plural)
        count = try keyed.decodeIfPresent(Int.self, forKey: .count)
        spoken = Set(try keyed.decodeIfPresent([String].self, forKey: .spoken) ?? [])
        numbers = Set(try keyed.decodeIfPresent([String].self, forKey: .numbers) ?? [])
        phrases = try keyed.decodeIfPresent([String: Phrase].self, forKey: .phrases) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var keyed = encoder.container(keyedBy: Keys.self)
        try keyed.encode(template, forKey: .template)
        if !values.isEmpty { try keyed.encode(values, forKey: .values) }
        try keyed.encodeIfPresent(plural, forKey: .plural)
        try keyed.encodeIfPresent(count, forKey: .count)
        if !spoken.isEmpty { try keyed.encode(spoken.sorted(), forKey: .spoken) }
        if !numbers.isEmpty { try keyed.encode(numbers.sorted(), forKey: .numbers) }
        if !phrases.isEmpty { try keyed.encode(phrases, forKey: .phrases) }
    }

    /// The phrase as JSON, for a `jsonb` column.
    public var stored: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{\"template\": \"\"}"
    }

    /// A phrase read back from `stored`, or the text as it is when there is none (a row written before phrases were
    /// kept, in English).
    public static func stored(_ json: String?, else text: String) -> Phrase {
        guard let json, let phrase = try? JSONDecoder().decode(Phrase.self, from: Data(json.utf8)) else { return .verbatim(text) }
        return phrase
    }
}
