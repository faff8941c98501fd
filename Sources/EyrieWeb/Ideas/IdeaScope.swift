import EyrieCore
import Hummingbird

/// An idea with its challenge, community and the viewer as an actor on it: what every idea route starts from.
struct IdeaScope: InCommunity {
    var idea: Idea
    var challenge: Challenge
    var community: Community
    var actor: Actor
    var settings: VotingSettings

    var phase: ChallengePhase { challenge.phase() }

    func check(_ action: IdeaAction) -> Decision {
        settings.check(action, actor: actor, state: idea.state, phase: phase,
                       lateSubmissions: challenge.schedule.lateSubmissions, authorsMaySupport: community.authorsMaySupport)
    }
}

extension Scopes {
    /// Loads the idea in the URL; a 404 when it does not exist or the viewer may not see it (private community,
    /// someone else's draft, hidden by a steward).
    func ideaScope(_ request: Request, context: AppContext, id: Int64? = nil) async throws -> IdeaScope {
        let ideaID = try id ?? context.parameters.id()
        guard let idea = try await ideas.find(id: ideaID) else { throw HTTPError(.notFound) }
        async let settingsRead = votingSettings.find(challengeID: idea.challengeID)
        guard let visit = try await challenges.visit(id: idea.challengeID, viewerID: context.viewer?.member.id) else {
            throw HTTPError(.notFound)
        }
        let (challenge, community) = (visit.challenge, visit.community)
        let isAuthor = idea.isAuthor(context.viewer?.member.id)
        var actor = actor(context, role: visit.role, isAuthor: isAuthor)
        actor.isSponsor = visit.actsForSponsor
        try ensureVisible(community, actor: actor, request)
        guard IdeaRules.isVisible(state: idea.state, isHidden: idea.hiddenReason != nil,
                                  awaitingApproval: idea.awaitingApproval, actor: actor) else { throw HTTPError(.notFound) }
        let settings = try await settingsRead
        return IdeaScope(idea: idea, challenge: challenge, community: community, actor: actor, settings: settings)
    }
}
