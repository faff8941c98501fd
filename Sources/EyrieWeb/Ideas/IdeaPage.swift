import EyrieCore
import EyrieStore

/// The view model of `ideas/show`: the idea, what the viewer may do, comments in threads, and the history.
struct IdeaPage {
    struct AuthorLine { var id: Int64; var href: String; var name: String; var organisation: String }
    struct CommentView {
        var id: Int64
        var authorID: Int64
        var authorHref: String
        /// Where a facilitator hides or restores it.
        var hideAction: String
        var restoreAction: String
        var authorName: String
        var body: String
        var when: String
        var isHidden: Bool
        var hiddenReason: String
        var showBody: Bool
        var canModerate: Bool
        var canReply: Bool
        var replies: [CommentView]
        var hasReplies: Bool
    }
    struct EventLine { var when: String; var who: String; var text: String; var reason: String? }

    var id: Int64
    var links: IdeaLinks
    var title: String
    var summary: String
    var paragraphs: [String]
    var tags: [String]
    var state: String
    var stateLabel: String
    var authors: [AuthorLine]
    var supports: String
    var hasSupported: Bool
    var canSupport: Bool
    var canUnsupport: Bool
    var supportHint: String?
    var hiddenReason: String?
    var mergedIntoID: Int64?
    var mergedIntoHref: String?
    var comments: [CommentView]
    var commentCount: String
    var canComment: Bool
    var commentHint: String?
    var history: [EventLine]
    var canEdit: Bool
    var canSubmit: Bool
    var canWithdraw: Bool
    var canShortlist: Bool
    var canDecline: Bool
    var canMerge: Bool
    var canHide: Bool
    var canRestore: Bool
    var isSteward: Bool
    var mergeTargets: [Option]
    var challengeID: Int64
    var challengeTitle: String
    var commentForm = FormState()
    var usesSupports = true
    /// For a signed-in visitor who is not a member: join and come back to this idea.
    var join: JoinPrompt?
    var usesDots = false
    var dots = ""
    var myDots = ""
    var dotsLeft = ""
    var canAddDot = false
    var canRemoveDot = false
    var supportsLeft: String?
    var canAdvance = false
    var canSelect = false
    var canSteer = false
    /// For authors: the latest decision on their idea and why.
    var outcome: OutcomeLine?
    /// Workshops this idea came from or was discussed in.
    var workshops: [Option] = []
    var hasWorkshops = false
    /// The offering it became part of.
    var offering: Option?
    /// For facilitators and stewards, while it is selected: make an offering from it.
    var convertLink: String?

    static func build(_ scope: IdeaScope, deps: IdeasDependencies, context: AppContext) async throws -> IdeaPage {
        let idea = scope.idea
        let memberID = context.viewer?.member.id
        let supported = memberID == nil ? false
            : try await deps.supports.hasSupported(ideaID: idea.id, memberID: memberID!)
        let canModerate = scope.check(.moderate).isAllowed
        let canComment = scope.check(.comment).isAllowed
        let comments = try await deps.comments.list(ideaID: idea.id)
        var threads: [CommentView] = []
        for comment in comments {
            let view = CommentView(
                id: comment.id, authorID: comment.authorID, authorHref: Site.accounts.member(comment.authorID),
                hideAction: Site.ideas.hideComment(comment.id), restoreAction: Site.ideas.restoreComment(comment.id),
                authorName: comment.authorName, body: comment.body,
                when: Dates.time(comment.createdAt), isHidden: comment.hiddenReason != nil,
                hiddenReason: comment.hiddenReason ?? "", showBody: comment.hiddenReason == nil || canModerate,
                canModerate: canModerate, canReply: canComment && comment.parentID == nil, replies: [], hasReplies: false)
            if comment.parentID != nil, !threads.isEmpty {
                threads[threads.count - 1].replies.append(view)
                threads[threads.count - 1].hasReplies = true
            } else {
                threads.append(view)
            }
        }
        let events = try await deps.ideas.events(ideaID: idea.id)
        let isSteward = scope.check(.steer).isAllowed
        var targets: [Option] = []
        if isSteward && scope.check(.merge).isAllowed {
            let others = try await deps.ideaLists.page(challengeID: scope.challenge.id, query: IdeaQuery(limit: 200))
            targets = others.ideas.filter { $0.id != idea.id && $0.state.isActive }
                .map { Option(value: String($0.id), label: "#\($0.id) \($0.title)", selected: false) }
        }
        let support = scope.check(.support)
        let join = support.asksToJoin || scope.check(.comment).asksToJoin
            ? JoinPrompt(scope.community, next: Site.ideas.show(idea.id)) : nil
        var page = IdeaPage(
            id: idea.id, links: IdeaLinks(id: idea.id, challengeID: scope.challenge.id), title: idea.title, summary: idea.summary,
            paragraphs: idea.body.split(separator: "\n", omittingEmptySubsequences: true).map(String.init),
            tags: idea.tags, state: idea.state.rawValue, stateLabel: idea.state.label,
            authors: idea.authors.map { AuthorLine(id: $0.id, href: Site.accounts.member($0.id), name: $0.name, organisation: $0.organisationName) },
            supports: Dates.count(idea.supportCount, "support", "supports"), hasSupported: supported,
            canSupport: support.isAllowed && !supported, canUnsupport: scope.check(.unsupport).isAllowed && supported,
            supportHint: hint(support, signedIn: context.viewer != nil, verb: "support ideas"),
            hiddenReason: idea.hiddenReason, mergedIntoID: idea.mergedIntoID,
            mergedIntoHref: idea.mergedIntoID.map { Site.ideas.show($0) },
            comments: threads, commentCount: Dates.count(comments.count, "comment", "comments"),
            canComment: canComment, commentHint: hint(scope.check(.comment), signedIn: context.viewer != nil, verb: "comment"),
            history: events.map(describe), canEdit: scope.check(.edit).isAllowed, canSubmit: scope.check(.submit).isAllowed,
            canWithdraw: scope.check(.withdraw).isAllowed, canShortlist: scope.check(.shortlist).isAllowed,
            canDecline: scope.check(.decline).isAllowed, canMerge: !targets.isEmpty,
            canHide: scope.check(.hide).isAllowed && idea.hiddenReason == nil,
            canRestore: scope.check(.restore).isAllowed && idea.hiddenReason != nil,
            isSteward: isSteward, mergeTargets: targets, challengeID: scope.challenge.id,
            challengeTitle: scope.challenge.title)
        let settings = scope.settings
        page.workshops = try await deps.outputs.workshops(ideaID: idea.id).map {
            Option(value: Site.workshops.show($0.id), label: ($0.kind == "idea" ? "Came from the workshop " : "Discussed at the workshop ") + $0.title,
                   selected: false)
        }
        page.hasWorkshops = !page.workshops.isEmpty
        if idea.state == .converted, let offering = try await deps.offerings.of(ideaID: idea.id) {
            page.offering = Option(value: Site.offerings.show(offering.id), label: "\(offering.name) (\(offering.state.label.lowercased()))",
                                   selected: false)
        }
        if scope.check(.convert).isAllowed {
            page.convertLink = Site.offerings.new(scope.community.slug, query: [("idea", idea.id.pathText)])
        }
        page.join = join
        page.usesSupports = settings.supports
        page.usesDots = settings.dots
        page.canAdvance = scope.check(.advance).isAllowed
        page.canSelect = scope.check(.select).isAllowed
        if let memberID, (settings.supports && settings.supportBudget != nil) || settings.dots {
            let standing = try await deps.votingSettings.standing(challengeID: scope.challenge.id, memberID: memberID)
            if let budget = settings.supportBudget, settings.supports {
                let spent = standing.supportsSpent
                page.supportsLeft = "You have \(Dates.count(max(budget - spent, 0), "support", "supports")) left in this challenge."
            }
            if settings.dots {
                let spent = standing.dotsSpent
                let mine = try await deps.dots.onIdea(ideaID: idea.id, memberID: memberID)
                page.myDots = Dates.count(mine, "dot", "dots")
                page.dotsLeft = Dates.count(max(settings.dotsPerMember - spent, 0), "dot", "dots")
                page.canAddDot = scope.check(.addDot).isAllowed && mine < settings.maxDotsPerIdea
                    && spent < settings.dotsPerMember
                page.canRemoveDot = scope.check(.removeDot).isAllowed && mine > 0
            }
        }
        page.dots = Dates.count(idea.dotCount, "dot", "dots")
        page.canSteer = isSteward || page.canAdvance || page.canSelect || page.canDecline
        let decided: Set<IdeaState> = [.shortlisted, .inDesign, .selected, .declined, .merged]
        if idea.isAuthor(memberID), let last = events.last(where: { $0.to.map(decided.contains) ?? false }) {
            page.outcome = OutcomeLine(ideaID: idea.id, title: idea.title, event: last)
        }
        return page
    }

    /// Why the viewer can't act, in words, or nil when they can (or when the reason would only confuse).
    private static func hint(_ decision: Decision, signedIn: Bool, verb: String) -> String? {
        if decision.asksToJoin { return nil }  // the join button says it
        return switch decision {
        case .allowed: nil
        case .signInRequired: "Sign in to \(verb)."
        case .forbidden(let reason), .notNow(let reason): reason
        }
    }

    private static func describe(_ event: IdeaEvent) -> EventLine {
        let text: String = switch event.kind {
        case "created": event.to == .draft ? "Saved as a draft" : "Submitted"
        case "hidden": "Hidden by a steward"
        case "restored": "Restored by a steward"
        case "absorbed": "Another idea was merged into this one"
        case "merged": "Merged into another idea"
        case "auto-shortlisted": "Shortlisted automatically"
        default: "\(event.from?.label ?? "—") → \(event.to?.label ?? "—")"
        }
        return EventLine(when: Dates.time(event.at), who: event.actorName ?? "The community", text: text,
                         reason: event.reason.isEmpty ? nil : event.reason)
    }
}
