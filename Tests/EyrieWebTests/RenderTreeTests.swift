import EyrieCore
import Foundation
@testable import EyrieWeb
import Testing

/// View models that list their own template fields must list every field, as reflection would.
struct RenderTreeTests {
    @Test(arguments: [false, true])
    func ideaCardsListEveryField(showDots: Bool) throws {
        let idea = IdeaSummary(id: 7, challengeID: 1, title: "Solar <depots>", summary: "Panels", tags: ["energy"],
                               state: .shortlisted, authorNames: ["Ada", "Grace"], supportCount: 3, commentCount: 1,
                               createdAt: Date(timeIntervalSince1970: 1_790_000_000))
        let card = IdeaCard(idea, showDots: showDots)
        let reflected = Mirror(reflecting: card).children.filter {
            guard case .optional = Mirror(reflecting: $0.value).displayStyle else { return true }
            return Mirror(reflecting: $0.value).children.first != nil
        }
        let listed = try #require(RenderTree.build(card) as? [String: Any])
        #expect(Set(listed.keys) == Set(reflected.compactMap(\.label)))
        #expect(listed["title"] as? String == "Solar <depots>" && listed["supports"] as? String == "3 supports")
        #expect((listed["tags"] as? [Any])?.first as? String == "energy")
        #expect((listed["dots"] != nil) == showDots)
    }
}
