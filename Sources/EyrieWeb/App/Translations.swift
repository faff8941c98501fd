import EyrieCore
import Foundation
import Hummingbird
import Mustache
import Synchronization

/// The message catalogues in `web/locales`: `<tag>.po` per language, and `eyrie.pot`, every message Eyrie shows.
/// A language is offered once its catalogue translates every message of the template (no page half in English);
/// `en-XA`, the pseudo-language, only where configured (tests, and translators checking layouts).
public struct Translations: Sendable {
    let catalogues: [String: Catalogue]
    /// Every message of the template: a text that is one of them is translated, any other (a title someone wrote)
    /// is shown as it is.
    let messageIDs: Set<String>
    /// The languages a reader may choose, English first.
    public let offered: [Language]
    /// Each language's templates' sections as the page receives them, worked out once per section.
    let sections: [String: SectionCache]

    static let known: [Language] = [.english, .french, .arabic]

    public init(directory: String, pseudo: Bool) throws {
        var catalogues: [String: Catalogue] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var template: Catalogue?
        for file in files.sorted() where file.hasSuffix(".po") || file == "eyrie.pot" {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            let tag = String(file.dropLast(file.hasSuffix(".pot") ? 4 : 3))
            do {
                let catalogue = try Catalogue.parse(text, language: tag)
                if file == "eyrie.pot" { template = catalogue } else { catalogues[tag] = catalogue }
            } catch {
                throw CatalogueProblem(file: file, reason: "\(error)")
            }
        }
        self.catalogues = catalogues
        messageIDs = Set(template?.entries.keys.map(\.id) ?? [])
        var offered: [Language] = [.english]
        for language in Self.known.dropFirst() {
            if let catalogue = catalogues[language.tag], let template, catalogue.translates(everythingIn: template) {
                offered.append(language)
            }
        }
        if pseudo { offered.append(.pseudo) }
        self.offered = offered
        sections = Dictionary(uniqueKeysWithValues: offered.map { ($0.tag, SectionCache()) })
    }

    /// The catalogues of a folder, read once per process (a server builds its application once; the test suite builds
    /// hundreds, and reading three catalogues of 1,400 messages each time cost a fifth of a second of a busy core).
    public static func load(directory: String, pseudo: Bool) throws -> Translations {
        let key = "\(pseudo) \(directory)"
        return try loaded.withLock { kept in  // read under the lock: tests starting at once read them once
            if let read = kept[key] { return read }
            let read = try Translations(directory: directory, pseudo: pseudo)
            kept[key] = read
            return read
        }
    }

    private static let loaded = Mutex<[String: Translations]>([:])

    public struct CatalogueProblem: Error, CustomStringConvertible {
        public var file: String
        public var reason: String
        public var description: String { "web/locales/\(file): \(reason)" }
    }

    /// The messages for a page in `language`.
    func messages(_ language: Language) -> Messages {
        var messages = language == .pseudo ? Messages(language: language, catalogue: nil, pseudo: true, known: messageIDs)
            : Messages(language: language, catalogue: catalogues[language.tag], pseudo: false, known: messageIDs)
        messages.voices = voices
        messages.sections = sections[language.tag]
        return messages
    }

    /// The messages for a JSON API client: the language its `Accept-Language` asks for among those offered, else
    /// English (a client program says what it wants; the token's member may have chosen another for the pages).
    func messages(for request: Request) -> Messages {
        messages(LanguageChoice.own(account: nil, acceptLanguage: request.headers[.acceptLanguage], available: offered) ?? .english)
    }

    /// Phrases in any reader's language (a member's chosen tag; English when it is none offered here): for e-mails.
    public var voices: Voices {
        let translations = self
        return Voices { tag, phrase in
            translations.messages(LanguageChoice.find(tag, in: translations.offered) ?? .english).text(phrase)
        }
    }
}

/// A phrase in the language of the request being answered.
func say(_ phrase: Phrase) -> String {
    Messages.current.text(phrase)
}

/// One language's messages for one request: `text` and `plural` for Swift, `lambda` for templates' `{{#t}}…{{/t}}`.
struct Messages: Sendable {
    let language: Language
    let catalogue: Catalogue?
    let pseudo: Bool
    var known: Set<String> = []
    /// Every reader's language, for e-mails to others written while answering this request.
    var voices: Voices = .english
    /// The language's templates' sections already worked out (nil: each is worked out when met).
    var sections: SectionCache?

    static let english = Messages(language: .english, catalogue: nil, pseudo: false)

    /// How this language writes amounts.
    var numberStyle: NumberStyle { NumberStyle.of(language.tag) }

    /// An amount for the page: `12,345`, `12 345`.
    func number(_ n: Int) -> String { numberStyle.whole(n) }

    /// A share for the page: `40%`, `40 %`.
    func percent(_ n: Int) -> String { numberStyle.percent(n) }

    /// A page title or crumb: translated when it is one of Eyrie's messages ("Sign in"), else someone's own words
    /// (an idea's title), shown as they are.
    func title(_ text: String) -> String {
        known.contains(text) ? self.text(text) : text
    }

    /// The messages of the request being answered (set by the session middleware for everything below it).
    @TaskLocal static var current = Messages.english

    func text(_ id: String, context: String? = nil, _ values: [String: String] = [:]) -> String {
        if pseudo { return Catalogue.fill(PseudoLanguage.localize(id), values) }
        return catalogue?.text(id, context: context, values) ?? Catalogue.fill(id, values)
    }

    /// A plural phrase's forms by CLDR category ("one", "few", "other"…), placeholders left to fill: for a script,
    /// which picks the form with the browser's `Intl.PluralRules` for the page's language.
    func forms(_ phrase: Phrase) -> [String: String] {
        let other = phrase.plural ?? phrase.template
        if pseudo { return ["one": PseudoLanguage.localize(phrase.template), "other": PseudoLanguage.localize(other)] }
        if let catalogue, let entry = catalogue.entries[Catalogue.Key(id: phrase.template)], !entry.fuzzy,
           entry.translations.allSatisfy({ !$0.isEmpty }) {
            let categories = PluralRules.categories(language.tag)
            if categories.count == entry.translations.count {
                return Dictionary(uniqueKeysWithValues: zip(categories.map(\.rawValue), entry.translations))
            }
        }
        return ["one": phrase.template, "other": other]
    }

    /// A phrase in this language: its plural form for its count, and its `label` value (a field's name, itself a
    /// message) translated too.
    func text(_ phrase: Phrase) -> String {
        var values = phrase.values(in: numberStyle)
        for (key, inner) in phrase.phrases { values[key] = text(inner) }
        for key in phrase.spoken where phrase.phrases[key] == nil {
            if let value = values[key] { values[key] = fieldName(value) }
        }
        if !phrase.spoken.contains("label"), phrase.phrases["label"] == nil, let label = values["label"] {
            values["label"] = fieldName(label)
        }
        if let count = phrase.count, let other = phrase.plural {
            if pseudo { return Catalogue.fill(PseudoLanguage.localize(count == 1 ? phrase.template : other), values) }
            guard let catalogue else { return Catalogue.fill(count == 1 ? phrase.template : other, values) }
            return catalogue.plural(phrase.template, other, count: count, formatted: values["count"], values)
        }
        return text(phrase.template, values)
    }

    /// A field's name as a message: "Title", or "title" in the middle of a sentence (looked up as "Title").
    private func fieldName(_ label: String) -> String {
        guard let first = label.first, first.isLowercase else { return text(label) }
        let capitalised = first.uppercased() + label.dropFirst()
        let translated = text(capitalised)
        guard translated != capitalised, let head = translated.first else { return label }
        return head.lowercased() + translated.dropFirst()
    }

    /// For templates: the section's text is the message (its `{{name}}` tags written `{name}` in the catalogue, spaces
    /// and line breaks collapsed); the translation goes back with its tags, which Mustache then fills and escapes.
    var lambda: MustacheLambda {
        let messages = self
        return MustacheLambda { (section: String) -> Any? in
            if let done = messages.sections?.find(section) { return done }
            let text = Self.templateText(messages.text(Self.messageID(section)))
            // Without tags to fill, the text goes in as it is (Mustache parses a returned String as a template).
            let done: Any = text.contains("{{") ? text : Ready(description: text)
            messages.sections?.keep(section, done)
            return done
        }
    }

    /// A message ready for the page: escaped, nothing to fill.
    struct Ready: CustomStringConvertible, Sendable {
        let description: String
    }

    /// `Hello {{name}},\n  welcome` → `Hello {name}, welcome`.
    static func messageID(_ section: String) -> String {
        let collapsed = section.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        return collapsed.replacingOccurrences(of: "{{", with: "{").replacingOccurrences(of: "}}", with: "}")
    }

    /// `Hello {name} & co` → `Hello {{name}} &amp; co`: the message's own text escaped for HTML (a translation may
    /// stand in an attribute), its placeholders turned back into Mustache tags (which Mustache escapes when it fills them).
    static func templateText(_ message: String) -> String {
        Catalogue.pieces(message).map { piece in
            switch piece {
            case .text(let text): Charts.escape(String(text))
            case .placeholder(let name): "{{\(name)}}"
            }
        }.joined()
    }
}

extension Catalogue {
    /// Whether every message of `template` has a trusted translation here.
    func translates(everythingIn template: Catalogue) -> Bool {
        template.entries.values.allSatisfy { message in
            guard let entry = entries[Key(context: message.context, id: message.id)], !entry.fuzzy else { return false }
            return !entry.translations.isEmpty && entry.translations.allSatisfy { !$0.isEmpty }
        }
    }
}

/// One language's `{{#t}}` sections as the page receives them: a section's text is the same on every page, so its
/// message is looked up, its spaces collapsed and its text escaped once, not on every render (a challenge page has
/// about a hundred). Sections come from the templates only, so the cache holds at most their number.
final class SectionCache: Sendable {
    private let done = Mutex<[String: SendableSection]>([:])

    struct SendableSection: @unchecked Sendable {  // a String or a Ready, both immutable
        let value: Any
    }

    func find(_ section: String) -> Any? {
        done.withLock { $0[section]?.value }
    }

    func keep(_ section: String, _ value: Any) {
        done.withLock { if $0.count < 20_000 { $0[section] = SendableSection(value: value) } }
    }
}
