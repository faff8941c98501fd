import EyrieCore
import EyrieStore
import Hummingbird

extension Services {
    /// The community named by the URL's `:slug` and the viewer as an actor in it; a 404 when there is none or the
    /// viewer may not see it (a private community they are not in), sign-in first for an anonymous visitor.
    func visibleCommunity(_ request: Request, context: AppContext) async throws -> (Community, Actor) {
        guard let slug = context.parameters.get("slug"),
              let community = try await communities.find(slug: slug) else { throw HTTPError(.notFound) }
        let (actor, _) = try await actor(context, communityID: community.id)
        switch CommunityRules.check(.view, actor: actor, visibility: community.visibility) {
        case .allowed: return (community, actor)
        case .signInRequired: throw SignInRequired(next: returnPath(request))
        default: throw HTTPError(.notFound)
        }
    }
}
