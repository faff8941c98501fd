import EyrieCore
import EyrieStore
import Hummingbird

/// A workshop with its community and the viewer as an actor on it: what every workshop route starts from.
struct WorkshopScope {
    var visit: WorkshopRepository.Visit
    var actor: Actor

    var workshop: Workshop { visit.workshop }
    var community: Community { visit.community }

    func check(_ action: WorkshopAction, move: WorkshopMove? = nil) -> Decision {
        WorkshopRules.check(action, actor: actor, isFacilitator: visit.isFacilitator, state: workshop.state, move: move)
    }

    /// Whether the workshop exists for this viewer: its community is visible to them and it is not a draft they do
    /// not lead.
    var isVisible: Bool {
        CommunityRules.check(.view, actor: actor, visibility: community.visibility).isAllowed && check(.view).isAllowed
    }

    /// Facilitates this workshop or stewards its community.
    var leads: Bool { WorkshopRules.leads(actor: actor, isFacilitator: visit.isFacilitator) }
}

extension Scopes {
    /// The drafts a viewer finds in lists of workshops (`WorkshopRules.listsEveryDraft`).
    func workshopDrafts(_ actor: Actor, context: AppContext) -> WorkshopRepository.Drafts {
        if WorkshopRules.listsEveryDraft(actor) { return .all }
        return context.viewer.map { .facilitatedBy($0.member.id) } ?? .none
    }

    /// Loads the workshop in the URL; a 404 when it does not exist or the viewer may not see it (a private
    /// community they are not in, a draft they do not lead).
    func workshopScope(_ request: Request, context: AppContext) async throws -> WorkshopScope {
        let id = try context.parameters.id()
        guard let visit = try await workshops.visit(id: id, viewerID: context.viewer?.member.id) else {
            throw HTTPError(.notFound)
        }
        let scope = WorkshopScope(visit: visit, actor: actor(context, role: visit.role))
        try ensureVisible(visit.community, actor: scope.actor, request)
        // A draft does not exist for anyone but its facilitators and the stewards.
        guard scope.check(.view).isAllowed else { throw HTTPError(.notFound) }
        return scope
    }

}
