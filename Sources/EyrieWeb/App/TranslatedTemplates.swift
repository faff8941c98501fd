import Foundation
import Mustache
import Synchronization

/// Each offered language's copy of `web/templates`, its `{{#t}}…{{/t}}` sections already replaced by their message in
/// that language, worked out once at start. Rendering a page then looks up no `t`: before, every section climbed the
/// context stack to the page's root for the lambda (two dynamic casts a level), hashed its text to find the message,
/// and a message with `{{name}}` tags was parsed into a new template on every render — a fifth of a rendered offering
/// page. The output is the lambda's, byte for byte (`TranslatedTemplatesTests`).
struct TranslatedTemplates: Sendable {
    /// By language tag.
    let libraries: [String: MustacheLibrary]

    init(directory: String, translations: Translations) throws {
        let texts = try Self.read(directory)
        var libraries: [String: MustacheLibrary] = [:]
        for language in translations.offered {
            let messages = translations.messages(language)
            var templates: [String: MustacheTemplate] = [:]
            for (name, text) in texts {
                do {
                    templates[name] = try MustacheTemplate(string: Self.translate(text, with: messages))
                } catch {
                    throw Problem(template: name, language: language.tag, reason: "\(error)")
                }
            }
            libraries[language.tag] = MustacheLibrary(templates: templates)
        }
        self.libraries = libraries
    }

    /// A folder's templates for a set of catalogues, worked out once per process (the test suite builds hundreds of
    /// applications from the same two folders).
    static func load(directory: String, translations: Translations) throws -> TranslatedTemplates {
        let key = "\(translations.offered.map(\.tag)) \(directory)"
        // Made under the lock: a hundred tests starting at once would otherwise each make their own (a third of a
        // second of a core apiece).
        return try loaded.withLock { kept in
            if let made = kept[key] { return made }
            let made = try TranslatedTemplates(directory: directory, translations: translations)
            kept[key] = made
            return made
        }
    }

    private static let loaded = Mutex<[String: TranslatedTemplates]>([:])

    /// A folder's templates as written (their `{{#t}}` sections call the lambda), parsed once per process like the
    /// translated copies: the fallback for a language without its own copy.
    static func untranslated(directory: String) throws -> MustacheLibrary {
        try written.withLock { kept in
            if let made = kept[directory] { return made }
            var templates: [String: MustacheTemplate] = [:]
            for (name, text) in try read(directory) {
                do {
                    templates[name] = try MustacheTemplate(string: text)
                } catch {
                    throw Problem(template: name, language: "as written", reason: "\(error)")
                }
            }
            let made = MustacheLibrary(templates: templates)
            kept[directory] = made
            return made
        }
    }

    private static let written = Mutex<[String: MustacheLibrary]>([:])

    struct Problem: Error, CustomStringConvertible {
        var template: String
        var language: String
        var reason: String
        var description: String { "web/templates/\(template).mustache in \(language): \(reason)" }
    }

    /// `<b>{{#t}}Hello {{name}}{{/t}}</b>` → `<b>Bonjour {{name}}</b>`: each section becomes what the `t` lambda
    /// returns for it (the message escaped for HTML, its placeholders Mustache tags again).
    static func translate(_ text: String, with messages: Messages) -> String {
        let open = "{{#t}}", close = "{{/t}}"
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var rest = text[...]
        while let start = rest.range(of: open), let end = rest.range(of: close, range: start.upperBound..<rest.endIndex) {
            out += rest[..<start.lowerBound]
            let section = String(rest[start.upperBound..<end.lowerBound])
            out += Messages.templateText(messages.text(Messages.messageID(section)))
            rest = rest[end.upperBound...]
        }
        out += rest
        return out
    }

    /// Each `.mustache` file under `directory` by its name without the extension (`offerings/show`), as
    /// `MustacheLibrary(directory:)` names them.
    static func read(_ directory: String) throws -> [String: String] {
        let root = directory.hasSuffix("/") ? directory : directory + "/"
        var texts: [String: String] = [:]
        guard let files = FileManager.default.enumerator(atPath: root) else { return [:] }
        for case let path as String in files where path.hasSuffix(".mustache") {
            texts[String(path.dropLast(".mustache".count))] = try String(contentsOfFile: root + path, encoding: .utf8)
        }
        return texts
    }
}
