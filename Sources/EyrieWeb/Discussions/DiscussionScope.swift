import EyrieCore
import EyrieStore
import Hummingbird

/// A discussion with its community and the viewer as an actor there: what every discussion route starts from.
struct DiscussionScope: InCommunity {
    var visit: DiscussionRepository.Visit
    var actor: Actor

    var discussion: Discussion { visit.discussion }
    var community: Community { visit.community }
    var isAsker: Bool { visit.viewerID != nil && visit.viewerID == discussion.authorID }
    var canModerate: Bool { check(.moderate).isAllowed }
}

extension DiscussionDependencies {
    /// Loads the discussion in the URL; a 404 when it does not exist, when the viewer may not see its community, or
    /// when it is hidden and the viewer is neither its author nor a moderator.
    func discussionScope(_ request: Request, context: AppContext) async throws -> DiscussionScope {
        let id = try context.parameters.id()
        guard let visit = try await discussions.visit(id: id, viewerID: context.viewer?.member.id) else {
            throw HTTPError(.notFound)
        }
        let scope = DiscussionScope(visit: visit, actor: scopes.actor(context, role: visit.role))
        try scopes.ensureVisible(visit.community, actor: scope.actor, request)
        if scope.discussion.isHidden && !scope.isAsker && !scope.canModerate { throw HTTPError(.notFound) }
        return scope
    }
}
