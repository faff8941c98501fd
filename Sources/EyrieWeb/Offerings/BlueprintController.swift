import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The service blueprint: an editing page of plain forms (add, edit, move left or right, change lane, delete, join
/// with arrows, seed from a workshop), and downloads as SVG and CSV for anyone who may see the offering.
struct BlueprintController {
    let deps: OfferingsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.offerings.blueprint, use: page)
        router.get(Site.offerings.blueprintSVG, use: svg)
        router.get(Site.offerings.blueprintCSV, use: csv)
        router.post(Site.offerings.steps, use: add)
        router.post(Site.offerings.step, use: edit)
        router.post(Site.offerings.moveStep, use: move)
        router.post(Site.offerings.deleteStep, use: remove)
        router.post(Site.offerings.arrows, use: addArrow)
        router.post(Site.offerings.deleteArrow, use: removeArrow)
        router.post(Site.offerings.seedBlueprint, use: seed)
        router.post(Site.offerings.stages, use: nameStages)
    }

    /// Anyone who may see the offering reads it; its owners and stewards get the editing forms.
    @Sendable func page(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        return try await BlueprintPage.render(scope, deps: deps, context: context)
    }

    @Sendable func svg(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        let blueprint = try await deps.blueprints.blueprint(offeringID: scope.offering.id)
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + OfferingDrawings.blueprint(blueprint, title: scope.offering.name)
        return download(body, type: "image/svg+xml; charset=utf-8", name: "blueprint-\(scope.offering.id).svg")
    }

    @Sendable func csv(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        let blueprint = try await deps.blueprints.blueprint(offeringID: scope.offering.id)
        return download(blueprint.csv(), type: "text/csv; charset=utf-8", name: "blueprint-\(scope.offering.id).csv")
    }

    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "add") {
            let draft = try BlueprintStepDraft.validate(context.form)
            let place = BlueprintPlace(context.form["place"]) ?? .end
            return { try $0.adding(draft, id: BlueprintRepository.newStep, at: place) }
        } done: { "Step added." }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let step = try context.parameters.id("step")
        return try await change(scope, context: context, form: "step-\(step)") {
            let draft = try BlueprintStepDraft.validate(context.form)
            let place = BlueprintPlace(context.form["place"])
            return { try $0.editing(step, draft, at: place) }
        } done: { "Step saved." }
    }

    @Sendable func move(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let step = try context.parameters.id("step")
        return try await change(scope, context: context, form: "step-\(step)") {
            let offset = switch context.form["direction"] {
            case "left": -1
            case "right": 1
            default: throw ValidationErrors([FieldError("move", "Choose left or right")])
            }
            return { try $0.moving(step, by: offset) }
        } done: { "Step moved." }
    }

    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let step = try context.parameters.id("step")
        return try await change(scope, context: context, form: "step-\(step)") {
            { try $0.removing(step) }
        } done: { "Step removed, with its arrows." }
    }

    @Sendable func addArrow(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "arrow") {
            let arrow = try Self.arrow(context.form)
            return { try $0.adding(arrow) }
        } done: { "Arrow added." }
    }

    @Sendable func removeArrow(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "arrow") {
            let arrow = try Self.arrow(context.form)
            return { try $0.removing(arrow) }
        } done: { "Arrow removed." }
    }

    /// Names the stages the columns stand for ("Find out", "Sign up", …); an empty field leaves one unnamed.
    @Sendable func nameStages(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let form = context.form
        return try await change(scope, context: context, form: "stages") {
            { try $0.naming(form) }
        } done: { "Stage names saved." }
    }

    /// Appends the steps a workshop drafted on its board (each note once).
    @Sendable func seed(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        guard let workshop = Int64(context.form["workshop"] ?? ""), workshop > 0 else {
            return try await BlueprintPage.render(scope, deps: deps, context: context,
                                                  form: FormState(values: context.form, errors: [FieldError("workshop", "Choose a workshop")]),
                                                  formName: "seed", status: .unprocessableContent)
        }
        do {
            let added = try await deps.blueprints.seed(offeringID: scope.offering.id, workshopID: workshop)
            let flash: Phrase = added == 0 ? "Every step that workshop drafted is on the blueprint already."
                : .plural("{count} step added from the workshop.", "{count} steps added from the workshop.", count: added)
            return redirect(to: Site.offerings.blueprint(scope.offering.id), flash: flash)
        } catch let invalid as ValidationErrors {
            return try await BlueprintPage.render(scope, deps: deps, context: context,
                                                  form: FormState(values: context.form, errors: invalid.errors), formName: "seed",
                                                  status: .unprocessableContent)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "A retired offering can no longer be changed.")
        }
    }

    // MARK: Helpers

    /// The offering, when the viewer may edit it (owner, facilitators, stewards; not once retired).
    /// Validates the form (`prepare` returns the core edit), applies it, and answers 303 to the blueprint page, or
    /// 422 with the page and the message beside the form's field.
    private func change(_ scope: OfferingScope, context: AppContext, form name: String,
                        _ prepare: () throws -> @Sendable (Blueprint) throws -> Blueprint,
                        done: () -> Phrase) async throws -> Response {
        try await OfferingScope.change(redirectTo: Site.offerings.blueprint(scope.offering.id) + "#blueprint-columns", {
            try await deps.blueprints.edit(offeringID: scope.offering.id, try prepare())
            return done()
        }) { invalid in
            try await BlueprintPage.render(scope, deps: deps, context: context,
                                           form: FormState(values: context.form, errors: invalid.errors)
                                               .suffixed(name.hasPrefix("step-") ? "s" + name.dropFirst(5) : nil),
                                           formName: name, status: .unprocessableContent)
        }
    }

    static func arrow(_ form: [String: String]) throws -> BlueprintArrow {
        guard let from = Int64(form["from"] ?? ""), from > 0 else {
            throw ValidationErrors([FieldError("from", "Choose the step the arrow starts from")])
        }
        guard let to = Int64(form["to"] ?? ""), to > 0 else {
            throw ValidationErrors([FieldError("to", "Choose the step the arrow leads to")])
        }
        return BlueprintArrow(from: from, to: to)
    }
}

/// A file to download.
func download(_ body: String, type: String, name: String) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = type
    headers[.contentDisposition] = "attachment; filename=\"\(name)\""
    headers[.cacheControl] = "private, no-store"
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: body)))
}
