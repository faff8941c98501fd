import EyrieCore
import EyrieStore

/// What the library holds about a piece of work (an idea, a workshop, an offering), as its page lists it under
/// "In the library" (`library/linked`).
struct LinkedResources {
    struct Item {
        var title: String
        var href: String
        var kind: String
        var language: String
    }

    var items: [Item]
    var hasAny: Bool

    init(_ linked: [WorkLinkRepository.Linked]) {
        items = linked.map { Item(title: $0.title, href: Site.library.show($0.id), kind: $0.kind.said, language: $0.language) }
        hasAny = !items.isEmpty
    }
}

extension LinkedResources: TemplateFields {
    var templateFields: [String: Any] { ["items": items, "hasAny": hasAny] }
}

extension LinkedResources.Item: TemplateFields {
    var templateFields: [String: Any] { ["title": title, "href": href, "kind": kind, "language": language] }
}
