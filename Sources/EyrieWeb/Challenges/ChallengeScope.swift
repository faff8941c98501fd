import EyrieCore
import EyrieStore
import Hummingbird

/// A challenge with its community and the viewer as an actor there: what every challenge route starts from.
struct ChallengeScope: InCommunity {
    var challenge: Challenge
    var community: Community
    var actor: Actor
}

extension Scopes {
    /// Loads the challenge in the URL; a 404 when it does not exist or the viewer may not see it (a private
    /// community they are not in, a draft they do not steward), sign-in first for an anonymous visitor.
    func challengeScope(_ request: Request, context: AppContext) async throws -> ChallengeScope {
        let id = try context.parameters.id()
        guard let visit = try await challenges.visit(id: id, viewerID: context.viewer?.member.id) else {
            throw HTTPError(.notFound)
        }
        let scope = ChallengeScope(challenge: visit.challenge, community: visit.community,
                                   actor: actor(context, role: visit.role))
        try ensureVisible(scope.community, actor: scope.actor, request)
        guard ChallengeRules.check(.view, actor: scope.actor, phase: scope.challenge.phase()).isAllowed else {
            throw HTTPError(.notFound)
        }
        return scope
    }

    /// The challenge in the URL when the viewer steers it (stewards and admins): settings, phase, reviewers, results.
    func stewardedChallenge(_ request: Request, context: AppContext) async throws -> ChallengeScope {
        let scope = try await challengeScope(request, context: context)
        try enforce(scope.check(.movePhase), request)
        return scope
    }
}
