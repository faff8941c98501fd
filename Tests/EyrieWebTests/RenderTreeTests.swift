import EyrieCore
import EyrieTestSupport
import Foundation
@testable import EyrieWeb
import Testing

/// View models that list their own template fields must list every field, as reflection would; idea cards are
/// rendered once per distinct card, escaped by their partial.
struct RenderTreeTests {
    static func card(title: String = "Solar <depots>", supports: Int = 3, showDots: Bool = false) -> IdeaCard {
        IdeaCard(IdeaSummary(id: 7, challengeID: 1, title: title, summary: "Panels", tags: ["energy"], state: .shortlisted,
                             authorNames: ["Ada", "Grace"], supportCount: supports, commentCount: 1,
                             createdAt: Date(timeIntervalSince1970: 1_790_000_000)), showDots: showDots)
    }

    @Test(arguments: [false, true])
    func ideaCardsListEveryField(showDots: Bool) async throws {
        let renderer = try await Renderer(directory: TestDatabase.root + "/web/templates")
        let card = Self.card(showDots: showDots)
        let reflected = Mirror(reflecting: card).children.filter {
            guard case .optional = Mirror(reflecting: $0.value).displayStyle else { return true }
            return Mirror(reflecting: $0.value).children.first != nil
        }
        let listed = try #require(renderer.tree(card) as? [String: Any])
        #expect(Set(listed.keys) == Set(reflected.compactMap(\.label) + ["html"]))
        #expect(listed["title"] as? String == "Solar <depots>" && listed["supports"] as? String == "3 supports")
        #expect((listed["tags"] as? [Any])?.first as? String == "energy")
        #expect((listed["dots"] != nil) == showDots)
        let html = try #require(listed["html"] as? String)
        #expect(html.contains("Solar &lt;depots&gt;") && !html.contains("<depots>") && html.contains("3 supports"))
        #expect(html.contains("dots") == showDots)
    }

    @Test func smallRepeatedViewModelsListEveryField() throws {
        let values: [any TemplateFields] = [
            ChallengePage.TagLink(tag: "energy", count: 2, href: "/challenges/1?tag=energy", current: true),
            Option(value: "open", label: "Open", selected: false),
        ]
        for value in values {
            #expect(Set(value.templateFields.keys) == Set(Mirror(reflecting: value).children.compactMap(\.label)))
        }
    }

    @Test func cardsAreRenderedOncePerDistinctValue() async throws {
        let renderer = try await Renderer(directory: TestDatabase.root + "/web/templates", fragmentLimit: 3)
        func html(_ card: IdeaCard) -> String? { (renderer.tree(card) as? [String: Any])?["html"] as? String }
        #expect(html(Self.card()) == html(Self.card()))
        #expect(renderer.fragments.count == 1)
        // a changed count is a different card: never the stale HTML
        #expect(html(Self.card(supports: 4))?.contains("4 supports") == true)
        #expect(renderer.fragments.count == 2)
        // the cache stays within its limit
        for n in 5...9 { _ = html(Self.card(supports: n)) }
        #expect(renderer.fragments.count <= 3)
    }

    @Test func theCacheKeepsWithinItsBytes() async throws {
        let renderer = try await Renderer(directory: TestDatabase.root + "/web/templates", fragmentBytes: 4_000)
        func html(_ card: IdeaCard) -> String? { (renderer.tree(card) as? [String: Any])?["html"] as? String }
        let size = try #require(html(Self.card())).utf8.count
        #expect(renderer.fragments.bytes == size)
        _ = html(Self.card())  // the same card again: counted once
        #expect(renderer.fragments.bytes == size)
        for n in 10...40 {
            #expect(html(Self.card(supports: n))?.contains("\(n) supports") == true)
            #expect(renderer.fragments.bytes <= 4_000)
        }
        #expect(renderer.fragments.count < 31)
    }
}
