import EyrieCore
import EyrieStore
import Hummingbird

/// An offering with its community and the viewer as an actor on it: what every offering route starts from.
struct OfferingScope {
    var visit: OfferingRepository.Visit
    var actor: Actor

    var offering: Offering { visit.offering }
    var community: Community { visit.community }

    func check(_ action: OfferingAction, move: OfferingMove? = nil) -> Decision {
        OfferingRules.check(action, actor: actor, isOwner: visit.viewerIsOwner, state: offering.state,
                            move: move)
    }

    var canEdit: Bool { check(.edit).isAllowed }
}

extension OfferingRepository.Visit {
    var viewerIsOwner: Bool { viewerID != nil && viewerID == offering.ownerID }
}

extension Services {
    /// Loads the offering in the URL; a 404 when it does not exist or the viewer may not see its community (a
    /// private community they are not in: its offerings do not exist for them).
    func offeringScope(_ request: Request, context: AppContext) async throws -> OfferingScope {
        let id = try context.parameters.id()
        guard let visit = try await offerings.visit(id: id, viewerID: context.viewer?.member.id) else {
            throw HTTPError(.notFound)
        }
        let scope = OfferingScope(visit: visit, actor: actor(context, role: visit.role))
        switch CommunityRules.check(.view, actor: scope.actor, visibility: visit.community.visibility) {
        case .allowed: break
        case .signInRequired: throw SignInRequired(next: returnPath(request))
        default: throw HTTPError(.notFound)
        }
        return scope
    }

    /// Enforces an offering rule, answering 422 for a retired offering and offering to join when that is missing.
    func enforce(_ decision: Decision, _ request: Request, scope: OfferingScope) throws {
        try enforce(decision, request, community: scope.community)
    }
}
