import EyrieCore
@testable import EyrieStore
@testable import EyrieWeb
import Foundation
import Testing

/// The challenge page's model, built from reads without a database: its addresses, the budget left, and which
/// actions each kind of visitor is offered.
struct ChallengePageTests {
    static let now = Date()
    static let community = Community(id: 3, slug: "open-guild", name: "Open Guild", domain: "A domain.", visibility: .open,
                                     inviteCode: "code", memberCount: 12)
    /// An open challenge (voting in a week) with supports (budget 5) and dots (10 each).
    static let challenge = Challenge(
        id: 7, communityID: 3, title: "Faster onboarding", problem: "New customers wait.", question: "How might we?",
        sponsorID: 1, sponsorName: "Northwind",
        schedule: ChallengeSchedule(opensAt: now - 86_400, votingAt: now + 7 * 86_400, reviewAt: now + 14 * 86_400,
                                    closesAt: now + 21 * 86_400),
        ideaCount: 2)

    static func reads(spentDots: Int = 1, spentSupports: Int = 2) -> ChallengePage.Reads {
        let ideas = [Int64(11), 12].map {
            IdeaSummary(id: $0, challengeID: 7, title: "Idea \($0)", summary: "A summary.", tags: ["energy"], state: .submitted,
                        authorNames: ["Ada"], supportCount: 1, commentCount: 0, createdAt: now)
        }
        return ChallengePage.Reads(
            page: IdeaListRepository.Page(ideas: ideas, total: 2, next: IdeaCursor(key: 12, id: 12)),
            tags: [IdeaListRepository.TagCount(tag: "energy", count: 2)],
            settings: VotingSettings(supports: true, supportBudget: 5, dots: true),
            standing: VotingSettingsRepository.Standing(dotsSpent: spentDots, supportsSpent: spentSupports, isReviewer: false),
            workshops: [], follow: nil)
    }

    static func page(_ actor: Actor, query: IdeaQuery = IdeaQuery()) -> ChallengePage {
        ChallengePage(ChallengeScope(challenge: challenge, community: community, actor: actor), query: query,
                      reads: reads(), zone: nil)
    }

    @Test func everyAddressComesFromSite() {
        // act
        let page = Self.page(Actor(role: .member))
        // check
        #expect(page.links.newIdea == "/challenges/7/ideas/new")
        #expect(page.links.results == "/challenges/7/results")
        #expect(page.links.newWorkshop == "/communities/open-guild/workshops/new?challenge=7")
        #expect(page.ideas.items.map(\.card.href) == ["/ideas/11", "/ideas/12"])
        #expect(page.sorts.map(\.href) == ["/challenges/7", "/challenges/7?sort=supported", "/challenges/7?sort=discussed"])
        #expect(page.nextLink == "/challenges/7?after=12.12")
    }

    @Test func aChosenTagIsTakenOffByItsOwnLinkAndTheSearchIsKept() {
        // act
        let page = Self.page(Actor(role: .member), query: IdeaQuery(sort: .supported, search: "call back", tag: "energy"))
        // check
        #expect(page.tags.links.first?.current == true)
        #expect(page.tags.links.first?.href == "/challenges/7?sort=supported&q=call%20back")
        #expect(page.isFiltered)
        #expect(page.tag == "energy")
    }

    @Test func membersSeeWhatTheyHaveLeftAndMaySubmit() {
        // act
        let page = Self.page(Actor(role: .member))
        // check
        #expect(page.canSubmit)
        #expect(page.dotsLeft == "9 dots")
        #expect(page.supportsLeft == "3 supports")
        #expect(page.join == nil)
        #expect(!page.isSteward)
        #expect(!page.showsResults)
        #expect(!page.canScheduleWorkshop)
    }

    @Test func eachKindOfVisitorIsOfferedWhatTheRulesAllow() {
        // setup: (visitor, may submit or be asked to sign in, offered to join, steward's tools, results, schedule)
        let table: [(String, Actor, Bool, Bool, Bool, Bool, Bool)] = [
            ("anonymous", .anonymous, true, false, false, false, false),
            ("outsider", Actor(), false, true, false, false, false),
            ("member", Actor(role: .member), true, false, false, false, false),
            ("facilitator", Actor(role: .facilitator), true, false, false, false, true),
            ("steward", Actor(role: .steward), true, false, true, true, true),
            ("admin", Actor(isAdmin: true), true, false, true, true, true),
        ]
        for (name, actor, submit, join, steer, results, schedule) in table {
            // act
            let page = Self.page(actor)
            // check
            #expect(page.canSubmit == submit, "\(name)")
            #expect((page.join != nil) == join, "\(name)")
            #expect(page.isSteward == steer, "\(name)")
            #expect(page.showsResults == results, "\(name)")
            #expect(page.canScheduleWorkshop == schedule, "\(name)")
            // Only members see their budget.
            #expect((page.dotsLeft != nil) == (actor.role != nil), "\(name)")
        }
    }

    @Test func theLinksHandedToTemplatesAreAllTheLinks() {
        // setup: the fields as reflection sees them
        let links = ChallengeLinks(id: 7, communitySlug: "open-guild")
        let reflected = Mirror(reflecting: links).children.compactMap { child in child.label.map { ($0, child.value as? String) } }
        let site = Mirror(reflecting: SiteLinks.shared).children.compactMap { child in
            child.label.flatMap { $0 == "templateFields" ? nil : ($0, child.value as? String) }
        }
        // check: the lists written by hand have every field, with its value
        #expect(links.templateFields.count == reflected.count)
        for (name, value) in reflected { #expect(links.templateFields[name] as? String == value, "\(name)") }
        #expect(SiteLinks.shared.templateFields.count == site.count)
        for (name, value) in site { #expect(SiteLinks.shared.templateFields[name] as? String == value, "\(name)") }
    }
}
