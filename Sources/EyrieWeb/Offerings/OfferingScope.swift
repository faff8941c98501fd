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

extension Scopes {
    /// Loads the offering in the URL; a 404 when it does not exist or the viewer may not see its community (a
    /// private community they are not in: its offerings do not exist for them).
    func offeringScope(_ request: Request, context: AppContext) async throws -> OfferingScope {
        let id = try context.parameters.id()
        guard let visit = try await offerings.visit(id: id, viewerID: context.viewer?.member.id) else {
            throw HTTPError(.notFound)
        }
        let scope = OfferingScope(visit: visit, actor: actor(context, role: visit.role))
        try ensureVisible(visit.community, actor: scope.actor, request)
        return scope
    }

    /// The offering in the URL when the viewer may change it (its owner, facilitators, stewards; not once retired).
    func editableOfferingScope(_ request: Request, context: AppContext) async throws -> OfferingScope {
        let scope = try await offeringScope(request, context: context)
        try enforce(scope.check(.edit), request, community: scope.community)
        return scope
    }
}

extension OfferingScope {
    /// Runs one change of an offering's editing forms: 303 to `page` with the flash `body` returns, or, when the form
    /// is refused, what `invalid` renders (the page again, 422, the message beside the field); 404 for an entry,
    /// step, KPI or milestone that is gone, 422 once the offering is retired.
    static func change(redirectTo page: String, _ body: () async throws -> Phrase,
                       invalid: (ValidationErrors) async throws -> Response) async throws -> Response {
        do {
            let flash = try await body()
            return redirect(to: page, flash: flash)
        } catch let refused as ValidationErrors {
            return try await invalid(refused)
        } catch StoreError.notFound {
            throw HTTPError(.notFound)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "A retired offering can no longer be changed.")
        }
    }
}
