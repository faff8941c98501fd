import EyrieCore
import EyrieStore
import Hummingbird

/// Reviewer scorecards: stewards assign reviewers; reviewers score shortlisted ideas on the weighted criteria.
/// In blind mode a reviewer sees neither the authors nor other reviewers' scores until they submit their own.
struct ReviewController {
    let deps: VotingDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.voting.reviews, use: reviews)
        router.post(Site.voting.reviewers, use: assign)
        router.post(Site.voting.removeReviewer, use: unassign)
        router.get(Site.voting.scorecard, use: scorecard)
        router.post(Site.voting.scorecard, use: submit)
    }

    struct ReviewsView {
        var challengeID: Int64
        var links: ChallengeLinks
        var challengeTitle: String
        var isSteward: Bool
        var reviewers: [ReviewerLine]
        var queue: [QueueLine]
        var isReviewer: Bool
        var form: FormState
    }

    struct ReviewerLine { var id: Int64; var removeAction: String; var name: String; var organisation: String }
    struct QueueLine { var id: Int64; var scorecard: String; var title: String; var stateLabel: String; var scored: Bool }

    /// Stewards manage the reviewers; reviewers see the ideas to score.
    @Sendable func reviews(_ request: Request, context: AppContext) async throws -> Response {
        try await renderReviews(request, context: context, form: FormState())
    }

    /// A steward assigns a community member as reviewer, by email.
    @Sendable func assign(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.stewardedChallenge(request, context: context)
        let (challenge, community) = (scope.challenge, scope.community)
        var errors: [FieldError] = []
        let email = Email.validate(context.form["email"], into: &errors)
        if errors.isEmpty {
            if let member = try await deps.members.communityMembers(emails: [email], communityID: community.id).first {
                try await deps.reviews.assign(challengeID: challenge.id, communityID: community.id, memberID: member.id)
                return redirect(to: Site.voting.reviews(challenge.id), flash: "\("name", member.name) is now a reviewer.")
            }
            errors.append(.init("email", "\("address", email) is not a member of this community"))
        }
        return try await renderReviews(request, context: context, form: FormState(values: context.form, errors: errors),
                                       status: .unprocessableContent)
    }

    /// A steward removes a reviewer (their scorecards stay).
    @Sendable func unassign(_ request: Request, context: AppContext) async throws -> Response {
        let challenge = try await deps.stewardedChallenge(request, context: context).challenge
        let memberID = try context.parameters.id("member")
        try await deps.reviews.unassign(challengeID: challenge.id, memberID: memberID)
        return redirect(to: Site.voting.reviews(challenge.id), flash: "Reviewer removed.")
    }

    struct ScorecardView {
        var ideaID: Int64
        var links: IdeaLinks
        var title: String
        var summary: String
        var paragraphs: [String]
        var authors: String?
        var criteria: [CriterionScore]
        var comment: String
        var submitted: Bool
        var others: [OtherCard]
        var showOthers: Bool
        var blind: Bool
        var challengeID: Int64
        var form: FormState
    }

    struct CriterionScore { var index: Int; var name: String; var weight: String; var options: [Option]; var error: String? }
    struct OtherCard { var reviewer: String; var scores: String; var comment: String? }

    /// The scorecard form for one idea.
    @Sendable func scorecard(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await reviewScope(request, context: context)
        return try await renderScorecard(scope, context: context, form: nil)
    }

    /// Saves the reviewer's scores; a missing or out-of-range score re-renders with the message.
    @Sendable func submit(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await reviewScope(request, context: context)
        do {
            let draft = try ScorecardDraft.validate(context.form, criteria: scope.settings.criteria)
            try await deps.reviews.submit(ideaID: scope.idea.id, reviewerID: context.viewer!.member.id,
                                              challengeID: scope.challenge.id, communityID: scope.community.id, draft: draft)
            return redirect(to: Site.voting.scorecard(scope.idea.id), flash: "Scorecard saved.")
        } catch let invalid as ValidationErrors {
            return try await renderScorecard(scope, context: context,
                                             form: FormState(values: context.form, errors: invalid.errors),
                                             status: .unprocessableContent)
        }
    }

    private func reviewScope(_ request: Request, context: AppContext) async throws -> IdeaScope {
        let scope = try await deps.ideaScope(request, context: context)
        let memberID = context.viewer?.member.id
        let isReviewer = memberID == nil ? false
            : try await deps.reviews.isReviewer(challengeID: scope.challenge.id, memberID: memberID!)
        try deps.enforce(ReviewRules.check(actor: scope.actor, isReviewer: isReviewer, state: scope.idea.state,
                                               phase: scope.phase, settings: scope.settings), request)
        return scope
    }

    private func renderScorecard(_ scope: IdeaScope, context: AppContext, form: FormState?,
                                 status: HTTPResponse.Status = .ok) async throws -> Response {
        let memberID = context.viewer!.member.id
        let cards = try await deps.reviews.cards(ideaID: scope.idea.id)
        let mine = cards.first { $0.reviewerID == memberID }
        let blind = scope.settings.blindReview
        let reveal = ReviewRules.mayShow(blind: blind, hasSubmitted: mine != nil, actor: scope.actor)
        var values = form?.values ?? [:]
        if form == nil, let mine {
            for (i, score) in mine.scores.enumerated() { values["score\(i + 1)"] = String(score) }
            values["comment"] = mine.comment
        }
        let state = form ?? FormState(values: values)
        let criteria = scope.settings.criteria.enumerated().map { i, criterion in
            CriterionScore(index: i + 1, name: criterion.name, weight: criterion.weight.formatted(),
                           options: (1...5).map { Option(value: String($0), label: "\(i + 1)-\($0)",
                                                         selected: values["score\(i + 1)"] == String($0)) },
                           error: state.errors["score\(i + 1)"])
        }
        let view = ScorecardView(
            ideaID: scope.idea.id, links: IdeaLinks(id: scope.idea.id, challengeID: scope.challenge.id), title: scope.idea.title, summary: scope.idea.summary,
            paragraphs: scope.idea.body.split(separator: "\n", omittingEmptySubsequences: true).map(String.init),
            authors: reveal ? scope.idea.authors.map(\.name).joined(separator: ", ") : nil, criteria: criteria,
            comment: values["comment"] ?? "", submitted: mine != nil,
            others: reveal ? cards.filter { $0.reviewerID != memberID }.map {
                OtherCard(reviewer: $0.reviewerName, scores: $0.scores.map(String.init).joined(separator: " · "),
                          comment: $0.comment.isEmpty ? nil : $0.comment)
            } : [],
            showOthers: reveal, blind: blind, challengeID: scope.challenge.id, form: state)
        return try deps.renderer.page("voting/scorecard", view, context: context, title: say("Scorecard: \("idea", scope.idea.title)"),
                                          status: status, community: scope.community, crumbs: ideaCrumbs(scope),
                                          errors: state.list)
    }

    private func renderReviews(_ request: Request, context: AppContext, form: FormState,
                               status: HTTPResponse.Status = .ok) async throws -> Response {
        let scope = try await deps.challengeScope(request, context: context)
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        guard let memberID = context.viewer?.member.id else { throw SignInRequired(next: returnPath(request)) }
        let isSteward = scope.check(.steer).isAllowed
        let isReviewer = try await deps.reviews.isReviewer(challengeID: challenge.id, memberID: memberID)
        guard ReviewRules.maySeeReviews(actor: actor, isReviewer: isReviewer) else { throw HTTPError(.forbidden, message: "Only reviewers and stewards see reviews.") }
        let reviewers = try await deps.reviews.reviewers(challengeID: challenge.id)
        let queue = isReviewer ? try await deps.reviews.queue(challengeID: challenge.id, reviewerID: memberID) : []
        let view = ReviewsView(
            challengeID: challenge.id, links: ChallengeLinks(id: challenge.id, communitySlug: community.slug),
            challengeTitle: challenge.title, isSteward: isSteward,
            reviewers: reviewers.map { ReviewerLine(id: $0.id, removeAction: Site.voting.removeReviewer(challenge.id, $0.id), name: $0.name, organisation: $0.organisation) },
            queue: queue.map { QueueLine(id: $0.idea.id, scorecard: Site.voting.scorecard($0.idea.id), title: $0.idea.title, stateLabel: $0.idea.state.said, scored: $0.scored) },
            isReviewer: isReviewer, form: form)
        return try deps.renderer.page("voting/reviews", view, context: context, title: "Reviews", status: status,
                                          community: community,
                                          crumbs: crumbs(community) + [Crumb(title: challenge.title, href: Site.challenges.show(challenge.id))],
                                          errors: form.list)
    }
}
