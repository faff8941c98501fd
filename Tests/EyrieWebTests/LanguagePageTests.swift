import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import EyrieWeb
import Testing

/// The page's language: chosen from the account, a cookie or `Accept-Language`, shown in `<html lang dir>`, in the
/// layout's messages, and changed with the footer's switcher (a form, without JavaScript).
struct LanguagePageTests {
    static func pseudoConfiguration() -> AppConfiguration {
        var configuration = Harness.configuration()
        configuration.pseudoLanguage = true
        return configuration
    }

    @Test func theBrowsersLanguageRendersTheLayoutAndTheSwitcherKeepsTheChoice() async throws {
        try await Harness.run(configuration: Self.pseudoConfiguration()) { http, world in
            // English by default: no markers, the switcher offers both
            let visitor = try await world.browser(nil)
            let english = try await visitor.get(http, "/signin")
            #expect(english.text.contains(#"<html lang="en" dir="ltr">"#) && english.text.contains(">Sign in<"))
            #expect(english.text.contains(#"name="language""#) && english.text.contains(#"value="en-XA""#))
            // the browser asks for en-XA: the layout's messages come in it, placeholders of the page still filled
            let asked = try await http.execute(uri: "/signin", method: .get,
                                               headers: [.cookie: visitor.cookie, .acceptLanguage: "en-XA, en;q=0.5"], body: nil)
            #expect(asked.text.contains(#"<html lang="en-XA" dir="ltr">"#))
            #expect(asked.text.contains("⟦Šîĝñ îñ") && asked.text.contains("⟦Çöɱɱûñîţîéš"))
            #expect(!asked.text.contains(">Communities<"))
            // a language not offered is refused; an offered one is kept in a cookie and the page comes back
            let refused = try await visitor.post(http, "/language", ["language": "xx", "next": "/signin"])
            #expect(refused.status == .unprocessableContent)
            let switched = try await visitor.post(http, "/language", ["language": "en-XA", "next": "/communities?x=1"])
            #expect(switched.status == .seeOther && switched.location == "/communities?x=1")
            let cookie = try #require(switched.headers[values: .setCookie].first { $0.hasPrefix("eyrie_lang=en-XA") })
            #expect(cookie.contains("HttpOnly"))
            let after = try await Browser(cookie: visitor.cookie + "; eyrie_lang=en-XA", csrf: visitor.csrf).get(http, "/communities")
            #expect(after.text.contains(#"lang="en-XA""#))
            // an offsite next is not followed
            let offsite = try await visitor.post(http, "/language", ["language": "en", "next": "//evil.example"])
            #expect(offsite.location == "/")
        }
    }

    @Test func aMembersChoiceFollowsThemToAnotherBrowser() async throws {
        try await Harness.run(configuration: Self.pseudoConfiguration()) { http, world in
            let member = try await world.browser(world.fixture.memberIDs[0])
            #expect(try await member.post(http, "/language", ["language": "en-XA", "next": "/"]).status == .seeOther)
            // another session of the same member, no cookie, an English browser
            let elsewhere = try await world.browser(world.fixture.memberIDs[0])
            let page = try await http.execute(uri: "/communities", method: .get,
                                              headers: [.cookie: elsewhere.cookie, .acceptLanguage: "en"], body: nil)
            #expect(page.text.contains(#"lang="en-XA""#) && page.text.contains("⟦Šîĝñ öûţ"))
        }
    }

    @Test func templateMessagesKeepTheirPlaceholdersAndEscapeTheirText() {
        #expect(Messages.messageID("Hello {{name}},\n   welcome") == "Hello {name}, welcome")
        #expect(Messages.templateText("Bonjour {name} & <co> \"x\"") == "Bonjour {{name}} &amp; &lt;co&gt; &quot;x&quot;")
        #expect(Messages.templateText("{not a name} {chrome.unread}") == "{not a name} {{chrome.unread}}")
    }
}
