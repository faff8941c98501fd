import EyrieCore
import EyrieStore
import Hummingbird

extension Scopes {
    /// The pairwise survey of the challenge in the URL: the challenge scope with its voting settings.
    func survey(_ request: Request, context: AppContext) async throws -> (Challenge, Community, VotingSettings, Actor) {
        let scope = try await challengeScope(request, context: context)
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        let settings = try await votingSettings.find(challengeID: challenge.id)
        return (challenge, community, settings, actor)
    }
}
