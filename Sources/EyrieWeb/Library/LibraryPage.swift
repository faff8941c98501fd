import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The library's list: search by words, kind and tag, three orders; the stewards' form for a kind of their own.
enum LibraryPage {
    struct Card {
        var href: String
        var title: String
        var kind: String
        var tags: [TagLink]
        var hasTags: Bool
        var authors: String
        var useful: String
        var updated: String
        var language: String
    }
    struct TagLink { var name: String; var href: String; var chosen: Bool }

    struct View {
        var communityName: String
        var action: String
        var newHref: String
        var canContribute: Bool
        var words: String
        var kinds: [Option]
        var sorts: [Option]
        var tag: String
        var hasTag: Bool
        var clearTag: String
        var cards: [Card]
        var hasCards: Bool
        var filtered: Bool
        var count: String
        var tags: [TagLink]
        var hasTagCloud: Bool
        var canCurate: Bool
        var kindsAction: String
        var kindForm: FormState
        var customKinds: [String]
        var hasCustomKinds: Bool
    }

    static func render(_ scope: CommunityScope, query: ResourceQuery, kindForm: FormState, deps: LibraryDependencies,
                       context: AppContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        let community = scope.community
        async let cardsRead = deps.library.list(communityID: community.id, query: query)
        async let kindsRead = deps.library.kinds(communityID: community.id)
        async let tagsRead = deps.library.tags(communityID: community.id)
        let (cards, kinds, tags) = try await (cardsRead, kindsRead, tagsRead)
        let base = Site.library.index(community.slug)
        func link(tag: String?) -> String {
            var params: [(String, String)] = []
            if !query.words.isEmpty { params.append(("q", query.words)) }
            if let kind = query.kind { params.append(("kind", kind)) }
            if let tag { params.append(("tag", tag)) }
            if query.sort != .newest { params.append(("sort", query.sort.rawValue)) }
            return Site.library.index(community.slug, query: params)
        }
        let view = View(
            communityName: community.name, action: base, newHref: Site.library.new(community.slug),
            canContribute: scope.check(.contribute).isAllowed, words: query.words,
            kinds: [Option(value: "", label: say("Every kind"), selected: query.kind == nil)]
                + kinds.map { Option(value: $0.key, label: $0.said, selected: $0.key == query.kind) },
            sorts: ResourceSort.allCases.map { Option(value: $0.rawValue, label: $0.said, selected: $0 == query.sort) },
            tag: query.tag ?? "", hasTag: query.tag != nil, clearTag: link(tag: nil),
            cards: cards.map { card in
                let r = card.resource
                return Card(href: Site.library.show(r.id), title: r.title, kind: r.kind.said,
                            tags: r.tags.map { TagLink(name: $0, href: link(tag: $0), chosen: $0 == query.tag) }, hasTags: !r.tags.isEmpty,
                            authors: card.authorNames.joined(separator: ", "),
                            useful: r.usefulCount == 0 ? "" : say(.plural("{count} found it useful", "{count} found it useful", count: r.usefulCount)),
                            updated: say("updated \("day", Dates.day(r.updatedAt))"), language: r.language)
            },
            hasCards: !cards.isEmpty, filtered: !query.words.isEmpty || query.kind != nil || query.tag != nil,
            count: Dates.count(cards.count, "resource", "resources"),
            tags: tags.map { TagLink(name: $0, href: link(tag: $0), chosen: $0 == query.tag) }, hasTagCloud: !tags.isEmpty,
            canCurate: scope.check(.steer).isAllowed, kindsAction: Site.library.kinds(community.slug), kindForm: kindForm,
            customKinds: kinds.filter { !$0.isBuiltIn }.map(\.key), hasCustomKinds: kinds.contains { !$0.isBuiltIn })
        return try deps.renderer.page("library/index", view, context: context, title: say("Library of \("community", community.name)"),
                                      status: status, community: community, crumbs: crumbs(community), errors: kindForm.list)
    }
}

extension ResourceKind {
    /// A built-in kind in the reader's language; a kind the stewards named, as they wrote it.
    var said: String { isBuiltIn ? say(Phrase(label)) : label }
}

extension ResourceSort: Named {}
