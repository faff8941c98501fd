import EyrieCore
import Testing

/// Who sees a challenge and its results, who sees an idea at all, who may invite an imported member.
struct ChallengeRulesTests {
    static let people: [(String, Actor)] = [
        ("anonymous", .anonymous), ("outsider", Actor()), ("member", Actor(role: .member)),
        ("facilitator", Actor(role: .facilitator)), ("steward", Actor(role: .steward)), ("admin", Actor(isAdmin: true)),
    ]

    @Test func aDraftChallengeExistsOnlyForStewards() {
        for (name, actor) in Self.people {
            let steward = name == "steward" || name == "admin"
            #expect(ChallengeRules.check(.view, actor: actor, phase: .draft).isAllowed == steward, "\(name)")
            #expect(ChallengeRules.lists(.draft, for: actor) == steward, "\(name)")
            for phase in ChallengePhase.allCases where phase != .draft {
                #expect(ChallengeRules.check(.view, actor: actor, phase: phase) == .allowed, "\(name) \(phase)")
            }
        }
    }

    @Test func resultsAreForStewardsUntilPublishedThenForAnyoneSignedIn() {
        let table: [(String, unpublished: Decision, published: Decision)] = [
            ("anonymous", .signInRequired, .signInRequired),
            ("outsider", .notNow("The results are not published yet."), .allowed),
            ("member", .notNow("The results are not published yet."), .allowed),
            ("facilitator", .notNow("The results are not published yet."), .allowed),
            ("steward", .allowed, .allowed),
            ("admin", .allowed, .allowed),
        ]
        for ((name, actor), row) in zip(Self.people, table) {
            #expect(row.0 == name)
            #expect(ChallengeRules.check(.seeResults, actor: actor, phase: .review, resultsPublished: false) == row.unpublished, "\(name)")
            #expect(ChallengeRules.check(.seeResults, actor: actor, phase: .review, resultsPublished: true) == row.published, "\(name)")
        }
    }

    @Test func draftsHiddenAndWaitingIdeasShowOnlyToTheirAuthorsAndStewards() {
        let author = Actor(role: .member, isAuthor: true)
        for (name, actor) in Self.people {
            let steward = name == "steward" || name == "admin"
            #expect(IdeaRules.isVisible(state: .submitted, isHidden: false, awaitingApproval: false, actor: actor), "\(name)")
            #expect(IdeaRules.isVisible(state: .draft, isHidden: false, awaitingApproval: false, actor: actor) == steward, "\(name)")
            #expect(IdeaRules.isVisible(state: .submitted, isHidden: true, awaitingApproval: false, actor: actor) == steward, "\(name)")
            #expect(IdeaRules.isVisible(state: .submitted, isHidden: false, awaitingApproval: true, actor: actor) == steward, "\(name)")
        }
        #expect(IdeaRules.isVisible(state: .draft, isHidden: true, awaitingApproval: true, actor: author))
    }

    @Test func onlyImportedMembersAreInvitedByAnAdminOrOneOfTheirStewards() {
        #expect(InvitationRules.mayInvite(isAdmin: true, isSelf: false, isImported: true, stewardsOneOfTheirCommunities: false))
        #expect(InvitationRules.mayInvite(isAdmin: false, isSelf: false, isImported: true, stewardsOneOfTheirCommunities: true))
        #expect(!InvitationRules.mayInvite(isAdmin: false, isSelf: false, isImported: true, stewardsOneOfTheirCommunities: false))
        #expect(!InvitationRules.mayInvite(isAdmin: true, isSelf: false, isImported: false, stewardsOneOfTheirCommunities: true))
        #expect(!InvitationRules.mayInvite(isAdmin: true, isSelf: true, isImported: true, stewardsOneOfTheirCommunities: true))
    }
}
