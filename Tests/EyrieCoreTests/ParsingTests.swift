import EyrieCore
import Testing

struct FormDataTests {
    @Test func decodesPercentAndPlus() throws {
        let form = try FormData.parse(Array("email=ada%40example.org&name=Ada+Lovelace&empty=&x=%E2%9C%93".utf8))
        #expect(form == ["email": "ada@example.org", "name": "Ada Lovelace", "empty": "", "x": "✓"])
    }

    @Test func invalidUTF8IsAnError() {
        #expect(throws: FormData.Failure.invalidUTF8) { try FormData.parse(Array("name=%FF%FE".utf8)) }
    }

    @Test func brokenEscapesAreKeptLiterally() throws {
        #expect(try FormData.parse(Array("a=100%&b=%zz".utf8)) == ["a": "100%", "b": "%zz"])
    }

    @Test func nulBytesSurviveDecodingForValidationToRefuse() throws {
        #expect(try FormData.parse(Array("title=a%00b".utf8))["title"] == "a\u{0}b")
    }
}

struct SafePathTests {
    @Test(arguments: [
        ("/challenges/3", "/challenges/3"), ("//evil.example", "/"), ("https://evil.example", "/"),
        ("/\\evil.example", "/"), (nil, "/"), ("", "/"), ("/ok?x=1", "/ok?x=1"), ("/a\nb", "/"),
    ] as [(String?, String)])
    func onlyLocalPaths(raw: String?, expected: String) {
        #expect(SafePath.from(raw) == expected)
    }
}

struct ListingTests {
    @Test func cursorsRoundTripAndRejectJunk() {
        #expect(IdeaCursor("12.345") == IdeaCursor(key: 12, id: 345))
        #expect(IdeaCursor(key: 7, id: 9).text == "7.9")
        #expect(IdeaCursor("abc") == nil)
        #expect(IdeaCursor("1.2.3") == nil)
    }

    @Test func queryFallsBackToDefaults() {
        let query = IdeaQuery.parse(["sort": "bogus", "q": "  solar  ", "tag": "Self Service", "after": "x"])
        #expect(query.sort == .new)
        #expect(query.search == "solar")
        #expect(query.tag == "self-service")
        #expect(query.after == nil)
    }

    @Test func slugs() {
        #expect(Slug.make("Customer Experience Guild!") == "customer-experience-guild")
        #expect(Slug.make("  Ünïcode -- name ") == "n-code-name")
        #expect(Slug.make("!!!") == "")
    }
}
