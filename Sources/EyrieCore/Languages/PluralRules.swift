/// CLDR plural categories (https://cldr.unicode.org/index/cldr-spec/plural-rules), for integer counts.
public enum PluralCategory: String, Sendable, CaseIterable, Comparable {
    case zero, one, two, few, many, other

    public static func < (a: PluralCategory, b: PluralCategory) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The plural rules of the languages Eyrie knows, from CLDR's plurals.xml (integers only: Eyrie counts things).
/// A catalogue's `msgstr[i]` follow the language's categories in CLDR order, as gettext's usual `Plural-Forms` for
/// these languages do (English and French 2, Arabic 6).
public enum PluralRules {
    /// The categories a language uses, in CLDR order.
    public static func categories(_ language: String) -> [PluralCategory] {
        switch base(language) {
        case "ar": [.zero, .one, .two, .few, .many, .other]
        case "ja", "zh", "ko", "vi", "th", "id": [.other]
        default: [.one, .other]
        }
    }

    public static func category(_ n: Int, language: String) -> PluralCategory {
        let n = abs(n)
        switch base(language) {
        case "ar":
            let tens = n % 100
            if n == 0 { return .zero }
            if n == 1 { return .one }
            if n == 2 { return .two }
            if (3...10).contains(tens) { return .few }
            if (11...99).contains(tens) { return .many }
            return .other
        case "fr", "pt":
            // i = 0,1 → one; (large exact powers of a million take "many" in CLDR 38+, which is spelled as other here)
            return n <= 1 ? .one : .other
        case "ja", "zh", "ko", "vi", "th", "id":
            return .other
        default:
            return n == 1 ? .one : .other
        }
    }

    /// The index of `msgstr[i]` for `n`.
    public static func index(_ n: Int, language: String) -> Int {
        categories(language).firstIndex(of: category(n, language: language)) ?? 0
    }

    static func base(_ language: String) -> String {
        String(language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }
}
