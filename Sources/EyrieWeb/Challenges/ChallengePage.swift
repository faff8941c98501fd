import EyrieCore
import EyrieStore
import Foundation

/// The view model of `challenges/show`: the brief, its dates, the ideas sorted, searched, filtered by tag and paged,
/// the viewer's budget and what they may do. Built from `Reads` without further I/O, so it is tested on its fields.
struct ChallengePage {
    struct SortLink {
        var label: String
        var href: String
        var current: Bool
    }

    struct TagLink: TemplateFields, Hashable {
        var tag: String
        var count: Int
        var href: String
        var current: Bool

        var templateFields: [String: Any] { ["tag": tag, "count": count, "href": href, "current": current] }
    }

    /// The challenge's tags with their counts, shown whole: rendered once per distinct cloud (its links carry the
    /// page's sort and search) and inserted as HTML, instead of thirty links looked up tag by tag on every view.
    struct TagCloud: TemplateFragment, JoinedFragments {
        static let template = "challenges/tag-cloud"
        var links: [TagLink]

        var templateFields: [String: Any] { ["links": links.map(\.templateFields)] }
        var fragments: [any TemplateFragment] { [self] }
    }

    /// Everything the page shows that the database knows, read in one round of queries side by side.
    struct Reads {
        var page: IdeaListRepository.Page
        var tags: [IdeaListRepository.TagCount]
        var settings: VotingSettings
        var standing: VotingSettingsRepository.Standing
        var workshops: [Workshop]
        var follow: FollowButton?
        /// The viewer belongs to the challenge's sponsor organisation (results may be shared with them first).
        var fromSponsor = false
        /// The content language nearest the page's: cards in another one say so.
        var reader = "en"
    }

    var challenge: ChallengeCard
    var links: ChallengeLinks
    var problem: String
    var dates: [Option]
    var ideas: FragmentList<IdeaCardOf>
    var total: String
    var hasIdeas: Bool
    var isFiltered: Bool
    var sorts: [SortLink]
    var tags: TagCloud
    var hasTags: Bool
    var q: String
    var tag: String?
    var sort: String
    var nextLink: String?
    var canSubmit: Bool
    /// For a signed-in visitor who is not a member, while the challenge takes part: join and come back.
    var join: JoinPrompt?
    var isSteward: Bool
    var phases: [Option]
    var methods: String
    var usesPairwise: Bool
    var showsResults: Bool
    var showsReviews: Bool
    var dotsLeft: String?
    var supportsLeft: String?
    var workshops: [WorkshopCard]
    var hasWorkshops: Bool
    var canScheduleWorkshop: Bool

    /// The reads behind the page, side by side: the page waits for the slowest, not for the sum.
    static func load(_ scope: ChallengeScope, query: IdeaQuery, deps: ChallengesDependencies,
                     context: AppContext) async throws -> Reads {
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        let memberID = actor.role != nil ? context.viewer?.member.id : nil
        async let page = deps.ideaLists.page(challengeID: challenge.id, query: query, unfilteredTotal: challenge.ideaCount)
        async let tags = deps.ideaLists.tags(challengeID: challenge.id)
        async let settings = deps.votingSettings.find(challengeID: challenge.id)
        async let standing = memberID == nil ? VotingSettingsRepository.Standing.none
            : deps.votingSettings.standing(challengeID: challenge.id, memberID: memberID!)
        async let workshops = deps.workshops.list(communityID: community.id, challengeID: challenge.id,
                                                  drafts: deps.workshopDrafts(actor, context: context), limit: 10)
        async let follow = deps.follows.button(.challenge(challenge.id), context: context)
        return try await Reads(page: page, tags: tags, settings: settings, standing: standing, workshops: workshops,
                               follow: follow, fromSponsor: context.viewer?.member.organisationID == challenge.sponsorID,
                               reader: ContentLanguage.closest(context.language.tag))
    }

    init(_ scope: ChallengeScope, query: IdeaQuery, reads: Reads, zone: TimeZone?) {
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        let (settings, standing) = (reads.settings, reads.standing)
        let phase = challenge.phase()
        let schedule = challenge.schedule
        let isMember = actor.role != nil && actor.isSignedIn
        let base = Site.challenges.show(challenge.id)
        func link(sort: IdeaSort? = nil, tag: String? = nil, after: String = "") -> String {
            let s = sort ?? query.sort
            return Site.challenges.show(challenge.id, query: [("sort", s == .new ? "" : s.rawValue), ("q", query.search),
                                                              ("tag", tag ?? query.tag), ("after", after)])
        }
        self.challenge = ChallengeCard(challenge)
        links = ChallengeLinks(id: challenge.id, communitySlug: community.slug)
        problem = challenge.problem
        let steps: [(Phrase, Date)] = [("Opens", schedule.opensAt), ("Voting starts", schedule.votingAt),
                                       ("Review starts", schedule.reviewAt), ("Closes", schedule.closesAt)]
        dates = steps.map { Option(value: Dates.day($0.1), label: say($0.0), selected: false) }
        ideas = FragmentList(reads.page.ideas.map { IdeaCardOf(idea: $0, showDots: settings.dots, reader: reads.reader) })
        total = Dates.count(reads.page.total, "idea", "ideas")
        hasIdeas = !reads.page.ideas.isEmpty
        isFiltered = !query.search.isEmpty || !query.tag.isEmpty
        sorts = IdeaSort.allCases.map { SortLink(label: $0.said, href: link(sort: $0), current: $0 == query.sort) }
        tags = TagCloud(links: reads.tags.map {
            TagLink(tag: $0.tag, count: $0.count, href: link(tag: $0.tag == query.tag ? "" : $0.tag), current: $0.tag == query.tag)
        })
        hasTags = !reads.tags.isEmpty
        q = query.search
        tag = query.tag.isEmpty ? nil : query.tag
        sort = query.sort.rawValue
        nextLink = reads.page.next.map { link(after: $0.text) }
        let submit = IdeaRules.checkSubmission(to: challenge, actor: actor)
        canSubmit = submit.isAllowed || submit == .signInRequired
        join = CommunityRules.offersToJoin(actor) && phase != .closed ? JoinPrompt(community, next: base) : nil
        isSteward = scope.check(.steer).isAllowed
        phases = [Option(value: "auto", label: say("Follow the dates"), selected: schedule.override == nil)]
            + ChallengePhase.allCases.map { Option(value: $0.rawValue, label: $0.said, selected: $0 == schedule.override) }
        methods = Self.methods(settings)
        usesPairwise = settings.pairwise && phase.acceptsSupports
        showsResults = ChallengeRules.check(.seeResults, actor: actor, phase: phase, results: settings.resultsAudience,
                                            fromSponsor: reads.fromSponsor).isAllowed
        showsReviews = settings.scorecards && ReviewRules.maySeeReviews(actor: actor, isReviewer: standing.isReviewer)
        dotsLeft = isMember && settings.dots
            ? Dates.count(max(settings.dotsPerMember - standing.dotsSpent, 0), "dot", "dots") : nil
        supportsLeft = isMember && settings.supports
            ? settings.supportBudget.map { Dates.count(max($0 - standing.supportsSpent, 0), "support", "supports") } : nil
        workshops = reads.workshops.map { WorkshopCard($0, viewer: zone) }
        hasWorkshops = !reads.workshops.isEmpty
        canScheduleWorkshop = WorkshopRules.check(.create, actor: actor, state: .draft).isAllowed
    }

    /// The voting methods in words, for the brief.
    static func methods(_ s: VotingSettings) -> String {
        var names: [String] = []
        if s.supports { names.append(s.supportBudget.map { say("supports (\("each", $0) each)") } ?? say("supports")) }
        if s.dots { names.append(say("dot voting (\("dots", s.dotsPerMember) dots, at most \("most", s.maxDotsPerIdea) on one idea)")) }
        if s.pairwise { names.append(say("pairwise survey")) }
        if s.scorecards { names.append(say("reviewer scorecards")) }
        return names.joined(separator: ", ").capitalizedFirst
    }
}

extension ChallengePage: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "challenge": challenge, "links": links, "problem": problem, "dates": dates, "ideas": ideas, "total": total,
            "hasIdeas": hasIdeas, "isFiltered": isFiltered, "sorts": sorts, "tags": tags, "hasTags": hasTags, "q": q,
            "sort": sort, "canSubmit": canSubmit, "isSteward": isSteward, "phases": phases, "methods": methods,
            "usesPairwise": usesPairwise, "showsResults": showsResults, "showsReviews": showsReviews,
            "workshops": workshops, "hasWorkshops": hasWorkshops, "canScheduleWorkshop": canScheduleWorkshop,
        ]
        fields.keep("tag", tag)
        fields.keep("nextLink", nextLink)
        fields.keep("join", join)
        fields.keep("dotsLeft", dotsLeft)
        fields.keep("supportsLeft", supportsLeft)
        return fields
    }
}

extension ChallengePage.SortLink: TemplateFields {
    var templateFields: [String: Any] { ["label": label, "href": href, "current": current] }
}
