import Foundation
import EyrieCore
import EyrieStore
import Hummingbird

/// Who sees a challenge's results, and the numbers behind them, for the results page, its CSV and the API.
struct ResultsReader: Sendable {
    let scopes: Scopes
    let renderer: Renderer
    let votingSettings: VotingSettingsRepository
    let results: ResultsRepository
    let pairwise: PairwiseRepository
    let pairwiseScores: PairwiseScoreCache
    let reviews: ReviewRepository

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        votingSettings = services.votingSettings
        results = services.results
        pairwise = services.pairwise
        pairwiseScores = services.pairwiseScores
        reviews = services.reviews
    }

    /// Stewards always; the sponsor organisation's members once shared with them; everyone who sees the challenge once
    /// published (403 before, with the reason and the expected day).
    func resultsScope(_ request: Request, context: AppContext) async throws -> (Challenge, Community, Bool, VotingSettings) {
        let scope = try await scopes.challengeScope(request, context: context)
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        let settings = try await votingSettings.find(challengeID: challenge.id)
        let fromSponsor = context.viewer?.member.organisationID == challenge.sponsorID
        switch ChallengeRules.check(.seeResults, actor: actor, phase: challenge.phase(), results: settings.resultsAudience,
                                    fromSponsor: fromSponsor) {
        case .allowed: break
        case .signInRequired: throw SignInRequired(next: returnPath(request))
        default: throw resultsPending(challenge, community: community, settings: settings, context: context)
        }
        return (challenge, community, scope.check(.steer).isAllowed, settings)
    }

    struct ResultsPendingView {
        var challengeID: Int64
        var challengeLink: String
        var challengeTitle: String
        var when: String
    }

    /// Results not published yet: a 403 page that says when to expect them (the day the stewards gave, else what the
    /// schedule implies) and leads back to the challenge.
    private func resultsPending(_ challenge: Challenge, community: Community, settings: VotingSettings,
                                context: AppContext) -> any Error {
        let schedule = challenge.schedule
        let phase = challenge.phase()
        var when = switch phase {
        case .draft, .open:
            "Voting runs from \(Dates.day(schedule.votingAt)) to \(Dates.day(schedule.reviewAt)); the stewards publish "
                + "the results once they have reviewed the votes, before the challenge closes on "
                + "\(Dates.day(schedule.closesAt))."
        case .voting:
            "Voting runs until \(Dates.day(schedule.reviewAt)); the stewards publish the results once they have reviewed "
                + "the votes, before the challenge closes on \(Dates.day(schedule.closesAt))."
        case .review:
            "The stewards are reviewing the votes now and publish the results before the challenge closes on "
                + "\(Dates.day(schedule.closesAt))."
        case .closed:
            "The challenge closed on \(Dates.day(schedule.closesAt)); the stewards have not published its results. "
                + "Ask a steward of \(community.name) if you need them."
        }
        if let expected = settings.resultsExpectedAt {
            when = expected > Date() ? "The stewards expect to publish them on \(Dates.day(expected))."
                : "The stewards expected to publish them on \(Dates.day(expected)); ask a steward of \(community.name) "
                    + "when they will."
        }
        if settings.resultsAudience == .sponsor {
            when += " Members of \(challenge.sponsorName), the sponsor, can read them already."
        }
        let view = ResultsPendingView(challengeID: challenge.id, challengeLink: Site.challenges.show(challenge.id), challengeTitle: challenge.title, when: when)
        do {
            return RenderedError(response: try renderer.page(
                "voting/results-pending", view, context: context, title: "Results not published yet",
                status: .forbidden, community: community,
                crumbs: crumbs(community) + [Crumb(title: challenge.title, href: Site.challenges.show(challenge.id))]))
        } catch {
            return error
        }
    }

    /// The numbers behind the results page, its CSV and the API.
    func results(of challenge: Challenge, settings: VotingSettings) async throws -> ChallengeResults {
        try await results(of: challenge, settings: settings, ideas: try await results.ideas(challengeID: challenge.id))
    }

    /// The same, for ideas already read (the API reads them in full).
    func results(of challenge: Challenge, settings: VotingSettings, ideas: [ResultIdea]) async throws -> ChallengeResults {
        var scores: [Int64: BradleyTerry.Score] = [:]
        var answers = 0
        if settings.pairwise {
            let latest = try await pairwise.latestAnswer(challengeID: challenge.id)
            let (pairwise, id) = (pairwise, challenge.id)
            let fit = try await pairwiseScores.scores(challengeID: id, ideas: ideas, latestAnswer: latest) {
                try await pairwise.outcomes(challengeID: id)
            }
            (scores, answers) = (fit.scores, fit.answers)
        }
        let cards = settings.scorecards ? try await reviews.scores(challengeID: challenge.id) : [:]
        return ChallengeResults.build(ideas: ideas, pairwiseScores: scores, pairwiseAnswers: answers, scorecards: cards,
                                      settings: settings)
    }
}
