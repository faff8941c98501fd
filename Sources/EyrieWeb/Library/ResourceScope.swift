import EyrieCore
import EyrieStore
import Hummingbird

/// A resource with its community and the viewer as an actor there: what every resource route starts from.
struct ResourceScope: InCommunity {
    var visit: LibraryRepository.Visit
    var actor: Actor

    var resource: Resource { visit.resource }
    var community: Community { visit.community }
}

extension LibraryDependencies {
    /// Loads the resource in the URL; a 404 when it does not exist or the viewer may not see its community (a
    /// private community's library does not exist for those outside it).
    func resourceScope(_ request: Request, context: AppContext) async throws -> ResourceScope {
        try await resourceScope(id: context.parameters.id(), request, context: context)
    }

    /// The same, for the resource `id` (an attachment's).
    func resourceScope(id: Int64, _ request: Request, context: AppContext) async throws -> ResourceScope {
        guard let visit = try await library.visit(id: id, viewerID: context.viewer?.member.id) else {
            throw HTTPError(.notFound)
        }
        let scope = ResourceScope(visit: visit, actor: scopes.actor(context, role: visit.role))
        try scopes.ensureVisible(visit.community, actor: scope.actor, request)
        return scope
    }
}
