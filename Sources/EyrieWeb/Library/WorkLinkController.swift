import EyrieCore
import EyrieStore
import Hummingbird

/// A resource linked to the work it came from or serves: members paste the address of an idea, a workshop or an
/// offering of the same community on the resource's page; the member who linked it, or a steward, removes the link.
struct WorkLinkController {
    let deps: LibraryDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.post(Site.library.links, use: link)
        router.post(Site.library.unlink, use: unlink)
    }

    @Sendable func link(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        do {
            let work = try WorkReference.validate(context.form)
            let made = try await deps.workLinks.link(resourceID: scope.resource.id, communityID: scope.community.id, to: work,
                                                     actorID: context.viewer!.member.id)
            let done: Phrase = made ? "Linked. The page lists this resource now." : "It was linked already."
            return redirect(to: Site.library.show(scope.resource.id) + "#work", flash: done)
        } catch let invalid as ValidationErrors {
            return try await refused(scope, invalid.errors, context: context)
        } catch StoreError.notFound {
            // Not in this community, or not one its members can read: said the same way, so nothing is revealed.
            return try await refused(scope, [FieldError("address", "No idea, workshop or offering of this community has this address")],
                                     context: context)
        }
    }

    func refused(_ scope: ResourceScope, _ errors: [FieldError], context: AppContext) async throws -> Response {
        try await ResourcePage.render(scope, linkForm: FormState(values: context.form, errors: errors), deps: deps,
                                      context: context, status: .unprocessableContent)
    }

    @Sendable func unlink(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        let linkID = try context.parameters.id("link")
        guard let link = try await deps.workLinks.link(id: linkID, resourceID: scope.resource.id) else {
            throw HTTPError(.notFound)
        }
        let isLinker = link.linkedBy != nil && link.linkedBy == context.viewer?.member.id
        try deps.enforce(WorkLinkRules.mayUnlink(actor: scope.actor, isLinker: isLinker), request, community: scope.community)
        try await deps.workLinks.unlink(id: link.id, resourceID: scope.resource.id)
        return redirect(to: Site.library.show(scope.resource.id) + "#work", flash: "Link removed: the resource and the work stay.")
    }
}
