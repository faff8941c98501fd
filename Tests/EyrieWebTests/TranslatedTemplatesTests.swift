import EyrieTestSupport
import Foundation
@testable import EyrieWeb
import Mustache
import Testing

/// Each language's templates, their messages put in place at start, render what the `{{#t}}` lambda renders.
struct TranslatedTemplatesTests {
    static let directory = TestDatabase.root + "/web/templates"

    @Test func sectionsBecomeTheirMessageEscapedWithTheirTagsKept() throws {
        let translations = try Translations.load(directory: TestDatabase.root + "/web/locales", pseudo: true)
        let french = translations.messages(try #require(translations.offered.first { $0.tag == "fr" }))
        let english = translations.messages(.english)
        #expect(TranslatedTemplates.translate("<b>{{#t}}Sign in{{/t}}</b>", with: french) == "<b>Se connecter</b>")
        #expect(TranslatedTemplates.translate("a {{#t}}KPIs of {{name}}: latest value,\n   baseline, target and progress to target{{/t}} z",
                                              with: english)
                == "a KPIs of {{name}}: latest value, baseline, target and progress to target z")
        // no section, an unclosed one: left as they are
        #expect(TranslatedTemplates.translate("{{title}} {{#t}}Sign in", with: french) == "{{title}} {{#t}}Sign in")
        // the message's own text is escaped, as the lambda escapes it
        #expect(TranslatedTemplates.translate("{{#t}}Terms & conditions{{/t}}", with: english) == "Terms &amp; conditions")
    }

    /// Every template in every language, rendered with the lambda and from its translated copy (without the lambda),
    /// with values for the placeholders of the messages: the same text.
    @Test(arguments: [false, true])
    func everyTemplateRendersAsWithTheLambda(pseudo: Bool) async throws {
        let translations = try Translations.load(directory: TestDatabase.root + "/web/locales", pseudo: pseudo)
        let plain = try await MustacheLibrary(directory: Self.directory)
        let translated = try TranslatedTemplates(directory: Self.directory, translations: translations)
        let names = try TranslatedTemplates.read(Self.directory).keys.sorted()
        #expect(names.count > 50 && names.contains("offerings/show") && names.contains("layout"))
        for language in translations.offered {
            let messages = translations.messages(language)
            let library = try #require(translated.libraries[language.tag])
            // the translated copy is rendered without the lambda: a section left in it would come out empty
            let values: [String: Any] = ["name": "Solar <depots>", "organisation": "Acme & Co", "count": "3", "title": "Ideas"]
            let root = values.merging(["t": messages.lambda]) { $1 }
            for name in names {
                let expected = plain.render(root, withTemplate: name)
                let got = library.render(values, withTemplate: name)
                #expect(got == expected, "\(name) in \(language.tag)")
            }
        }
    }
}
