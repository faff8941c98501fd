import EyrieCore
@testable import EyrieStore
@testable import EyrieWeb
import Foundation
import Testing

/// View models that list their own fields for templates (instead of being reflected on every page) list every one of
/// them: a field left out would silently vanish from the page. Each is compared with what reflection sees, nil
/// optionals excepted (left out on both sides). Debug builds also check every model of every page the tests render
/// (`RenderTree.build`); these cases run it on models with every optional set and with none.
struct TemplateFieldsTests {
    static func difference(_ value: any TemplateFields) -> Set<String> { RenderTree.unlisted(value) }

    static let workshop = Workshop(
        id: 5, communityID: 3, challengeID: 7, challengeTitle: "Faster onboarding", title: "Co-design", purpose: "Shape it.",
        startsAt: Date(timeIntervalSince1970: 1_800_000_000), endsAt: Date(timeIntervalSince1970: 1_800_007_200),
        timeZone: "Europe/Paris", place: "Room 2", callLink: "https://call.example/x", capacity: 12, seatsTaken: 3,
        waiting: 0, state: .scheduled, cancelReason: nil, sequence: 0, createdAt: Date(timeIntervalSince1970: 1_790_000_000),
        updatedAt: Date(timeIntervalSince1970: 1_790_000_000))

    @Test func pageModelsListEveryFieldTheyHave() {
        let steward = ChallengePageTests.page(Actor(role: .steward), query: IdeaQuery(search: "x", tag: "energy"))
        let visitor = ChallengePageTests.page(Actor(role: nil))
        var values: [any TemplateFields] = [steward, visitor, steward.challenge, steward.sorts[0], steward.tags.links[0],
                                            ChallengeCard(ChallengePageTests.challenge, community: ChallengePageTests.community),
                                            WorkshopCard(Self.workshop, viewer: nil, registration: .registered),
                                            WorkshopCard(Self.workshop, viewer: nil)]
        let follow = FollowButton(action: "/follow", following: true, noun: "idea", followers: 3, followersText: "3 following")
        var full = Chrome(title: "T", signedIn: true, showsAccount: true, memberID: 1, memberName: "Ada", unread: 2,
                          hasUnread: true, csrf: "c", flash: "Saved.", communityName: "Open Guild",
                          communitySlug: "open-guild", crumbs: [Crumb(title: "Home", href: "/")], hasCrumbs: true,
                          errorSummary: [SummaryLine(field: "title", message: "is required")], hasErrors: true,
                          follow: follow)
        full.profileLink = "/members/1"
        full.communityLink = "/communities/open-guild"
        let bare = Chrome(title: "T", signedIn: false, showsAccount: true, memberID: 0, memberName: "", unread: 0,
                          hasUnread: false, csrf: "c", flash: nil, communityName: nil, communitySlug: nil, crumbs: [],
                          hasCrumbs: false, errorSummary: [], hasErrors: false, follow: nil)
        values += [full, bare, follow, Crumb(title: "Home", href: "/"), SummaryLine(field: "f", message: "m"),
                   LanguageOption(tag: "fr", name: "Français", selected: false),
                   Screen(chrome: bare, view: steward, t: Messages.english.lambda)]
        for value in values {
            #expect(Self.difference(value).isEmpty, "\(type(of: value)): \(Self.difference(value).sorted())")
        }
    }

    @Test func nilOptionalsAreLeftOutAndOthersKept() {
        let visitor = ChallengePageTests.page(Actor(role: nil)).templateFields
        #expect(visitor["tag"] == nil && visitor["dotsLeft"] == nil)
        let member = ChallengePageTests.page(Actor(role: .member), query: IdeaQuery(tag: "energy")).templateFields
        #expect(member["tag"] as? String == "energy")
        #expect(member["dotsLeft"] as? String == "9 dots")
    }
}
