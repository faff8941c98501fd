/// Everything a person can do to an idea or its comments.
public enum IdeaAction: String, Sendable, CaseIterable {
    case submit, edit, withdraw, shortlist, decline, merge, hide, restore
    case support, unsupport, comment, hideComment, restoreComment
    case addDot, removeDot
    /// The funnel after the shortlist: into design, then selected.
    case advance, select
    /// A steward lets an idea added during the pairwise survey join the pairs.
    case approve
    /// A facilitator or steward makes a selected idea (with others, perhaps) into a service offering.
    case convert

    /// The state an action moves the idea to, for the actions that are lifecycle transitions.
    public var target: IdeaState? {
        switch self {
        case .submit: .submitted
        case .withdraw: .withdrawn
        case .shortlist: .shortlisted
        case .decline: .declined
        case .merge: .merged
        case .advance: .inDesign
        case .select: .selected
        case .convert: .converted
        default: nil
        }
    }

    /// States an action may start from.
    public var sources: Set<IdeaState> {
        switch self {
        case .submit: [.draft]
        case .edit: [.draft, .submitted]
        // Authors may pull their idea out until it becomes an offering.
        case .withdraw: [.draft, .submitted, .shortlisted, .inDesign, .selected]
        case .shortlist: [.submitted]
        case .decline: [.submitted, .shortlisted, .inDesign]
        case .merge: [.submitted, .shortlisted]
        case .support, .unsupport, .addDot, .removeDot: [.submitted, .shortlisted, .inDesign, .selected]
        case .advance: [.shortlisted]
        case .select: [.inDesign]
        case .convert: [.selected]
        case .approve: [.submitted]
        case .comment, .hideComment, .restoreComment:
            [.submitted, .shortlisted, .inDesign, .selected, .converted, .withdrawn, .declined]
        case .hide, .restore: Set(IdeaState.allCases)
        }
    }

    /// The least role that may act; `nil` means the author acts.
    var requiredRole: CommunityRole? {
        switch self {
        case .submit, .edit, .withdraw: nil
        case .support, .unsupport, .comment, .addDot, .removeDot: .member
        case .hideComment, .restoreComment, .convert: .facilitator
        case .shortlist, .decline, .merge, .hide, .restore, .advance, .select, .approve: .steward
        }
    }

    /// Funnel moves that the sponsor organisation's sponsors may make as well as stewards.
    var sponsorsMayAct: Bool { self == .advance || self == .select || self == .decline }

    /// Whether the challenge's phase lets this action happen.
    func allowed(in phase: ChallengePhase, lateSubmissions: Bool) -> Bool {
        switch self {
        case .submit: phase.acceptsIdeas(lateSubmissions: lateSubmissions)
        case .edit, .withdraw: phase != .closed
        case .support, .unsupport, .addDot, .removeDot: phase.acceptsSupports
        case .comment: phase.acceptsComments
        case .shortlist, .decline, .merge: phase == .open || phase == .voting || phase == .review
        case .advance, .select: phase == .voting || phase == .review || phase == .closed
        case .hide, .restore, .hideComment, .restoreComment, .approve, .convert: true
        }
    }

    /// Whether the user must give a reason (kept in the idea's history).
    public var needsReason: Bool {
        switch self {
        case .decline, .hide, .hideComment: true
        default: false
        }
    }
}

/// Who may do what to an idea, in which state and phase. Tested as a table in EyrieCoreTests.
public enum IdeaRules {
    /// Whether the viewer may submit a new idea to the challenge now, as its author-to-be.
    public static func checkSubmission(to challenge: Challenge, actor: Actor) -> Decision {
        var author = actor
        author.isAuthor = true
        return check(.submit, actor: author, state: .draft, phase: challenge.phase(),
                     lateSubmissions: challenge.schedule.lateSubmissions)
    }

    /// Whether the idea exists for this viewer at all: a draft, an idea hidden by a steward and one waiting for a
    /// steward's approval are there only for their authors and the stewards.
    public static func isVisible(state: IdeaState, isHidden: Bool, awaitingApproval: Bool, actor: Actor) -> Bool {
        guard state == .draft || isHidden || awaitingApproval else { return true }
        return actor.isAuthor || actor.atLeast(.steward)
    }

    /// `authorsMaySupport` is the community's choice; without it an idea's authors cannot support it (withdrawing a
    /// support given before stays possible).
    public static func check(
        _ action: IdeaAction, actor: Actor, state: IdeaState, phase: ChallengePhase, lateSubmissions: Bool = false,
        authorsMaySupport: Bool = false
    ) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        if let role = action.requiredRole {
            guard actor.atLeast(role) || (action.sponsorsMayAct && actor.isSponsor && actor.role != nil) else {
                return role == .member ? .joinCommunity : .forbidden(Phrase("Only a {role} can do this.", ["role": role.label.lowercased()]).saying("role"))
            }
        } else {
            guard actor.isAuthor else { return .forbidden("Only the idea's authors can do this.") }
            guard actor.role != nil || actor.isAdmin else { return .joinCommunity }
        }
        guard action.sources.contains(state) else {
            return .notNow(Phrase("This can't be done while the idea is {state}.", ["state": state.label.lowercased()]).saying("state"))
        }
        guard action.allowed(in: phase, lateSubmissions: lateSubmissions) else {
            return .notNow(Phrase("This can't be done while the challenge is {phase}.", ["phase": phase.label.lowercased()]).saying("phase"))
        }
        if action == .support, actor.isAuthor, !authorsMaySupport {
            return .notNow("Authors don't support their own ideas in this community.")
        }
        return .allowed
    }
}
