/// A language Eyrie can be read in.
public struct Language: Sendable, Equatable, Hashable {
    /// BCP 47 tag: "en", "fr", "ar", and "en-XA" for the pseudo-language tests use.
    public var tag: String
    /// Its own name for itself, as a switcher shows it ("Français", "العربية").
    public var name: String
    public var isRightToLeft: Bool

    public init(tag: String, name: String, isRightToLeft: Bool = false) {
        self.tag = tag; self.name = name; self.isRightToLeft = isRightToLeft
    }

    public static let english = Language(tag: "en", name: "English")
    public static let french = Language(tag: "fr", name: "Français")
    public static let arabic = Language(tag: "ar", name: "العربية", isRightToLeft: true)
    /// Accented, longer English between markers: a plain English word on a page in it escaped translation.
    public static let pseudo = Language(tag: "en-XA", name: "[Ëñĝļîšĥ]")

    public var direction: String { isRightToLeft ? "rtl" : "ltr" }
}

/// Which language a page is in: the member's own choice, else the browser's `Accept-Language` (by its weights), else
/// the community's language, else English — always one of `available`.
public enum LanguageChoice {
    public static func choose(account: String?, acceptLanguage: String?, community: String?,
                              available: [Language]) -> Language {
        own(account: account, acceptLanguage: acceptLanguage, available: available)
            ?? find(community, in: available) ?? find("en", in: available) ?? available.first ?? .english
    }

    /// The reader's own language, from their choice or their browser; nil when neither names one offered (then the
    /// community's language decides).
    public static func own(account: String?, acceptLanguage: String?, available: [Language]) -> Language? {
        if let chosen = find(account, in: available) { return chosen }
        for tag in preferences(acceptLanguage) { if let found = find(tag, in: available) { return found } }
        return nil
    }

    /// The language a command run in a terminal speaks: `EYRIE_LANGUAGE`, else gettext's order — `LANGUAGE` (its
    /// first entry), `LC_ALL`, `LC_MESSAGES`, `LANG` — where `fr_FR.UTF-8` names French and `C`/`POSIX` none; the first
    /// that names a language of `available`, else English.
    public static func terminal(_ environment: [String: String], available: [Language]) -> Language {
        for name in ["EYRIE_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let raw = environment[name], !raw.isEmpty else { continue }
            let first = raw.split(separator: ":").first.map(String.init) ?? raw
            let locale = first.split(separator: ".").first.map(String.init) ?? first  // fr_FR.UTF-8@euro
            let tag = String((locale.split(separator: "@").first.map(String.init) ?? locale).map { $0 == "_" ? "-" : $0 })
            if tag == "C" || tag == "POSIX" { continue }
            if let found = find(tag, in: available) { return found }
        }
        return find("en", in: available) ?? .english
    }

    /// The language of `available` a tag names ("fr-CA" finds "fr"), if any.
    public static func find(_ tag: String?, in available: [Language]) -> Language? {
        guard let tag = tag?.lowercased(), !tag.isEmpty else { return nil }
        if let exact = available.first(where: { $0.tag.lowercased() == tag }) { return exact }
        let base = tag.split(separator: "-").first.map(String.init) ?? tag
        return available.first { $0.tag.lowercased() == base }
    }

    /// The tags of an `Accept-Language` header, most wanted first (RFC 9110 §12.5.4); `q=0` means not wanted.
    public static func preferences(_ header: String?) -> [String] {
        guard let header else { return [] }
        var ranked: [(tag: String, weight: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").prefix(20).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty, tag != "*", tag.count <= 35 else { continue }
            var weight = 1.0
            for parameter in pieces.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            if weight > 0 { ranked.append((tag, weight, order)) }
        }
        return ranked.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.order < $1.order }.map(\.tag)
    }
}

/// The languages ideas, comments and notes may be written in, and how PostgreSQL searches each (`english` and
/// `french` stem words; Arabic and the rest are searched word for word, `simple`).
public enum ContentLanguage {
    public struct Entry: Sendable, Equatable {
        public var tag: String
        /// Its English name, for "Written in French".
        public var name: String
        /// Its own name, for the choice on the form.
        public var ownName: String
        /// What a card says of a text in it.
        public var writtenIn: Phrase
    }

    public static let all: [Entry] = [
        Entry(tag: "en", name: "English", ownName: "English", writtenIn: "Written in English"),
        Entry(tag: "fr", name: "French", ownName: "Français", writtenIn: "Written in French"),
        Entry(tag: "ar", name: "Arabic", ownName: "العربية", writtenIn: "Written in Arabic"),
    ]

    public static func entry(_ tag: String) -> Entry? { all.first { $0.tag == tag } }

    /// The content language closest to a page's or member's language ("fr-CA" → "fr"), else English.
    public static func closest(_ tag: String?) -> String {
        let base = tag.map { PluralRules.base($0) } ?? "en"
        return entry(base)?.tag ?? "en"
    }
}
