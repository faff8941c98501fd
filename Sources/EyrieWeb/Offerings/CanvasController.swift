import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The value proposition canvas's editing page: entries added, edited, reordered and removed per section, and the
/// fit (which reliever takes which pain away, which creator brings which gain) linked and unlinked.
struct CanvasController {
    let deps: OfferingsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.offerings.canvas, use: page)
        router.post(Site.offerings.canvasEntries, use: add)
        router.post(Site.offerings.canvasEntry, use: edit)
        router.post(Site.offerings.moveCanvasEntry, use: move)
        router.post(Site.offerings.deleteCanvasEntry, use: remove)
        router.post(Site.offerings.fits, use: link)
        router.post(Site.offerings.deleteFit, use: unlink)
    }

    /// Anyone who may see the offering reads it; its owners and stewards get the editing forms.
    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        return try await CanvasPage.render(scope, deps: deps, context: context)
    }

    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let section = context.form["section"] ?? ""
        return try await change(scope, context: context, form: "add-\(section)") {
            let draft = try CanvasEntryDraft.validate(context.form)
            try await deps.canvases.add(draft, offeringID: scope.offering.id)
            return "Added to \("section", say(Phrase(draft.section.label)).lowercased())."
        }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let entry = try context.parameters.id("entry")
        return try await change(scope, context: context, form: "entry-\(entry)") {
            var errors: [FieldError] = []
            let body = TextRule("body", "Entry", min: 2, max: 200).check(context.form["body"], into: &errors)
            guard errors.isEmpty else { throw ValidationErrors(errors) }
            try await deps.canvases.edit(entryID: entry, body: body, offeringID: scope.offering.id)
            return "Entry saved."
        }
    }

    @Sendable func move(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let entry = try context.parameters.id("entry")
        return try await change(scope, context: context, form: "entry-\(entry)") {
            let offset = switch context.form["direction"] {
            case "up": -1
            case "down": 1
            default: throw ValidationErrors([FieldError("body", "Choose up or down")])
            }
            try await deps.canvases.move(entryID: entry, by: offset, offeringID: scope.offering.id)
            return "Entry moved."
        }
    }

    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let entry = try context.parameters.id("entry")
        return try await change(scope, context: context, form: "entry-\(entry)") {
            try await deps.canvases.remove(entryID: entry, offeringID: scope.offering.id)
            return "Entry removed."
        }
    }

    @Sendable func link(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "fit") {
            let (from, to) = try Self.pair(context.form)
            try await deps.canvases.link(from: from, to: to, offeringID: scope.offering.id)
            return "Linked."
        }
    }

    @Sendable func unlink(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "fit") {
            let (from, to) = try Self.pair(context.form)
            try await deps.canvases.unlink(from: from, to: to, offeringID: scope.offering.id)
            return "Link removed."
        }
    }

    // MARK: Helpers

    /// Runs the change; 303 back to the canvas page, or 422 with the page and the message beside the form's field.
    private func change(_ scope: OfferingScope, context: AppContext, form name: String,
                        _ body: () async throws -> Phrase) async throws -> Response {
        try await OfferingScope.change(redirectTo: Site.offerings.canvas(scope.offering.id), body) { invalid in
            try await CanvasPage.render(scope, deps: deps, context: context,
                                        form: FormState(values: context.form, errors: invalid.errors)
                                            .suffixed(name == "fit" ? nil : String(name.split(separator: "-", maxSplits: 1).last ?? "")),
                                        formName: name, status: .unprocessableContent)
        }
    }

    static func pair(_ form: [String: String]) throws -> (Int64, Int64) {
        guard let from = Int64(form["from"] ?? ""), from > 0 else {
            throw ValidationErrors([FieldError("from", "Choose a pain reliever or a gain creator")])
        }
        guard let to = Int64(form["to"] ?? ""), to > 0 else {
            throw ValidationErrors([FieldError("to", "Choose the pain or gain it answers")])
        }
        return (from, to)
    }
}
