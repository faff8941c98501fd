import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// Challenges: stewards create them and move their phase; everyone who can see the community browses the ideas.
struct ChallengeController {
    let deps: ChallengesDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.challenges.new, use: new)
        router.post(Site.challenges.create, use: create)
        router.get(Site.challenges.show, use: show)
        router.post(Site.challenges.phase, use: movePhase)
    }

    struct FormView {
        var form: FormState
        var sponsors: [Option]
        var slug: String
        /// Where the form posts.
        var action: String
        var lateChecked: Bool
    }

    /// The form for a new challenge (stewards).
    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        let today = Date()
        let defaults = ["opensAt": Day.format(today), "votingAt": Day.format(today.addingTimeInterval(21 * 86400)),
                        "reviewAt": Day.format(today.addingTimeInterval(35 * 86400)),
                        "closesAt": Day.format(today.addingTimeInterval(49 * 86400))]
        return try await renderForm(FormState(values: defaults), community: community, context: context)
    }

    /// Creates the challenge and shows it.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await stewardCommunity(request, context: context)
        do {
            let draft = try ChallengeDraft.validate(context.form)
            let id = try await deps.challenges.create(draft, communityID: community.id, createdBy: context.viewer!.member.id)
            return redirect(to: Site.challenges.show(id), flash: "Challenge created.")
        } catch let invalid as ValidationErrors {
            return try await renderForm(FormState(values: context.form, errors: invalid.errors), community: community,
                                        context: context, status: .unprocessableContent)
        } catch StoreError.conflict {
            return try await renderForm(FormState(values: context.form, errors: [.init("sponsor", "Choose the sponsor organisation")]),
                                        community: community, context: context, status: .unprocessableContent)
        }
    }

    struct ShowView {
        var challenge: ChallengeCard
        var links: ChallengeLinks
        var problem: String
        var dates: [Option]
        var ideas: [IdeaCard]
        var total: String
        var hasIdeas: Bool
        var isFiltered: Bool
        var sorts: [SortLink]
        var tags: [TagLink]
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
    }

    struct SortLink {
        var label: String
        var href: String
        var current: Bool
    }

    struct TagLink: TemplateFields {
        var tag: String
        var count: Int
        var href: String
        var current: Bool

        var templateFields: [String: Any] { ["tag": tag, "count": count, "href": href, "current": current] }
    }

    /// The challenge page: brief, dates, and its ideas sorted, searched, filtered by tag and paged by keyset.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.challengeScope(request, context: context)
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        var params: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { params[String(key)] = String(value) }
        let query = IdeaQuery.parse(params)
        // Independent reads run side by side: the page waits for the slowest, not for the sum.
        let memberID = actor.role != nil ? context.viewer?.member.id : nil
        async let pageRead = deps.ideaLists.page(challengeID: challenge.id, query: query,
                                                     unfilteredTotal: challenge.ideaCount)
        async let tagsRead = deps.ideaLists.tags(challengeID: challenge.id)
        async let settingsRead = deps.votingSettings.find(challengeID: challenge.id)
        async let standingRead = standing(challengeID: challenge.id, memberID: memberID)
        let drafts = deps.workshopDrafts(actor, context: context)
        async let workshopsRead = deps.workshops.list(communityID: community.id, challengeID: challenge.id,
                                                          drafts: drafts, limit: 10)
        let (page, tags, settings, standing, workshops) = try await (pageRead, tagsRead, settingsRead, standingRead,
                                                                     workshopsRead)
        let zone = ViewerZone.from(request)
        let phase = challenge.phase()
        var dotsLeft: String?
        var supportsLeft: String?
        if memberID != nil {
            if settings.dots {
                dotsLeft = Dates.count(max(settings.dotsPerMember - standing.dotsSpent, 0), "dot", "dots")
            }
            if settings.supports, let budget = settings.supportBudget {
                supportsLeft = Dates.count(max(budget - standing.supportsSpent, 0), "support", "supports")
            }
        }
        let submit = IdeaRules.checkSubmission(to: challenge, actor: actor)
        let showsResults = ChallengeRules.check(.seeResults, actor: actor, phase: phase, resultsPublished: settings.resultsPublished).isAllowed
        let showsReviews = settings.scorecards && ReviewRules.maySeeReviews(actor: actor, isReviewer: standing.isReviewer)
        let base = Site.challenges.show(challenge.id)
        func link(sort: IdeaSort? = nil, tag: String? = nil) -> String {
            var items: [String] = []
            let s = sort ?? query.sort
            if s != .new { items.append("sort=\(s.rawValue)") }
            if !query.search.isEmpty { items.append("q=\(escape(query.search))") }
            let t = tag ?? query.tag
            if !t.isEmpty { items.append("tag=\(escape(t))") }
            return items.isEmpty ? base : base + "?" + items.joined(separator: "&")
        }
        let schedule = challenge.schedule
        let view = ShowView(
            challenge: ChallengeCard(challenge), links: ChallengeLinks(id: challenge.id, communitySlug: community.slug), problem: challenge.problem,
            dates: [("Opens", schedule.opensAt), ("Voting starts", schedule.votingAt), ("Review starts", schedule.reviewAt),
                    ("Closes", schedule.closesAt)].map { Option(value: Dates.day($0.1), label: $0.0, selected: false) },
            ideas: page.ideas.map { IdeaCard($0, showDots: settings.dots) },
            total: Dates.count(page.total, "idea", "ideas"), hasIdeas: !page.ideas.isEmpty,
            isFiltered: !query.search.isEmpty || !query.tag.isEmpty,
            sorts: IdeaSort.allCases.map { SortLink(label: $0.label, href: link(sort: $0), current: $0 == query.sort) },
            tags: tags.map { TagLink(tag: $0.tag, count: $0.count, href: link(tag: $0.tag == query.tag ? "" : $0.tag),
                                     current: $0.tag == query.tag) },
            hasTags: !tags.isEmpty, q: query.search, tag: query.tag.isEmpty ? nil : query.tag, sort: query.sort.rawValue,
            nextLink: page.next.map { link() + (link().contains("?") ? "&" : "?") + "after=\($0.text)" },
            canSubmit: submit.isAllowed || submit == .signInRequired,
            join: CommunityRules.offersToJoin(actor) && phase != .closed
                ? JoinPrompt(community, next: base) : nil,
            isSteward: scope.check(.steer).isAllowed,
            phases: [Option(value: "auto", label: "Follow the dates", selected: schedule.override == nil)]
                + ChallengePhase.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == schedule.override) },
            methods: Self.methods(settings), usesPairwise: settings.pairwise && phase.acceptsSupports,
            showsResults: showsResults, showsReviews: showsReviews,
            dotsLeft: dotsLeft, supportsLeft: supportsLeft,
            workshops: workshops.map { WorkshopCard($0, viewer: zone) }, hasWorkshops: !workshops.isEmpty,
            canScheduleWorkshop: WorkshopRules.check(.create, actor: actor, state: .draft).isAllowed)
        return try deps.renderer.page("challenges/show", view, context: context, title: challenge.title,
                                          community: community, crumbs: crumbs(community),
                                          follow: try await deps.follows.button(.challenge(challenge.id), context: context))
    }

    private func standing(challengeID: Int64, memberID: Int64?) async throws -> VotingSettingsRepository.Standing {
        guard let memberID else { return .none }
        return try await deps.votingSettings.standing(challengeID: challengeID, memberID: memberID)
    }

    /// The voting methods in words, for the brief.
    static func methods(_ s: VotingSettings) -> String {
        var names: [String] = []
        if s.supports { names.append(s.supportBudget.map { "supports (\($0) each)" } ?? "supports") }
        if s.dots { names.append("dot voting (\(s.dotsPerMember) dots, at most \(s.maxDotsPerIdea) on one idea)") }
        if s.pairwise { names.append("pairwise survey") }
        if s.scorecards { names.append("reviewer scorecards") }
        return names.joined(separator: ", ").capitalizedFirst
    }

    /// A steward sets the phase by hand, or hands it back to the dates; recorded with a reason.
    @Sendable func movePhase(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.stewardedChallenge(request, context: context)
        let (challenge, community) = (scope.challenge, scope.community)
        let raw = context.form["phase"] ?? ""
        guard raw == "auto" || ChallengePhase(rawValue: raw) != nil else {
            throw HTTPError(.unprocessableContent, message: "Choose a phase.")
        }
        let now = Date()
        let current = challenge.phase(at: now)
        var schedule = challenge.schedule
        schedule.override = ChallengePhase(rawValue: raw)
        let target = schedule.phase(at: now)
        try deps.enforce(PhaseMove.check(from: current, to: target,
                                             votingStarted: challenge.schedule.votingHasStarted(at: now)), request)
        let reason = try validatedReason(context.form["reason"], required: false)
        try await deps.challenges.setPhase(challengeID: challenge.id, communityID: community.id,
                                               phase: ChallengePhase(rawValue: raw), from: current,
                                               actorID: context.viewer!.member.id, reason: reason,
                                               startsVoting: PhaseMove.startsVoting(from: current, to: target))
        return redirect(to: Site.challenges.show(challenge.id), flash: "Phase updated.")
    }

    private func stewardCommunity(_ request: Request, context: AppContext) async throws -> Community {
        guard let slug = context.parameters.get("slug"),
              let community = try await deps.communities.find(slug: slug) else { throw HTTPError(.notFound) }
        let (actor, _) = try await deps.actor(context, communityID: community.id)
        try deps.enforce(CommunityRules.check(.createChallenge, actor: actor, visibility: community.visibility), request)
        return community
    }

    private func renderForm(_ form: FormState, community: Community, context: AppContext,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        let sponsors = try await deps.organisations.all().options(selected: form.values["sponsor"])
        let view = FormView(form: form, sponsors: sponsors, slug: community.slug, action: Site.challenges.create(community.slug),
                            lateChecked: form.values["lateSubmissions"] == "on")
        return try deps.renderer.page("challenges/new", view, context: context, title: "New challenge", status: status,
                                          community: community, crumbs: crumbs(community), errors: form.list)
    }

    private func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}

func crumbs(_ community: Community) -> [Crumb] {
    [Crumb(title: "Communities", href: Site.communities.index()), Crumb(title: community.name, href: Site.communities.show(community.slug))]
}

/// A reason from a form, or a 422 page saying what is wrong with it.
func validatedReason(_ raw: String?, required: Bool) throws -> String {
    do {
        return try Reason.validate(raw, required: required)
    } catch let invalid as ValidationErrors {
        throw HTTPError(.unprocessableContent, message: invalid.errors.first?.message ?? "Give a reason.")
    }
}
