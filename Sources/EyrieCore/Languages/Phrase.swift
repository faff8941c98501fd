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
    }

    /// The same phrase with the values of `keys` translated as messages of their own.
    public func saying(_ keys: String...) -> Phrase {
        var phrase = self
        phrase.spoken.formUnion(keys)
        return phrase
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
        Catalogue.fill(count.map { $0 == 1 ? template : plural ?? template } ?? template, values)
    }

    public struct Interpolation: StringInterpolationProtocol {
        var template = ""
        var values: [String: String] = [:]

        public init(literalCapacity: Int, interpolationCount: Int) {
            template.reserveCapacity(literalCapacity + 8 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { template += literal }

        /// `\("name", value)`: the placeholder `{name}`.
        public mutating func appendInterpolation(_ name: String, _ value: some CustomStringConvertible) {
            template += "{\(name)}"
            values[name] = value.description
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
