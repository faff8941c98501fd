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
        /// The language the comment is written in (its body's `lang`).
        var language: String
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
    /// The language its text is written in (`lang` on the title, summary and description).
    var language: String
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
    /// The discussion it came from.
    var origin: Option?
    /// The library's resources linked to it.
    var linkedResources = LinkedResources([])
    /// For facilitators and stewards, while it is selected: make an offering from it.
    var convertLink: String?

    /// What the database knows for the page beyond the scope, read side by side.
    struct Reads {
        var supported: Bool
        var comments: [Comment]
        var events: [IdeaEvent]
        /// Other active ideas of the challenge a steward may merge this one into (empty for everyone else).
        var mergeCandidates: [IdeaSummary]
        var workshops: [OutputRepository.IdeaWorkshop]
        var offering: OfferingRepository.OfferingOfIdea?
        var standing: VotingSettingsRepository.Standing?
        /// The viewer's dots on this idea.
        var myDots: Int
        var follow: FollowButton?
        var origin: (id: Int64, title: String)?
        var resources: [WorkLinkRepository.Linked] = []
    }

    /// The page: its reads, then the model.
    static func build(_ scope: IdeaScope, deps: IdeasDependencies, context: AppContext) async throws -> IdeaPage {
        IdeaPage(scope, reads: try await load(scope, deps: deps, context: context), viewerID: context.viewer?.member.id)
    }

    static func load(_ scope: IdeaScope, deps: IdeasDependencies, context: AppContext) async throws -> Reads {
        let (idea, settings) = (scope.idea, scope.settings)
        let memberID = context.viewer?.member.id
        let merges = scope.check(.steer).isAllowed && scope.check(.merge).isAllowed
        let budgets = (settings.supports && settings.supportBudget != nil) || settings.dots
        async let supported = memberID == nil ? false : deps.supports.hasSupported(ideaID: idea.id, memberID: memberID!)
        async let comments = deps.comments.list(ideaID: idea.id)
        async let events = deps.ideas.events(ideaID: idea.id)
        async let candidates = merges
            ? deps.ideaLists.page(challengeID: scope.challenge.id, query: IdeaQuery(limit: 200)).ideas : []
        async let workshops = deps.outputs.workshops(ideaID: idea.id)
        async let offering = idea.state == .converted ? deps.offerings.of(ideaID: idea.id) : nil
        async let standing = memberID != nil && budgets
            ? deps.votingSettings.standing(challengeID: scope.challenge.id, memberID: memberID!) : nil
        async let myDots = memberID != nil && settings.dots ? deps.dots.onIdea(ideaID: idea.id, memberID: memberID!) : 0
        async let follow = deps.follows.button(.idea(idea.id), context: context)
        async let origin = deps.discussions.origin(ideaID: idea.id)
        async let resources = deps.workLinks.resources(for: WorkReference(.idea, idea.id))
        return try await Reads(supported: supported, comments: comments, events: events,
                               mergeCandidates: candidates.filter { $0.id != idea.id && $0.state.isActive },
                               workshops: workshops, offering: offering, standing: standing, myDots: myDots, follow: follow,
                               origin: origin, resources: resources)
    }

    init(_ scope: IdeaScope, reads: Reads, viewerID: Int64?) {
        let (idea, settings) = (scope.idea, scope.settings)
        let signedIn = viewerID != nil
        let canModerate = scope.check(.moderate).isAllowed
        let canComment = scope.check(.comment).isAllowed
        let isSteward = scope.check(.steer).isAllowed
        let support = scope.check(.support)
        id = idea.id
        links = IdeaLinks(id: idea.id, challengeID: scope.challenge.id)
        title = idea.title
        summary = idea.summary
        language = idea.language
        paragraphs = idea.body.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        tags = idea.tags
        state = idea.state.rawValue
        stateLabel = idea.state.said
        authors = idea.authors.map {
            AuthorLine(id: $0.id, href: Site.accounts.member($0.id), name: $0.name, organisation: $0.organisationName)
        }
        supports = Dates.count(idea.supportCount, "support", "supports")
        hasSupported = reads.supported
        canSupport = support.isAllowed && !reads.supported
        canUnsupport = scope.check(.unsupport).isAllowed && reads.supported
        supportHint = Self.hint(support, signedIn: signedIn, verb: Phrase("Sign in to support ideas."))
        hiddenReason = idea.hiddenReason
        mergedIntoID = idea.mergedIntoID
        mergedIntoHref = idea.mergedIntoID.map { Site.ideas.show($0) }
        comments = Self.threads(reads.comments, canModerate: canModerate, canComment: canComment)
        commentCount = Dates.count(reads.comments.count, "comment", "comments")
        self.canComment = canComment
        commentHint = Self.hint(scope.check(.comment), signedIn: signedIn, verb: Phrase("Sign in to comment."))
        history = reads.events.map(Self.describe)
        canEdit = scope.check(.edit).isAllowed
        canSubmit = scope.check(.submit).isAllowed
        canWithdraw = scope.check(.withdraw).isAllowed
        canShortlist = scope.check(.shortlist).isAllowed
        canDecline = scope.check(.decline).isAllowed
        mergeTargets = reads.mergeCandidates.map { Option(value: String($0.id), label: "#\($0.id) \($0.title)", selected: false) }
        canMerge = !mergeTargets.isEmpty
        canHide = scope.check(.hide).isAllowed && idea.hiddenReason == nil
        canRestore = scope.check(.restore).isAllowed && idea.hiddenReason != nil
        self.isSteward = isSteward
        challengeID = scope.challenge.id
        challengeTitle = scope.challenge.title
        workshops = reads.workshops.map {
            Option(value: Site.workshops.show($0.id),
                   label: $0.kind == "idea" ? say("Came from the workshop \("workshop", $0.title)")
                       : say("Discussed at the workshop \("workshop", $0.title)"), selected: false)
        }
        hasWorkshops = !workshops.isEmpty
        origin = reads.origin.map { Option(value: Site.discussions.show($0.id), label: $0.title, selected: false) }
        linkedResources = LinkedResources(reads.resources)
        offering = reads.offering.map {
            Option(value: Site.offerings.show($0.id), label: "\($0.name) (\($0.state.said.lowercased()))", selected: false)
        }
        convertLink = scope.check(.convert).isAllowed
            ? Site.offerings.new(scope.community.slug, query: [("idea", idea.id.pathText)]) : nil
        join = support.asksToJoin || scope.check(.comment).asksToJoin
            ? JoinPrompt(scope.community, next: Site.ideas.show(idea.id)) : nil
        usesSupports = settings.supports
        usesDots = settings.dots
        canAdvance = scope.check(.advance).isAllowed
        canSelect = scope.check(.select).isAllowed
        dots = Dates.count(idea.dotCount, "dot", "dots")
        canSteer = isSteward || canAdvance || canSelect || canDecline
        if idea.isAuthor(viewerID) { outcome = Self.outcome(idea, events: reads.events) }
        if let standing = reads.standing { showBudgets(scope, standing: standing, myDots: reads.myDots) }
    }

    /// What was last decided about the idea, for its authors.
    static func outcome(_ idea: Idea, events: [IdeaEvent]) -> OutcomeLine? {
        let decided: Set<IdeaState> = [.shortlisted, .inDesign, .selected, .declined, .merged]
        return events.last { $0.to.map(decided.contains) ?? false }.map { OutcomeLine(ideaID: idea.id, title: idea.title, event: $0) }
    }

    /// The viewer's supports and dots left in the challenge, and whether a dot can be added or taken back here.
    private mutating func showBudgets(_ scope: IdeaScope, standing: VotingSettingsRepository.Standing, myDots mine: Int) {
        let settings = scope.settings
        if let budget = settings.supportBudget, settings.supports {
            let left = Dates.count(max(budget - standing.supportsSpent, 0), "support", "supports")
            supportsLeft = say("You have \("left", left) left in this challenge.")
        }
        if settings.dots {
            let spent = standing.dotsSpent
            myDots = Dates.count(mine, "dot", "dots")
            dotsLeft = Dates.count(max(settings.dotsPerMember - spent, 0), "dot", "dots")
            canAddDot = scope.check(.addDot).isAllowed && mine < settings.maxDotsPerIdea && spent < settings.dotsPerMember
            canRemoveDot = scope.check(.removeDot).isAllowed && mine > 0
        }
    }

    /// Comments in threads: replies under the comment they answer.
    private static func threads(_ comments: [Comment], canModerate: Bool, canComment: Bool) -> [CommentView] {
        var threads: [CommentView] = []
        for comment in comments {
            let view = CommentView(
                id: comment.id, authorID: comment.authorID, authorHref: Site.accounts.member(comment.authorID),
                hideAction: Site.ideas.hideComment(comment.id), restoreAction: Site.ideas.restoreComment(comment.id),
                authorName: comment.authorName, body: comment.body,
                when: Dates.time(comment.createdAt), isHidden: comment.hiddenReason != nil,
                hiddenReason: comment.hiddenReason ?? "", showBody: comment.hiddenReason == nil || canModerate,
                language: comment.language, canModerate: canModerate, canReply: canComment && comment.parentID == nil, replies: [], hasReplies: false)
            if comment.parentID != nil, !threads.isEmpty {
                threads[threads.count - 1].replies.append(view)
                threads[threads.count - 1].hasReplies = true
            } else {
                threads.append(view)
            }
        }
        return threads
    }

    /// Why the viewer can't act, in words, or nil when they can (or when the reason would only confuse).
    private static func hint(_ decision: Decision, signedIn: Bool, verb: Phrase) -> String? {
        if decision.asksToJoin { return nil }  // the join button says it
        return switch decision {
        case .allowed: nil
        case .signInRequired: say(verb)
        case .forbidden(let reason), .notNow(let reason): say(reason)
        }
    }

    private static func describe(_ event: IdeaEvent) -> EventLine {
        let text: Phrase = switch event.kind {
        case "created": event.to == .draft ? "Saved as a draft" : "Submitted"
        case "hidden": "Hidden by a steward"
        case "restored": "Restored by a steward"
        case "absorbed": "Another idea was merged into this one"
        case "merged": "Merged into another idea"
        case "auto-shortlisted": "Shortlisted automatically"
        default: "\("from", event.from?.said ?? "—") → \("to", event.to?.said ?? "—")"
        }
        return EventLine(when: Dates.time(event.at), who: event.actorName ?? say("The community"), text: say(text),
                         reason: event.reason.isEmpty ? nil : say(AutomaticReason.said(kind: event.kind, reason: event.reason)))
    }
}
