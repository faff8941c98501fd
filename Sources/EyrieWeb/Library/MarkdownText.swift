import Foundation
import Ink
import Synchronization

/// Members' Markdown as HTML that can do nothing but be read. Ink (JohnSundell/Ink) parses it; Ink passes raw HTML
/// through and writes link, image and code-fence attributes as typed, so each of those is rebuilt here: raw HTML
/// becomes text, a link keeps only an `http`, `https`, `mailto`, site-relative or `#` address (and gets
/// `rel="nofollow ugc"`), an image only an `http(s)` one, a code fence's language only letters and digits; headings
/// start at `h2` under the page's title. Then every tag of the result is checked against the few Eyrie writes, and any
/// other is shown as text: what Ink may do in a later version cannot open a hole.
enum MarkdownText {
    /// Rendered texts, by their Markdown: a resource or a discussion is read far more often than it is written, and
    /// parsing it was most of its page's time. Bounded: texts longer than `cacheableBytes` are not kept, and the
    /// cache is emptied when it holds `cacheLimit` of them.
    private static let rendered = Mutex<[String: String]>([:])
    static let cacheableBytes = 16_384
    static let cacheLimit = 1_024

    static func html(_ markdown: String) -> String {
        let keeps = markdown.utf8.count <= cacheableBytes
        if keeps, let html = rendered.withLock({ $0[markdown] }) { return html }
        let html = render(markdown)
        if keeps {
            rendered.withLock {
                if $0.count >= cacheLimit { $0.removeAll(keepingCapacity: true) }
                $0[markdown] = html
            }
        }
        return html
    }

    static func render(_ markdown: String) -> String {
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .html) { escaped(String($0.markdown)) })
        parser.addModifier(Modifier(target: .links) { link($0.html, $0.markdown) })
        parser.addModifier(Modifier(target: .images) { image($0.html, $0.markdown) })
        parser.addModifier(Modifier(target: .codeBlocks) { codeBlock($0.html, $0.markdown) })
        parser.addModifier(Modifier(target: .headings) { heading($0.html) })
        return allowedTagsOnly(parser.html(from: markdown))
    }

    /// Text for an HTML page: `&`, `<`, `>` and quotes escaped.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// An address a member may link to: the web, e-mail, this site, a place on the page.
    static func isSafeLink(_ url: String) -> Bool {
        let u = url.lowercased()
        if u.hasPrefix("https://") || u.hasPrefix("http://") || u.hasPrefix("mailto:") || u.hasPrefix("#") { return true }
        if u.hasPrefix("/") { return !(u.hasPrefix("//") || u.hasPrefix("/\\")) }
        return false
    }

    /// `[text](url)`: the text and the address as typed (nil for a reference link, `[text][name]`).
    private static func parts(_ markdown: Substring) -> (text: Substring, url: String)? {
        guard markdown.hasPrefix("["), markdown.hasSuffix(")"), let split = markdown.range(of: "](") else { return nil }
        let url = markdown[split.upperBound..<markdown.index(before: markdown.endIndex)]
        return (markdown[markdown.index(after: markdown.startIndex)..<split.lowerBound],
                String(url).trimmingCharacters(in: .whitespaces))
    }

    private static func link(_ html: String, _ markdown: Substring) -> String {
        guard let (_, url) = parts(markdown) else { return escaped(String(markdown)) }
        let rawURL = String(markdown[markdown.range(of: "](")!.upperBound...].dropLast())
        let opening = "<a href=\"\(rawURL)\">"
        guard html.hasPrefix(opening), html.hasSuffix("</a>") else { return escaped(String(markdown)) }
        let inner = String(html.dropFirst(opening.count).dropLast(4))
        guard isSafeLink(url) else { return inner }
        return "<a href=\"\(escaped(url))\" rel=\"nofollow ugc\">\(inner)</a>"
    }

    private static func image(_ html: String, _ markdown: Substring) -> String {
        guard markdown.hasPrefix("!"), let (alt, url) = parts(markdown.dropFirst()) else { return escaped(String(markdown)) }
        let u = url.lowercased()
        guard u.hasPrefix("https://") || u.hasPrefix("http://") else { return escaped(String(alt)) }
        return "<img src=\"\(escaped(url))\" alt=\"\(escaped(String(alt)))\" loading=\"lazy\" referrerpolicy=\"no-referrer\">"
    }

    private static func codeBlock(_ html: String, _ markdown: Substring) -> String {
        let fence = markdown.prefix { $0 == "`" }
        let firstLine = markdown.dropFirst(fence.count).prefix { $0 != "\n" && $0 != "\r\n" }
        let language = firstLine.trimmingCharacters(in: .whitespaces)
        let opening = language.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(language)\">"
        guard html.hasPrefix(opening), html.hasSuffix("</code></pre>") else { return escaped(String(markdown)) }
        let code = html.dropFirst(opening.count).dropLast("</code></pre>".count)
        let safe = String(language.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-_".unicodeScalars.contains($0) }
            .map(Character.init).prefix(30))
        return (safe.isEmpty ? "<pre><code>" : "<pre><code class=\"language-\(safe)\">") + code + "</code></pre>"
    }

    /// `h1` → `h2` …: the page's title is its one `h1`.
    private static func heading(_ html: String) -> String {
        guard html.hasPrefix("<h"), let level = html.dropFirst(2).first?.wholeNumberValue, (1...6).contains(level) else {
            return html
        }
        let to = min(level + 1, 6)
        return "<h\(to)>" + html.dropFirst(4).dropLast(5) + "</h\(to)>"
    }

    /// The tags Eyrie writes, and the attributes each may carry.
    static let allowed: [String: Set<String>] = [
        "p": [], "br": [], "strong": [], "em": [], "del": [], "s": [], "code": ["class"], "pre": [], "blockquote": [],
        "ul": [], "ol": ["start"], "li": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [], "hr": [],
        "a": ["href", "rel"], "img": ["src", "alt", "loading", "referrerpolicy"],
        "table": [], "thead": [], "tbody": [], "tr": [], "th": ["align"], "td": ["align"],
    ]

    /// Every `<…>` of `html` that is not one of the allowed tags with allowed, quoted attributes becomes text.
    static func allowedTagsOnly(_ html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            out += rest[..<open]
            let tail = rest[open...]
            if let close = tail.firstIndex(of: ">"), isAllowedTag(tail[tail.index(after: open)..<close]) {
                out += tail[...close]
                rest = tail[tail.index(after: close)...]
            } else {
                out += "&lt;"
                rest = tail.dropFirst()
            }
        }
        out += rest
        return out
    }

    /// `a href="…" rel="…"`, `/p`, `br/`: a known name and known attributes, values without quotes or angle brackets.
    private static func isAllowedTag(_ inside: Substring) -> Bool {
        var body = inside
        let closing = body.hasPrefix("/")
        if closing { body = body.dropFirst() }
        if body.hasSuffix("/") { body = body.dropLast() }
        let name = body.prefix { $0.isLetter || $0.isNumber }
        guard let attributes = allowed[String(name)] else { return false }
        var rest = body.dropFirst(name.count)
        if closing { return rest.isEmpty }
        while !rest.isEmpty {
            guard rest.hasPrefix(" ") else { return false }
            rest = rest.drop { $0 == " " }
            if rest.isEmpty { break }
            let key = rest.prefix { $0.isLetter }
            guard attributes.contains(String(key)), rest.dropFirst(key.count).hasPrefix("=\"") else { return false }
            rest = rest.dropFirst(key.count + 2)
            guard let end = rest.firstIndex(of: "\"") else { return false }
            if rest[..<end].contains(where: { $0 == "<" || $0 == ">" }) { return false }
            rest = rest[rest.index(after: end)...]
        }
        return true
    }
}
