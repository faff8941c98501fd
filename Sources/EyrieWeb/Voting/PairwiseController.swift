import EyrieCore
import EyrieStore
import Hummingbird

/// The pairwise wiki survey: a member picks the better of two ideas, or says why they can't decide, or adds an idea
/// (which a steward approves before it joins the pairs).
struct PairwiseController {
    let deps: VotingDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.voting.pairwise, use: show)
        router.post(Site.voting.pairwise, use: answer)
        router.post(Site.voting.pairwiseIdeas, use: addIdea)
        router.post(Site.voting.approve, use: approve)
    }

    /// An idea added during the survey, waiting for a steward to let it join the pairs.
    struct Awaiting {
        var href: String
        var approveAction: String
        var title: String
        var authors: String

        init(_ idea: IdeaSummary) {
            href = Site.ideas.show(idea.id)
            approveAction = Site.voting.approve(idea.id)
            title = idea.title
            authors = idea.authorNames.joined(separator: ", ")
        }
    }

    struct View {
        var challengeID: Int64
        var links: ChallengeLinks
        var question: String
        var left: IdeaCard?
        var right: IdeaCard?
        var token: String
        var answered: String
        var reasons: [SkipReason]

        /// A reason for skipping a pair: sent as its English text (what the survey keeps), shown in the reader's.
        struct SkipReason {
            var id: Int
            var value: String
            var label: String
        }
        var canAddIdeas: Bool
        var addOpen: Bool
        var form: FormState
        var awaiting: [Awaiting]
        var isSteward: Bool
    }

    /// Shows a new pair (never the pair just shown), chosen so that ideas compared less come up more.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        try await render(request, context: context, form: FormState())
    }

    /// Records the answer to the pair shown; a repeated or stale answer is ignored, so nothing counts twice.
    @Sendable func answer(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, community, settings, actor) = try await deps.survey(request, context: context)
        try deps.enforce(settings.checkPairwise(actor: actor, phase: challenge.phase()), request, community: community)
        let answer: PairwiseAnswer
        do {
            answer = try PairwiseAnswer.validate(context.form)
        } catch let invalid as ValidationErrors {
            throw HTTPError(.unprocessableContent, message: invalid.errors.first?.message ?? "Choose an answer.")
        }
        let recorded = try await deps.pairwise.answer(challengeID: challenge.id, memberID: context.viewer!.member.id,
                                                          token: String((context.form["prompt"] ?? "").prefix(64)),
                                                          answer: answer)
        return redirect(to: Site.voting.pairwise(challenge.id),
                        flash: recorded ? "Thanks — here is another pair." : "That pair was already answered; here is a new one.")
    }

    /// Adds the member's own idea to the survey, waiting for a steward's approval.
    @Sendable func addIdea(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, community, settings, actor) = try await deps.survey(request, context: context)
        try deps.enforce(settings.checkPairwise(actor: actor, phase: challenge.phase(), addingIdea: true), request,
                             community: community)
        do {
            let draft = try IdeaDraft.validate(["title": context.form["title"] ?? "", "summary": context.form["summary"] ?? ""])
            let id = try await deps.ideas.create(
                draft, challenge: challenge, authorID: context.viewer!.member.id, coAuthorIDs: [], state: .submitted,
                submissionKey: String((context.form["key"] ?? Token.random()).prefix(64)), awaitingApproval: true)
            return redirect(to: Site.voting.pairwise(challenge.id),
                            flash: "Idea #\("id", id) added. It joins the pairs once a steward approves it.")
        } catch let invalid as ValidationErrors {
            return try await render(request, context: context, form: FormState(values: context.form, errors: invalid.errors),
                                    status: .unprocessableContent)
        }
    }

    /// A steward approves an idea added during the survey.
    @Sendable func approve(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.approve), request, community: scope.community)
        guard scope.idea.awaitingApproval else {
            throw HTTPError(.unprocessableContent, message: "This idea is not waiting for approval.")
        }
        try await deps.pairwise.approve(ideaID: scope.idea.id, actorID: context.viewer!.member.id)
        return redirect(to: returnPath(request), flash: "Idea approved: it now appears in the pairs.")
    }

    private func render(_ request: Request, context: AppContext, form: FormState,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let (challenge, community, settings, actor) = try await deps.survey(request, context: context)
        try deps.enforce(settings.checkPairwise(actor: actor, phase: challenge.phase()), request, community: community)
        let memberID = context.viewer!.member.id
        let survey = try await deps.voting.nextPair(challengeID: challenge.id, communityID: community.id, memberID: memberID)
        let (left, right, token) = (survey.pair.map { IdeaCard($0.left) }, survey.pair.map { IdeaCard($0.right) },
                                    survey.pair?.prompt ?? "")
        let isSteward = CommunityRules.check(.steer, actor: actor, visibility: community.visibility).isAllowed
        let awaiting = isSteward ? try await deps.pairwise.awaiting(challengeID: challenge.id) : []
        let view = View(
            challengeID: challenge.id, links: ChallengeLinks(id: challenge.id, communitySlug: community.slug), question: challenge.question, left: left, right: right, token: token,
            answered: Dates.count(survey.answered, "answer", "answers"),
            reasons: UndecidedReason.allCases.enumerated().map { View.SkipReason(id: $0.offset, value: $0.element.rawValue, label: $0.element.said) },
            canAddIdeas: settings.checkPairwise(actor: actor, phase: challenge.phase(), addingIdea: true).isAllowed,
            addOpen: !form.list.isEmpty,
            form: form, awaiting: awaiting.map(Awaiting.init), isSteward: isSteward)
        return try deps.renderer.page(
            "voting/pairwise", view, context: context, title: "Which idea is better?", status: status,
            community: community,
            crumbs: crumbs(community) + [Crumb(title: challenge.title, href: Site.challenges.show(challenge.id))],
            errors: form.list)
    }
}
