import EyrieCore
import Testing

struct LanguageTests {
    @Test(arguments: [
        ("en", 0, PluralCategory.other), ("en", 1, .one), ("en", 2, .other), ("en", 11, .other),
        ("fr", 0, .one), ("fr", 1, .one), ("fr", 2, .other), ("fr", 1_000, .other),
        ("ar", 0, .zero), ("ar", 1, .one), ("ar", 2, .two), ("ar", 3, .few), ("ar", 10, .few), ("ar", 11, .many),
        ("ar", 99, .many), ("ar", 100, .other), ("ar", 102, .other), ("ar", 103, .few), ("ar", 111, .many),
        ("ar", 1_000, .other),
    ])
    func pluralCategoriesFollowCLDR(language: String, count: Int, expected: PluralCategory) {
        #expect(PluralRules.category(count, language: language) == expected)
    }

    static let french = """
        # French for Eyrie.
        msgid ""
        msgstr ""
        "Language: fr\\n"
        "Plural-Forms: nplurals=2; plural=(n > 1);\\n"

        #: web/templates/accounts/signin.mustache
        msgid "Sign in"
        msgstr "Se connecter"

        msgctxt "verb"
        msgid "Support"
        msgstr "Soutenir"

        msgid "Support"
        msgstr "Soutien"

        #, fuzzy
        msgid "Sign out"
        msgstr "Se déconnecter ?"

        msgid "Welcome, {name}."
        msgstr "Bienvenue, {name}."

        msgid "{count} idea"
        msgid_plural "{count} ideas"
        msgstr[0] "{count} idée"
        msgstr[1] "{count} idées"

        msgid "A \\"quoted\\" word"
        msgstr ""
        "Un mot "
        "« cité »\\n"
        """

    @Test func aFrenchCatalogueTranslatesWithContextPluralsAndPlaceholders() throws {
        let fr = try Catalogue.parse(Self.french, language: "fr")
        #expect(fr.text("Sign in") == "Se connecter")
        #expect(fr.text("Support", context: "verb") == "Soutenir" && fr.text("Support") == "Soutien")
        #expect(fr.text("Sign out") == "Sign out")  // fuzzy: not trusted yet
        #expect(fr.text("Not translated yet") == "Not translated yet")
        #expect(fr.text("Welcome, {name}.", ["name": "Ana"]) == "Bienvenue, Ana.")
        #expect(fr.plural("{count} idea", "{count} ideas", count: 0) == "0 idée")
        #expect(fr.plural("{count} idea", "{count} ideas", count: 1) == "1 idée")
        #expect(fr.plural("{count} idea", "{count} ideas", count: 2_000, formatted: "2 000") == "2 000 idées")
        #expect(fr.text("A \"quoted\" word") == "Un mot « cité »\n")
    }

    @Test func arabicHasSixFormsAndEnglishFallsBack() throws {
        let ar = try Catalogue.parse("""
            msgid "{count} idea"
            msgid_plural "{count} ideas"
            msgstr[0] "لا أفكار"
            msgstr[1] "فكرة واحدة"
            msgstr[2] "فكرتان"
            msgstr[3] "{count} أفكار"
            msgstr[4] "{count} فكرة"
            msgstr[5] "{count} فكرة."
            """, language: "ar")
        let forms = [0, 1, 2, 5, 11, 100].map { ar.plural("{count} idea", "{count} ideas", count: $0) }
        #expect(forms == ["لا أفكار", "فكرة واحدة", "فكرتان", "5 أفكار", "11 فكرة", "100 فكرة."])
        let none = Catalogue(language: "en")
        #expect(none.plural("{count} idea", "{count} ideas", count: 1) == "1 idea")
        #expect(none.plural("{count} idea", "{count} ideas", count: 3) == "3 ideas")
    }

    @Test func aBrokenFileIsRefusedWithItsLine() {
        for (text, line) in [("msgid \"a\"\nmsgstr \"b", 2), ("msgid \"a\"\nmsgstr \"b\\q\"", 2), ("msgid \"a\"\nmsgfoo \"b\"", 2),
                             ("\"orphan\"", 1)] {
            do {
                _ = try Catalogue.parse(text, language: "fr")
                Issue.record("\(text) was accepted")
            } catch {
                #expect("\(error)".hasPrefix("line \(line):"), "\(error)")
            }
        }
    }

    @Test func placeholdersAreFilledByNameAndUnknownOnesStay() {
        #expect(Catalogue.fill("{b} then {a}", ["a": "1", "b": "2"]) == "2 then 1")
        #expect(Catalogue.fill("{missing} {a}", ["a": "x"]) == "{missing} x")
        #expect(Catalogue.placeholders("Hello {name}, {count} new {x y}") == ["name", "count"])
    }

    @Test func theLanguageIsTheMembersThenTheBrowsersThenTheCommunitys() {
        let all = [Language.english, .french, .arabic]
        #expect(LanguageChoice.choose(account: "ar", acceptLanguage: "fr", community: "en", available: all) == .arabic)
        #expect(LanguageChoice.choose(account: nil, acceptLanguage: "de-DE, fr-CA;q=0.8, ar;q=0.9", community: "en",
                                      available: all) == .arabic)
        #expect(LanguageChoice.choose(account: nil, acceptLanguage: "fr-CA", community: "ar", available: all) == .french)
        #expect(LanguageChoice.choose(account: "xx", acceptLanguage: "de, fr;q=0", community: "ar", available: all) == .arabic)
        #expect(LanguageChoice.choose(account: nil, acceptLanguage: nil, community: nil, available: all) == .english)
        #expect(LanguageChoice.preferences("en;q=0.5, fr, *;q=0.1, ar;q=0") == ["fr", "en"])
    }

    @Test func thePseudoLanguageIsMarkedAccentedAndLongerAndKeepsPlaceholders() {
        let text = PseudoLanguage.localize("Sign in as {name}")
        #expect(text.hasPrefix("⟦") && text.hasSuffix("⟧") && text.contains("{name}"))
        #expect(text.contains("Šîĝñ"))
        #expect(text.count >= Int(Double("Sign in as {name}".count) * 1.3))
        #expect(!text.replacingOccurrences(of: "{name}", with: "").contains { "Sigans".contains($0) })
    }
}
