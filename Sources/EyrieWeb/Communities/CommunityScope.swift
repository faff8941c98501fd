import EyrieCore
import EyrieStore
import Hummingbird

/// A community with the viewer as an actor in it.
struct CommunityScope: InCommunity {
    var community: Community
    var actor: Actor
}

extension Scopes {
    /// The community named by the URL's `:slug` and the viewer as an actor in it; a 404 when there is none or the
    /// viewer may not see it (a private community they are not in), sign-in first for an anonymous visitor.
    func communityScope(_ request: Request, context: AppContext) async throws -> CommunityScope {
        guard let slug = context.parameters.get("slug"),
              let community = try await communities.find(slug: slug) else { throw HTTPError(.notFound) }
        let (actor, _) = try await actor(context, communityID: community.id)
        try ensureVisible(community, actor: actor, request)
        return CommunityScope(community: community, actor: actor)
    }

    /// "Visible, else 404", for every resource in a community: a private community's things do not exist for
    /// those outside it; an anonymous visitor is asked to sign in first.
    func ensureVisible(_ community: Community, actor: Actor, _ request: Request) throws {
        switch CommunityRules.check(.view, actor: actor, visibility: community.visibility) {
        case .allowed: return
        case .signInRequired: throw SignInRequired(next: returnPath(request))
        default: throw HTTPError(.notFound)
        }
    }
}
