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

    @Test func anIdeaSaysWhichLanguageItIsWrittenInAndTheFormOffersTheWritersOwn() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            // a member who reads in French: the form offers French first, and its errors come in French
            try await MemberRepository(world.db).setLanguage(memberID: f.memberIDs[0], language: "fr")
            let writer = try await world.browser(f.memberIDs[0])
            let form = try await writer.get(http, "/challenges/\(f.challenge.id)/ideas/new")
            #expect(form.text.contains(#"<option value="fr" lang="fr" selected>Français</option>"#))
            var idea = validIdea
            idea["title"] = "Les bénévoles accueillent les habitants"
            idea["language"] = "fr"
            let made = try await writer.post(http, "/challenges/\(f.challenge.id)/ideas", idea)
            #expect(made.status == .seeOther)
            let bad = try await writer.post(http, "/challenges/\(f.challenge.id)/ideas", idea.merging(["language": "xx", "key": "k2"]) { $1 })
            #expect(bad.status == .unprocessableContent && bad.text.contains("Choisissez la langue dans laquelle l’idée est écrite"))
            #expect(bad.text.contains(#"<html lang="fr" dir="ltr">"#) && !bad.text.contains("Choose the language"))
            // an English reader's card says so, and carries the language for screen readers
            let page = try await world.browser(f.memberIDs[1]).get(http, "/challenges/\(f.challenge.id)")
            #expect(page.text.contains("Written in French") && page.text.contains(#"lang="fr" dir="auto""#))
            let idPage = try await world.browser(f.memberIDs[1]).get(http, made.location)
            #expect(idPage.text.contains(#"<h1 lang="fr" dir="auto">Les bénévoles accueillent les habitants</h1>"#))
        }
    }

    @Test func templateMessagesKeepTheirPlaceholdersAndEscapeTheirText() {
        #expect(Messages.messageID("Hello {{name}},\n   welcome") == "Hello {name}, welcome")
        #expect(Messages.templateText("Bonjour {name} & <co> \"x\"") == "Bonjour {{name}} &amp; &lt;co&gt; &quot;x&quot;")
        #expect(Messages.templateText("{not a name} {chrome.unread}") == "{not a name} {{chrome.unread}}")
    }
}

/// A community's language, for visitors who bring none of their own.
struct CommunityLanguageTests {
    @Test func aCommunitysLanguageServesVisitorsWithNoneOfTheirOwn() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let steward = try await world.browser(f.stewardID)
            let page = "/communities/\(f.community.slug)"
            // a language Eyrie does not offer is refused beside the field
            var form = ["name": f.community.name, "domain": "A domain statement long enough.", "visibility": "open", "language": "xx"]
            let refused = try await steward.post(http, page + "/settings", form)
            #expect(refused.status == .unprocessableContent && refused.text.contains(#"id="language""#))
            // a visitor with no language, before: English (the community's language is kept a few seconds per page)
            let visitor = try await world.browser(nil)
            #expect(try await visitor.get(http, "/challenges/\(f.challenge.id)").text.contains(#"<html lang="en""#))
            form["language"] = "fr"
            #expect(try await steward.post(http, page + "/settings", form).status == .seeOther)
            // after: the community's, on its pages and its challenges' (the steward's change is read at once)
            let plain = try await visitor.get(http, page)
            #expect(plain.text.contains(#"<html lang="fr" dir="ltr">"#))
            let challenge = try await visitor.get(http, "/challenges/\(f.challenge.id)")
            #expect(challenge.text.contains(#"<html lang="fr""#))
            // a browser asking for a language Eyrie does not offer: still the community's
            let german = try await http.execute(uri: page, method: .get, headers: [.cookie: visitor.cookie, .acceptLanguage: "de"], body: nil)
            #expect(german.text.contains(#"<html lang="fr""#))
            // a browser asking for English, and a member who chose English, keep theirs
            let english = try await http.execute(uri: page, method: .get, headers: [.cookie: visitor.cookie, .acceptLanguage: "en"], body: nil)
            #expect(english.text.contains(#"<html lang="en""#))
            try await MemberRepository(world.db).setLanguage(memberID: f.memberIDs[0], language: "en")
            #expect(try await world.browser(f.memberIDs[0]).get(http, page).text.contains(#"<html lang="en""#))
            // pages outside any community stay English
            #expect(try await visitor.get(http, "/signin").text.contains(#"<html lang="en""#))
        }
    }
}
