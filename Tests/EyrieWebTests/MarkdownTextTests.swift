@testable import EyrieWeb
import Testing

/// Members' Markdown becomes HTML that can only be read: hostile input comes out inert, ordinary Markdown as expected.
struct MarkdownTextTests {
    @Test(arguments: [
        "<script>alert(1)</script>",
        "Hello <img src=x onerror=alert(1)> there",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](&#106;avascript:alert(1))",
        "[x](http://a\" onmouseover=\"alert(1))",
        "![a\" onerror=\"alert(1)](http://x.example/i.png)",
        "![x](javascript:alert(1))",
        "```\"><script>alert(1)</script>\nbody\n```",
        "`<script>alert(1)</script>`",
        "<a href=\"javascript:alert(1)\">x</a>",
        "[x](//evil.example/path)",
        "[x](/\\evil.example)",
    ])
    func hostileMarkdownComesOutInert(_ markdown: String) {
        let html = MarkdownText.html(markdown)
        #expect(!html.lowercased().contains("<script"), "\(html)")
        #expect(!html.lowercased().contains("<iframe") && !html.lowercased().contains("<svg"), "\(html)")
        #expect(!html.contains("href=\"javascript") && !html.contains("href=\"data:") && !html.contains("href=\"&#"), "\(html)")
        #expect(!html.contains("href=\"//") && !html.contains("href=\"/\\"), "\(html)")
        // every tag left is one Eyrie writes, with its own attributes only
        #expect(MarkdownText.allowedTagsOnly(html) == html, "\(html)")
        // what an attacker typed inside a tag is now text or an attribute's escaped value
        #expect(!html.contains("<img src=x") && !html.contains("\" onerror=\"") && !html.contains("\" onmouseover=\""), "\(html)")
    }

    @Test func ordinaryMarkdownReadsAsWritten() {
        #expect(MarkdownText.html("# Welcome call") == "<h2>Welcome call</h2>")
        #expect(MarkdownText.html("Some **bold** and *italic*.") == "<p>Some <strong>bold</strong> and <em>italic</em>.</p>")
        #expect(MarkdownText.html("[The guide](https://example.org/guide)")
                == "<p><a href=\"https://example.org/guide\" rel=\"nofollow ugc\">The guide</a></p>")
        #expect(MarkdownText.html("[Ideas](/communities/guild)") == "<p><a href=\"/communities/guild\" rel=\"nofollow ugc\">Ideas</a></p>")
        #expect(MarkdownText.html("[x](javascript:alert(1))") == "<p>x</p>", "an unsafe address keeps its words, not the link")
        #expect(MarkdownText.html("![Map](https://example.org/map.png)")
                == "<img src=\"https://example.org/map.png\" alt=\"Map\" loading=\"lazy\" referrerpolicy=\"no-referrer\">")
        #expect(MarkdownText.html("```swift\nlet x = 1 < 2\n```") == "<pre><code class=\"language-swift\">let x = 1 &lt; 2\n</code></pre>")
        #expect(MarkdownText.html("- one\n- two") == "<ul><li>one</li><li>two</li></ul>")
        #expect(MarkdownText.html("Tags <b>stay</b> text").contains("&lt;b&gt;stay&lt;/b&gt;"))
    }
}
