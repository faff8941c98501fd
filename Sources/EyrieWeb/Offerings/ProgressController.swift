import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// What the offering's page tracks: KPIs and their measurements, progress updates (which tell the contributors of
/// its ideas) and milestones. Forms post here and come back to the offering's page.
struct ProgressController {
    let deps: OfferingsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.post(Site.offerings.kpis, use: addKpi)
        router.post(Site.offerings.measurements, use: measure)
        router.post(Site.offerings.deleteKpi, use: removeKpi)
        router.post(Site.offerings.updates, use: post)
        router.post(Site.offerings.keepUpdate, use: keep)
        router.post(Site.offerings.milestones, use: addMilestone)
        router.post(Site.offerings.milestoneDone, use: done)
    }

    @Sendable func addKpi(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "kpi", anchor: "kpis") {
            let draft = try KpiDraft.validate(context.form)
            try await deps.kpis.add(draft, offeringID: scope.offering.id)
            return "KPI added: record its first measurement."
        }
    }

    @Sendable func measure(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "measure", anchor: "kpis") {
            guard let kpi = Int64(context.form["kpi"] ?? ""), kpi > 0 else {
                throw ValidationErrors([FieldError("kpi", "Choose the KPI you measured")])
            }
            let draft = try MeasurementDraft.validate(context.form)
            try await deps.kpis.measure(kpiID: kpi, draft, offeringID: scope.offering.id, actorID: context.viewer!.member.id)
            return "Measurement saved."
        }
    }

    @Sendable func removeKpi(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let kpi = try context.parameters.id("kpi")
        return try await change(scope, context: context, form: "kpi", anchor: "kpis") {
            try await deps.kpis.remove(kpiID: kpi, offeringID: scope.offering.id)
            return "KPI removed, with its measurements."
        }
    }

    /// A progress update: the offering's overall progress, told to every contributor of its ideas.
    @Sendable func post(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "update", anchor: "progress") {
            let draft = try ProgressDraft.validate(context.form)
            try await deps.progress.post(draft, offeringID: scope.offering.id, actorID: context.viewer!.member.id)
            return "Update posted: the contributors have been told."
        }
    }

    /// A progress update kept in the library in one step, as a lesson learned crediting its author and linked to the
    /// offering; a second click finds the one already kept.
    @Sendable func keep(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        try deps.enforce(scope.check(.keepUpdate), request, scope: scope)
        let updateID = try context.parameters.id("update")
        let o = scope.offering
        guard let update = try await deps.progress.updates(offeringID: o.id, only: updateID).first else {
            throw HTTPError(.notFound)
        }
        let keeping = WorkLinkRepository.Keeping(
            title: WorkKeeping.fitted(say(WorkKeeping.updateTitle(offering: o.name, day: Dates.day(update.at)))),
            body: WorkKeeping.text(update.note, source: Site.offerings.show(o.id) + "#progress",
                                   label: say(WorkKeeping.updateSource(offering: o.name))),
            language: nil)
        do {
            let kept = try await deps.workLinks.keepUpdate(updateID: update.id, offeringID: o.id, keeping,
                                                           actorID: context.viewer!.member.id)
            let done: Phrase = kept.isNew ? "The update is in the library, its author credited."
                : "This update was already in the library."
            return redirect(to: Site.library.show(kept.id), flash: done)
        } catch StoreError.notFound {
            throw HTTPError(.notFound)
        }
    }

    @Sendable func addMilestone(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        return try await change(scope, context: context, form: "milestone", anchor: "milestones") {
            let draft = try MilestoneDraft.validate(context.form)
            try await deps.progress.addMilestone(draft, offeringID: scope.offering.id)
            return "Milestone added."
        }
    }

    @Sendable func done(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.editableOfferingScope(request, context: context)
        let milestone = try context.parameters.id("milestone")
        let done = context.form["done"] == "yes"
        return try await change(scope, context: context, form: "milestone", anchor: "milestones") {
            try await deps.progress.setDone(milestoneID: milestone, done: done, offeringID: scope.offering.id)
            return done ? "Milestone done." : "Milestone open again."
        }
    }

    // MARK: Helpers

    private func change(_ scope: OfferingScope, context: AppContext, form name: String, anchor: String,
                        _ body: () async throws -> Phrase) async throws -> Response {
        try await OfferingScope.change(redirectTo: Site.offerings.show(scope.offering.id) + "#\(anchor)", body) { invalid in
            try await OfferingPage.render(scope, deps: deps, context: context,
                                          form: FormState(values: context.form, errors: invalid.errors), formName: name,
                                          status: .unprocessableContent)
        }
    }
}
