import EyrieCore
import EyrieTestSupport
@testable import EyrieWeb
import Testing

/// Messages written in Swift (field errors, flashes, counts) come out in the reader's language: named values filled,
/// the language's plural form chosen, a field's name translated inside the sentence.
struct PhraseTests {
    static let french = """
        msgid "Enter {label}"
        msgstr "Saisissez {label}"

        msgid "Title"
        msgstr "Titre"

        msgid "Idea #{id} merged into this one."
        msgstr "L'idée n°{id} a été fusionnée avec celle-ci."

        msgid "{count} dot left"
        msgid_plural "{count} dots left"
        msgstr[0] "{count} point restant"
        msgstr[1] "{count} points restants"

        msgid "Jan"
        msgstr "janv."

        msgid "{members} members took part; idea #{id} led"
        msgstr "{members} membres ont participé ; l'idée n°{id} était en tête"
        """

    static func messages() throws -> Messages {
        Messages(language: .french, catalogue: try Catalogue.parse(french, language: "fr"), pseudo: false)
    }

    @Test func aNamedInterpolationIsAPlaceholder() {
        let phrase: Phrase = "Idea #\("id", 42) merged into this one."
        #expect(phrase.template == "Idea #{id} merged into this one." && phrase.values == ["id": "42"])
        #expect(phrase.description == "Idea #42 merged into this one.")
        // two phrases that say the same in English are equal, however their values were given
        #expect(phrase == "Idea #42 merged into this one.")
    }

    @Test func phrasesComeInTheReadersLanguage() throws {
        let fr = try Self.messages()
        #expect(fr.text(Phrase("Idea #{id} merged into this one.", ["id": "7"])) == "L'idée n°7 a été fusionnée avec celle-ci.")
        // the field's name is a message of its own, lower case in the middle of the sentence
        var errors: [FieldError] = []
        _ = TextRule("title", "Title", max: 10).check("", into: &errors)
        #expect(fr.text(try #require(errors.first).phrase) == "Saisissez titre")
        // French puts 0 and 1 in the singular; English says "0 dots"
        #expect(fr.text(.plural("{count} dot left", "{count} dots left", count: 0)) == "0 point restant")
        #expect(fr.text(.plural("{count} dot left", "{count} dots left", count: 3)) == "3 points restants")
        #expect(Messages.english.text(.plural("{count} dot left", "{count} dots left", count: 0)) == "0 dots left")
        // a message the catalogue lacks stays in English, filled
        #expect(fr.text(Phrase("Welcome, {name}.", ["name": "Ada"])) == "Welcome, Ada.")
    }

    @Test func sayUsesTheLanguageOfTheRequestBeingAnswered() throws {
        let fr = try Self.messages()
        #expect(say("Idea #\("id", 1) merged into this one.") == "Idea #1 merged into this one.")
        Messages.$current.withValue(fr) {
            #expect(say("Idea #\("id", 1) merged into this one.") == "L'idée n°1 a été fusionnée avec celle-ci.")
            #expect(Dates.count(1, "dot left", "dots left") == "1 point restant")
            #expect(Dates.months[0] == "Jan" && say(Dates.months[0]) == "janv.")
        }
    }

    @Test func thePseudoLanguageMarksEveryPhrase() {
        let pseudo = Messages(language: .pseudo, catalogue: nil, pseudo: true)
        let shown = pseudo.text(.plural("{count} dot left", "{count} dots left", count: 2))
        #expect(shown.hasPrefix("⟦2 ďöţš ļéƒţ") && shown.hasSuffix("⟧"))
    }

    /// Amounts are written as the reader's language writes them (`12,345`, `12 345` with a narrow no-break space,
    /// decimals after a comma, `40 %`); ids stay as they are; a kept phrase comes back the same.
    @Test func amountsAreWrittenTheReadersWay() throws {
        let nnbsp = "\u{202F}"
        #expect(NumberStyle.of("fr-CA").whole(1_234_567) == "1\(nnbsp)234\(nnbsp)567")
        #expect(NumberStyle.english.whole(-1_234) == "-1,234" && NumberStyle.english.whole(999) == "999")
        #expect(NumberStyle.of("ar").whole(12_345) == "12,345", "Arabic pages keep Latin digits")
        #expect(NumberStyle.french.percent(40) == "40\(nnbsp)%" && NumberStyle.english.percent(40) == "40%")
        let kpi = Kpi(id: 1, name: "Calls", unit: "%", direction: .higher, baseline: 1234.5, target: nil, measurements: [])
        #expect(kpi.format(12.25, style: .french) == "12,25\(nnbsp)%" && kpi.format(12.25) == "12.25%")
        #expect(Kpi.number(1234.5, style: .french) == "1\(nnbsp)235")
        var errors: [FieldError] = []
        #expect(Number.parse("12\(nnbsp)345,5", field: "v", label: "Value", required: true, into: &errors) == 12345.5 && errors.isEmpty)

        let phrase: Phrase = "\(number: "members", 12345) members took part; idea #\("id", 12345) led"
        #expect(phrase.description == "12,345 members took part; idea #12345 led")
        #expect(try Self.messages().text(phrase) == "12\(nnbsp)345 membres ont participé ; l'idée n°12345 était en tête")
        let counted = Phrase.plural("{count} dot left", "{count} dots left", count: 2_500)
        #expect(try Self.messages().text(counted) == "2\(nnbsp)500 points restants")
        // kept in a notification and read back: the same phrase, amounts and all
        let kept = Phrase.stored(phrase.stored, else: "")
        #expect(kept.template == phrase.template && kept.values == phrase.values && kept.numbers == ["members"])
        #expect(Phrase.stored(nil, else: "Written in 2025 {not a placeholder}").description == "Written in 2025 {not a placeholder}")
    }

    /// Eyrie's own reason for an automatic shortlisting is kept in English in the history and said in the reader's
    /// language; a reason someone wrote stays as written.
    @Test func eyriesOwnReasonsAreSaidInTheReadersLanguage() throws {
        let translations = try Translations.load(directory: TestDatabase.root + "/web/locales", pseudo: false)
        let french = translations.messages(.french)
        let kept = AutomaticReason.shortlisted(supports: 12).description
        #expect(kept == "Reached 12 supports")
        #expect(french.text(AutomaticReason.said(kind: "auto-shortlisted", reason: kept)) == "12 soutiens atteints")
        #expect(french.text(AutomaticReason.said(kind: "transition", reason: "Reached 12 supports")) == "Reached 12 supports")
        #expect(french.text(AutomaticReason.said(kind: "auto-shortlisted", reason: "Reached many")) == "Reached many")
    }
}
