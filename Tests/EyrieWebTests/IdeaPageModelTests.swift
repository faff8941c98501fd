import EyrieCore
@testable import EyrieStore
@testable import EyrieWeb
import Foundation
import Testing

/// The idea page's model, built from reads without a database: its buttons for each kind of visitor, the budget
/// left, and its addresses.
struct IdeaPageModelTests {
    static let now = Date()
    static let community = Community(id: 3, slug: "open-guild", name: "Open Guild", domain: "A domain.", visibility: .open,
                                     inviteCode: "code", memberCount: 12)
    /// In voting, with supports (budget 5) and dots (10 each, at most 3 on one idea).
    static let challenge = Challenge(
        id: 7, communityID: 3, title: "Faster onboarding", problem: "New customers wait.", question: "How might we?",
        sponsorID: 1, sponsorName: "Northwind",
        schedule: ChallengeSchedule(opensAt: now - 14 * 86_400, votingAt: now - 86_400, reviewAt: now + 14 * 86_400,
                                    closesAt: now + 21 * 86_400),
        ideaCount: 2)

    static func scope(_ actor: Actor, state: IdeaState = .submitted) -> IdeaScope {
        let idea = Idea(id: 11, communityID: 3, challengeID: 7, title: "Welcome call", summary: "Call within a day.",
                        body: "First line.\nSecond line.", tags: ["onboarding"], state: state,
                        authors: [Author(id: 21, name: "Ada", organisationName: "Northwind")], supportCount: 4, commentCount: 1,
                        mergedIntoID: nil, hiddenReason: nil, createdAt: now)
        return IdeaScope(idea: idea, challenge: challenge, community: community, actor: actor,
                         settings: VotingSettings(supports: true, supportBudget: 5, dots: true))
    }

    static func reads(supported: Bool = false, myDots: Int = 0) -> IdeaPage.Reads {
        IdeaPage.Reads(
            supported: supported,
            comments: [Comment(id: 41, ideaID: 11, parentID: nil, authorID: 22, authorName: "Bob", body: "Yes.",
                               hiddenReason: nil, createdAt: now),
                       Comment(id: 42, ideaID: 11, parentID: 41, authorID: 21, authorName: "Ada", body: "Thanks.",
                               hiddenReason: "Off topic", createdAt: now)],
            events: [], mergeCandidates: [], workshops: [], offering: nil,
            standing: VotingSettingsRepository.Standing(dotsSpent: 2, supportsSpent: 1, isReviewer: false), myDots: myDots,
            follow: nil)
    }

    @Test func commentsAreThreadedAndHiddenOnesShowOnlyToModerators() {
        // act
        let member = IdeaPage(Self.scope(Actor(role: .member)), reads: Self.reads(), viewerID: 22)
        let facilitator = IdeaPage(Self.scope(Actor(role: .facilitator)), reads: Self.reads(), viewerID: 23)
        // check
        #expect(member.comments.count == 1)
        #expect(member.comments.first?.replies.map(\.id) == [42])
        #expect(member.comments.first?.replies.first?.showBody == false)
        #expect(facilitator.comments.first?.replies.first?.showBody == true)
        #expect(facilitator.comments.first?.replies.first?.restoreAction == "/comments/42/restore")
        #expect(member.comments.first?.authorHref == "/members/22")
    }

    @Test func aMemberSupportsOnceAndSeesTheirBudget() {
        // act
        let before = IdeaPage(Self.scope(Actor(role: .member)), reads: Self.reads(), viewerID: 22)
        let after = IdeaPage(Self.scope(Actor(role: .member)), reads: Self.reads(supported: true, myDots: 3), viewerID: 22)
        // check
        #expect(before.canSupport && !before.canUnsupport)
        #expect(!after.canSupport && after.canUnsupport)
        #expect(before.supportsLeft == "You have 4 supports left in this challenge.")
        #expect(before.dotsLeft == "8 dots")
        #expect(before.canAddDot && !before.canRemoveDot)
        // At most 3 dots on one idea.
        #expect(!after.canAddDot && after.canRemoveDot)
        #expect(before.links.support == "/ideas/11/support")
        #expect(before.links.challenge == "/challenges/7")
    }

    @Test func eachKindOfVisitorIsOfferedWhatTheRulesAllow() {
        // setup: (visitor, viewer id, may support, may edit, steward's tools, hint to sign in, offered to join)
        let table: [(String, Actor, Int64?, Bool, Bool, Bool, Bool, Bool)] = [
            ("anonymous", .anonymous, nil, false, false, false, true, false),
            ("outsider", Actor(), 30, false, false, false, false, true),
            ("member", Actor(role: .member), 22, true, false, false, false, false),
            // Authors do not support their own ideas unless the community allows it (not by default).
            ("author", Actor(role: .member, isAuthor: true), 21, false, true, false, false, false),
            ("steward", Actor(role: .steward), 24, true, false, true, false, false),
        ]
        for (name, actor, viewerID, support, edit, steer, signIn, join) in table {
            // act
            let page = IdeaPage(Self.scope(actor), reads: Self.reads(), viewerID: viewerID)
            // check
            #expect(page.canSupport == support, "\(name)")
            #expect(page.canEdit == edit, "\(name)")
            #expect(page.isSteward == steer && page.canHide == steer, "\(name)")
            #expect((page.supportHint == "Sign in to support ideas.") == signIn, "\(name)")
            #expect((page.join != nil) == join, "\(name)")
        }
    }
}
