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

    @Test func resultsAreForStewardsThenTheSponsorsMembersThenAnyoneSignedIn() {
        let no = Decision.notNow("The results are not published yet.")
        // Each row: stewards only; shared with the sponsor (the actor from another organisation, then from the
        // sponsor's); published to everyone.
        let table: [(String, stewards: Decision, otherOrganisation: Decision, sponsorOrganisation: Decision, community: Decision)] = [
            ("anonymous", .signInRequired, .signInRequired, .signInRequired, .signInRequired),
            ("outsider", no, no, no, .allowed),
            ("member", no, no, .allowed, .allowed),
            ("facilitator", no, no, .allowed, .allowed),
            ("steward", .allowed, .allowed, .allowed, .allowed),
            ("admin", .allowed, .allowed, .allowed, .allowed),
        ]
        for ((name, actor), row) in zip(Self.people, table) {
            #expect(row.0 == name)
            func check(_ audience: ResultsAudience, fromSponsor: Bool = false) -> Decision {
                ChallengeRules.check(.seeResults, actor: actor, phase: .review, results: audience, fromSponsor: fromSponsor)
            }
            #expect(check(.stewards) == row.stewards && check(.stewards, fromSponsor: true) == row.stewards, "\(name)")
            #expect(check(.sponsor) == row.otherOrganisation, "\(name)")
            #expect(check(.sponsor, fromSponsor: true) == row.sponsorOrganisation, "\(name)")
            #expect(check(.community) == row.community && check(.community, fromSponsor: true) == row.community, "\(name)")
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

/// The steward's and moderator's tools, joining, one's own role, whose activity a profile shows.
struct CommunityToolsTests {
    @Test func stewardsSteerAndFacilitatorsModerate() {
        let table: [(Actor, steer: Bool, moderate: Bool)] = [
            (.anonymous, false, false), (Actor(), false, false), (Actor(role: .member), false, false),
            (Actor(role: .facilitator), false, true), (Actor(role: .steward), true, true), (Actor(isAdmin: true), true, true),
        ]
        for (actor, steer, moderate) in table {
            #expect(CommunityRules.check(.steer, actor: actor, visibility: .open).isAllowed == steer, "\(actor)")
            #expect(CommunityRules.check(.moderate, actor: actor, visibility: .open).isAllowed == moderate, "\(actor)")
        }
    }

    @Test func onlySignedInNonMembersAreOfferedToJoin() {
        #expect(CommunityRules.offersToJoin(Actor()))
        #expect(!CommunityRules.offersToJoin(.anonymous))
        #expect(!CommunityRules.offersToJoin(Actor(role: .member)))
        #expect(!CommunityRules.offersToJoin(Actor(isAdmin: true)))
    }

    @Test func aStewardDoesNotStepDownByTheirOwnHand() {
        #expect(CommunityRules.mayChangeRole(isOwn: true, to: .member, actor: Actor(role: .steward)) != .allowed)
        #expect(CommunityRules.mayChangeRole(isOwn: true, to: .steward, actor: Actor(role: .steward)) == .allowed)
        #expect(CommunityRules.mayChangeRole(isOwn: true, to: .member, actor: Actor(isAdmin: true)) == .allowed)
        #expect(CommunityRules.mayChangeRole(isOwn: false, to: .member, actor: Actor(role: .steward)) == .allowed)
    }

    @Test func aProfileShowsEveryCommunityOnlyToItsMemberAndAdmins() {
        #expect(CommunityRules.seesAllActivity(isSelf: true, actor: Actor()))
        #expect(CommunityRules.seesAllActivity(isSelf: false, actor: Actor(isAdmin: true)))
        #expect(!CommunityRules.seesAllActivity(isSelf: false, actor: Actor(role: .steward)))
    }

    @Test func workshopsAreLedByStewardsAndTheirFacilitatorsWhoAreStillMembers() {
        let table: [(Actor, isFacilitator: Bool, leads: Bool, allDrafts: Bool)] = [
            (.anonymous, true, false, false), (Actor(), true, false, false), (Actor(role: .member), false, false, false),
            (Actor(role: .member), true, true, false), (Actor(role: .facilitator), false, false, false),
            (Actor(role: .facilitator), true, true, false), (Actor(role: .steward), false, true, true),
            (Actor(isAdmin: true), false, true, true),
        ]
        for (actor, isFacilitator, leads, allDrafts) in table {
            #expect(WorkshopRules.leads(actor: actor, isFacilitator: isFacilitator) == leads, "\(actor) \(isFacilitator)")
            #expect(WorkshopRules.listsEveryDraft(actor) == allDrafts, "\(actor)")
        }
    }

    @Test func theBoardRoleFollowsLeadingThenASeat() {
        let table: [(Actor, isFacilitator: Bool, isRegistered: Bool, BoardRules.Role)] = [
            (Actor(role: .steward), false, false, .facilitator), (Actor(isAdmin: true), false, true, .facilitator),
            (Actor(role: .member), true, false, .facilitator), (Actor(role: .member), false, true, .participant),
            (Actor(), true, true, .viewer), (Actor(role: .member), false, false, .viewer), (.anonymous, false, false, .viewer),
        ]
        for (actor, isFacilitator, isRegistered, role) in table {
            #expect(BoardRules.role(actor: actor, isFacilitator: isFacilitator, isRegistered: isRegistered) == role, "\(actor)")
        }
    }
}
