import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The community's library: members write and edit resources (every version kept, a second editor told rather than
/// overwritten), find them by words, kind and tag, mark them useful; stewards restore versions and add kinds.
struct LibraryController {
    let deps: LibraryDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.library.index, use: index)
        router.post(Site.library.index, use: create)
        router.get(Site.library.new, use: new)
        router.post(Site.library.kinds, use: addKind)
        router.get(Site.library.show, use: show)
        router.get(Site.library.edit, use: edit)
        router.post(Site.library.edit, use: update)
        router.get(Site.library.history, use: history)
        router.get(Site.library.changes, use: changes)
        router.post(Site.library.restore, use: restore)
        router.post(Site.library.useful, use: useful)
        router.post(Site.library.feature, use: feature)
    }

    // MARK: The list

    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        return try await LibraryPage.render(scope, query: Self.query(request), kindForm: FormState(), deps: deps, context: context)
    }

    static func query(_ request: Request) -> ResourceQuery {
        var params: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { params[String(key)] = String(value) }
        return ResourceQuery.parse(params)
    }

    @Sendable func addKind(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.steer), request, community: scope.community)
        let kinds = try await deps.library.kinds(communityID: scope.community.id)
        do {
            let kind = try ResourceKindName.validate(context.form, existing: kinds)
            try await deps.library.addKind(kind, communityID: scope.community.id)
            return redirect(to: Site.library.index(scope.community.slug), flash: "Kind “\("kind", kind.key)” added.")
        } catch let invalid as ValidationErrors {
            return try await LibraryPage.render(scope, query: ResourceQuery(), kindForm: FormState(values: context.form, errors: invalid.errors),
                                                deps: deps, context: context, status: .unprocessableContent)
        } catch StoreError.conflict {
            let refused = [FieldError("name", "The library has this kind already")]
            return try await LibraryPage.render(scope, query: ResourceQuery(), kindForm: FormState(values: context.form, errors: refused),
                                                deps: deps, context: context, status: .unprocessableContent)
        }
    }

    // MARK: Writing

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        return try await ResourceForm.render(FormState(values: ["kind": ResourceKind.tool.key]), community: scope.community,
                                             resource: nil, conflict: nil, deps: deps, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        let kinds = try await deps.library.kinds(communityID: scope.community.id)
        do {
            let draft = try ResourceDraft.validate(context.form, kinds: kinds)
            let id = try await deps.library.create(draft, communityID: scope.community.id, actorID: context.viewer!.member.id)
            return redirect(to: Site.library.show(id), flash: "Resource added to the library.")
        } catch let invalid as ValidationErrors {
            return try await ResourceForm.render(FormState(values: context.form, errors: invalid.errors), community: scope.community,
                                                 resource: nil, conflict: nil, deps: deps, context: context,
                                                 status: .unprocessableContent)
        }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        let r = scope.resource
        let values = ["title": r.title, "kind": r.kind.key, "body": r.body, "tags": r.tags.joined(separator: ", "),
                      "language": r.language, "version": String(r.version)]
        return try await ResourceForm.render(FormState(values: values), community: scope.community, resource: r, conflict: nil,
                                             deps: deps, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        let kinds = try await deps.library.kinds(communityID: scope.community.id)
        do {
            let draft = try ResourceDraft.validate(context.form, kinds: kinds, editing: true)
            let version = try await deps.library.update(id: scope.resource.id, draft, actorID: context.viewer!.member.id)
            return redirect(to: Site.library.show(scope.resource.id), flash: "Saved as version \("version", version).")
        } catch let invalid as ValidationErrors {
            return try await ResourceForm.render(FormState(values: context.form, errors: invalid.errors), community: scope.community,
                                                 resource: scope.resource, conflict: nil, deps: deps, context: context,
                                                 status: .unprocessableContent)
        } catch let conflict as LibraryRepository.EditConflict {
            // Nothing was written: the editor's text stays in the form, the one saved meanwhile beside it, and the
            // form now starts from that version, so that saving again replaces it knowingly.
            var values = context.form
            values["version"] = String(conflict.current.version)
            let refused = [FieldError("body", "Someone saved this resource while you were editing: compare, then save again")]
            return try await ResourceForm.render(FormState(values: values, errors: refused), community: scope.community,
                                                 resource: scope.resource, conflict: conflict, deps: deps, context: context,
                                                 status: .conflict)
        }
    }

    // MARK: Reading

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        return try await ResourcePage.render(scope, deps: deps, context: context)
    }

    @Sendable func history(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        let versions = try await deps.library.versions(resourceID: scope.resource.id)
        return try ResourceHistoryPage.render(scope, versions: versions, deps: deps, context: context)
    }

    /// What changed between two versions (`?from=2&to=5`; by default, the latest against the one before).
    @Sendable func changes(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        let versions = try await deps.library.versions(resourceID: scope.resource.id)
        let current = scope.resource.version
        let to = request.uri.queryParameters.get("to").flatMap(Int.init) ?? current
        let from = request.uri.queryParameters.get("from").flatMap(Int.init) ?? max(to - 1, 1)
        guard let old = versions.first(where: { $0.number == from }), let new = versions.first(where: { $0.number == to }) else {
            throw HTTPError(.notFound)
        }
        return try ResourceHistoryPage.renderChanges(scope, from: old, to: new, deps: deps, context: context)
    }

    // MARK: Acting on it

    @Sendable func restore(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        try deps.enforce(scope.check(.steer), request, community: scope.community)
        guard let number = context.form["version"].flatMap(Int.init) else {
            throw HTTPError(.unprocessableContent, message: say("Choose the version to restore."))
        }
        let reason = try validatedReason(context.form["reason"], required: false)
        do {
            let version = try await deps.library.restore(id: scope.resource.id, number: number, actorID: context.viewer!.member.id,
                                                         reason: reason.isEmpty ? say("Restored version \("version", number)") : reason)
            return redirect(to: Site.library.show(scope.resource.id),
                            flash: "Version \("old", number) restored: it is now version \("version", version).")
        } catch StoreError.notFound {
            throw HTTPError(.notFound)
        }
    }

    /// Stewards feature a resource on the community's page (`featured=off` stops).
    @Sendable func feature(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        try deps.enforce(scope.check(.steer), request, community: scope.community)
        let featuring = context.form["featured"] != "off"
        try await deps.library.setFeatured(id: scope.resource.id, featuring)
        let done: Phrase = featuring ? "Featured on the community's page." : "No longer featured."
        return redirect(to: Site.library.show(scope.resource.id), flash: done)
    }

    /// Marks the resource useful for the member, or takes the mark back (`useful=off`); twice is once.
    @Sendable func useful(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        let marking = context.form["useful"] != "off"
        try await deps.library.setUseful(resourceID: scope.resource.id, memberID: context.viewer!.member.id, marking)
        let done: Phrase = marking ? "Marked useful. Thank you." : "Mark taken back."
        return redirect(to: Site.library.show(scope.resource.id), flash: done)
    }
}
