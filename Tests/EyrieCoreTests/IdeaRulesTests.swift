import EyrieCore
import Testing

/// The permission table for ideas, row by row: who may do what, in which idea state and challenge phase.
struct IdeaRulesTests {
    static let anonymous = Actor.anonymous
    static let outsider = Actor()
    static let member = Actor(role: .member)
    static let author = Actor(role: .member, isAuthor: true)
    static let facilitator = Actor(role: .facilitator)
    static let steward = Actor(role: .steward)
    static let admin = Actor(isAdmin: true)
    static let sponsor = Actor(role: .member, isSponsor: true)

    enum Expect: Equatable { case allowed, signIn, forbidden, notNow }

    struct Row: Sendable, CustomTestStringConvertible {
        var action: IdeaAction
        var actor: Actor
        var state: IdeaState
        var phase: ChallengePhase
        var late = false
        var authorsMaySupport = false
        var expect: Expect
        var testDescription: String { "\(action) \(state) \(phase) → \(expect)" }
    }

    static let rows: [Row] = [
        // Submitting: authors who are members, while the challenge accepts ideas.
        Row(action: .submit, actor: author, state: .draft, phase: .open, expect: .allowed),
        Row(action: .submit, actor: author, state: .draft, phase: .voting, expect: .notNow),
        Row(action: .submit, actor: author, state: .draft, phase: .voting, late: true, expect: .allowed),
        Row(action: .submit, actor: author, state: .draft, phase: .draft, expect: .notNow),
        Row(action: .submit, actor: author, state: .submitted, phase: .open, expect: .notNow),
        Row(action: .submit, actor: member, state: .draft, phase: .open, expect: .forbidden),
        Row(action: .submit, actor: Actor(isAuthor: true), state: .draft, phase: .open, expect: .forbidden),
        Row(action: .submit, actor: anonymous, state: .draft, phase: .open, expect: .signIn),
        // Editing and withdrawing: authors only.
        Row(action: .edit, actor: author, state: .submitted, phase: .voting, expect: .allowed),
        Row(action: .edit, actor: author, state: .shortlisted, phase: .voting, expect: .notNow),
        Row(action: .edit, actor: author, state: .draft, phase: .closed, expect: .notNow),
        Row(action: .edit, actor: steward, state: .submitted, phase: .open, expect: .forbidden),
        Row(action: .withdraw, actor: author, state: .shortlisted, phase: .review, expect: .allowed),
        Row(action: .withdraw, actor: author, state: .declined, phase: .review, expect: .notNow),
        Row(action: .withdraw, actor: member, state: .submitted, phase: .open, expect: .forbidden),
        // Until it becomes an offering, an author may still pull a selected idea out.
        Row(action: .withdraw, actor: author, state: .selected, phase: .closed, expect: .notNow),
        Row(action: .withdraw, actor: author, state: .selected, phase: .review, expect: .allowed),
        Row(action: .withdraw, actor: author, state: .converted, phase: .review, expect: .notNow),
        // Facilitators and stewards turn selected ideas into offerings, in any phase.
        Row(action: .convert, actor: facilitator, state: .selected, phase: .closed, expect: .allowed),
        Row(action: .convert, actor: steward, state: .selected, phase: .review, expect: .allowed),
        Row(action: .convert, actor: admin, state: .selected, phase: .open, expect: .allowed),
        Row(action: .convert, actor: member, state: .selected, phase: .closed, expect: .forbidden),
        Row(action: .convert, actor: sponsor, state: .selected, phase: .closed, expect: .forbidden),
        Row(action: .convert, actor: steward, state: .inDesign, phase: .closed, expect: .notNow),
        Row(action: .convert, actor: steward, state: .converted, phase: .closed, expect: .notNow),
        Row(action: .convert, actor: anonymous, state: .selected, phase: .closed, expect: .signIn),
        // Stewards (and admins) shortlist, decline and merge while the challenge runs.
        Row(action: .shortlist, actor: steward, state: .submitted, phase: .voting, expect: .allowed),
        Row(action: .shortlist, actor: admin, state: .submitted, phase: .review, expect: .allowed),
        Row(action: .shortlist, actor: steward, state: .submitted, phase: .closed, expect: .notNow),
        Row(action: .shortlist, actor: steward, state: .shortlisted, phase: .voting, expect: .notNow),
        Row(action: .shortlist, actor: facilitator, state: .submitted, phase: .voting, expect: .forbidden),
        Row(action: .shortlist, actor: author, state: .submitted, phase: .voting, expect: .forbidden),
        Row(action: .decline, actor: steward, state: .shortlisted, phase: .review, expect: .allowed),
        Row(action: .decline, actor: steward, state: .withdrawn, phase: .review, expect: .notNow),
        Row(action: .merge, actor: steward, state: .submitted, phase: .open, expect: .allowed),
        Row(action: .merge, actor: member, state: .submitted, phase: .open, expect: .forbidden),
        Row(action: .hide, actor: steward, state: .declined, phase: .closed, expect: .allowed),
        Row(action: .hide, actor: facilitator, state: .submitted, phase: .open, expect: .forbidden),
        // Supports: members, on active ideas, while the phase takes them.
        Row(action: .support, actor: member, state: .submitted, phase: .open, expect: .allowed),
        Row(action: .support, actor: member, state: .shortlisted, phase: .voting, expect: .allowed),
        Row(action: .support, actor: member, state: .submitted, phase: .review, expect: .notNow),
        Row(action: .support, actor: member, state: .withdrawn, phase: .voting, expect: .notNow),
        Row(action: .support, actor: member, state: .draft, phase: .open, expect: .notNow),
        Row(action: .support, actor: outsider, state: .submitted, phase: .open, expect: .forbidden),
        Row(action: .support, actor: anonymous, state: .submitted, phase: .open, expect: .signIn),
        Row(action: .unsupport, actor: member, state: .submitted, phase: .voting, expect: .allowed),
        // Authors support their own ideas only where the community allows it; a support given before can be taken back.
        Row(action: .support, actor: author, state: .submitted, phase: .open, expect: .notNow),
        Row(action: .support, actor: author, state: .submitted, phase: .open, authorsMaySupport: true, expect: .allowed),
        Row(action: .unsupport, actor: author, state: .submitted, phase: .open, expect: .allowed),
        Row(action: .addDot, actor: author, state: .submitted, phase: .voting, expect: .allowed),
        // Comments: members while the challenge runs; facilitators moderate.
        Row(action: .comment, actor: member, state: .declined, phase: .review, expect: .allowed),
        Row(action: .comment, actor: member, state: .submitted, phase: .closed, expect: .notNow),
        Row(action: .comment, actor: outsider, state: .submitted, phase: .open, expect: .forbidden),
        Row(action: .hideComment, actor: facilitator, state: .submitted, phase: .open, expect: .allowed),
        Row(action: .hideComment, actor: member, state: .submitted, phase: .open, expect: .forbidden),
        Row(action: .restoreComment, actor: steward, state: .submitted, phase: .closed, expect: .allowed),
        // Dots: like supports.
        Row(action: .addDot, actor: member, state: .submitted, phase: .voting, expect: .allowed),
        Row(action: .addDot, actor: member, state: .declined, phase: .voting, expect: .notNow),
        Row(action: .removeDot, actor: member, state: .shortlisted, phase: .review, expect: .notNow),
        Row(action: .addDot, actor: outsider, state: .submitted, phase: .voting, expect: .forbidden),
        // The funnel: stewards and the challenge's sponsors move shortlisted ideas into design, then select them.
        Row(action: .advance, actor: steward, state: .shortlisted, phase: .review, expect: .allowed),
        Row(action: .advance, actor: sponsor, state: .shortlisted, phase: .review, expect: .allowed),
        Row(action: .advance, actor: Actor(isSponsor: true), state: .shortlisted, phase: .review, expect: .forbidden),
        Row(action: .advance, actor: member, state: .shortlisted, phase: .review, expect: .forbidden),
        Row(action: .advance, actor: facilitator, state: .shortlisted, phase: .review, expect: .forbidden),
        Row(action: .advance, actor: steward, state: .submitted, phase: .review, expect: .notNow),
        Row(action: .advance, actor: steward, state: .shortlisted, phase: .open, expect: .notNow),
        Row(action: .select, actor: sponsor, state: .inDesign, phase: .closed, expect: .allowed),
        Row(action: .select, actor: steward, state: .shortlisted, phase: .review, expect: .notNow),
        Row(action: .decline, actor: sponsor, state: .inDesign, phase: .review, expect: .allowed),
        Row(action: .shortlist, actor: sponsor, state: .submitted, phase: .review, expect: .forbidden),
    ]

    @Test(arguments: rows)
    func row(_ row: Row) {
        let decision = IdeaRules.check(row.action, actor: row.actor, state: row.state, phase: row.phase,
                                       lateSubmissions: row.late, authorsMaySupport: row.authorsMaySupport)
        let got: Expect = switch decision {
        case .allowed: .allowed
        case .signInRequired: .signIn
        case .forbidden: .forbidden
        case .notNow: .notNow
        }
        #expect(got == row.expect)
    }

    @Test func transitionsLeadWhereTheLifecycleSays() {
        #expect(IdeaAction.submit.target == .submitted)
        #expect(IdeaAction.shortlist.target == .shortlisted)
        #expect(IdeaAction.decline.target == .declined)
        #expect(IdeaAction.merge.target == .merged)
        #expect(IdeaAction.withdraw.target == .withdrawn)
        #expect(IdeaAction.support.target == nil)
        #expect(IdeaAction.decline.needsReason && IdeaAction.hide.needsReason && !IdeaAction.shortlist.needsReason)
    }
}

/// Who may see and change a community.
struct CommunityRulesTests {
    @Test func privateCommunitiesShowOnlyToMembersAndAdmins() {
        #expect(CommunityRules.check(.view, actor: .anonymous, visibility: .open) == .allowed)
        #expect(CommunityRules.check(.view, actor: .anonymous, visibility: .private) == .signInRequired)
        #expect(!CommunityRules.check(.view, actor: Actor(), visibility: .private).isAllowed)
        #expect(CommunityRules.check(.view, actor: Actor(role: .member), visibility: .private) == .allowed)
        #expect(CommunityRules.check(.view, actor: Actor(isAdmin: true), visibility: .private) == .allowed)
    }

    @Test func onlyStewardsManage() {
        for action in [CommunityAction.createChallenge, .movePhase, .manageMembers] {
            #expect(CommunityRules.check(action, actor: Actor(role: .steward), visibility: .open) == .allowed)
            #expect(CommunityRules.check(action, actor: Actor(isAdmin: true), visibility: .open) == .allowed)
            #expect(!CommunityRules.check(action, actor: Actor(role: .facilitator), visibility: .open).isAllowed)
            #expect(!CommunityRules.check(action, actor: Actor(role: .member), visibility: .open).isAllowed)
            #expect(CommunityRules.check(action, actor: .anonymous, visibility: .open) == .signInRequired)
        }
    }

    @Test func joiningTwiceIsRefused() {
        #expect(CommunityRules.check(.join, actor: Actor(), visibility: .private) == .allowed)
        #expect(!CommunityRules.check(.join, actor: Actor(role: .member), visibility: .open).isAllowed)
    }

    @Test func platformActionsAreForAdmins() {
        #expect(CommunityRules.check(.createCommunity, actor: Actor(isAdmin: true)) == .allowed)
        #expect(!CommunityRules.check(.createOrganisation, actor: Actor(role: .steward)).isAllowed)
        #expect(CommunityRules.check(.createOrganisation, actor: .anonymous) == .signInRequired)
    }
}
