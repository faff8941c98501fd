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

    /// The challenge page: brief, dates, and its ideas sorted, searched, filtered by tag and paged by keyset.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.challengeScope(request, context: context)
        var params: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { params[String(key)] = String(value) }
        let query = IdeaQuery.parse(params)
        let reads = try await ChallengePage.load(scope, query: query, deps: deps, context: context)
        let page = ChallengePage(scope, query: query, reads: reads, zone: ViewerZone.from(request))
        return try deps.renderer.page("challenges/show", page, context: context, title: scope.challenge.title,
                                      community: scope.community, crumbs: crumbs(scope.community), follow: reads.follow)
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
