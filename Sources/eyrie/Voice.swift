import EyrieCore
import EyrieWeb
import Foundation

/// What the commands say to people comes from the same catalogues as the pages (`web/locales`, or `EYRIE_WEB_DIR`),
/// in the terminal's language (`LanguageChoice.terminal`: `EYRIE_LANGUAGE`, `LANGUAGE`, `LC_ALL`, `LC_MESSAGES`,
/// `LANG`). Without readable catalogues a command still works, in English. Help texts (`--help`) stay in English.
enum Voice {
    static let shared: (language: Language, translations: Translations?) = {
        let environment = ProcessInfo.processInfo.environment
        let directory = (environment["EYRIE_WEB_DIR"] ?? "web") + "/locales"
        let translations = try? Translations.load(directory: directory, pseudo: environment["EYRIE_PSEUDO_LANGUAGE"] == "1")
        let language = LanguageChoice.terminal(environment, available: translations?.offered ?? [.english])
        return (language, translations)
    }()

    /// An amount as the terminal's language writes it.
    static func number(_ n: Int) -> String { NumberStyle.of(shared.language.tag).whole(n) }

    /// Every member's language, for what a command writes to others (digests).
    static var voices: Voices { shared.translations?.voices ?? .english }
}

/// A phrase in the terminal's language.
func say(_ phrase: Phrase) -> String {
    Voice.voices.say(phrase, in: Voice.shared.language.tag)
}
