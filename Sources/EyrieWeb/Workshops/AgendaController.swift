import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The agenda: facilitators add, order and remove activities while the workshop is being prepared or runs, and run
/// the clock (start, pause, resume, extend, finish, next) while it runs.
struct AgendaController {
    let deps: WorkshopsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.workshops.newActivity, use: new)
        router.post(Site.workshops.agenda, use: add)
        router.post(Site.workshops.moveActivity, use: move)
        router.post(Site.workshops.deleteActivity, use: delete)
        router.post(Site.workshops.clock, use: clock)
        router.post(Site.workshops.nextActivity, use: next)
    }

    struct FormView {
        var id: Int64
        var links: WorkshopLinks
        var title: String
        var form: FormState
        var kinds: [Option]
    }

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, scope: scope)
        return try render(scope, FormState(values: ["kind": "brainstorm", "minutes": "15", "dots": "5", "maxPerItem": "3"]),
                          context: context)
    }

    private func render(_ scope: WorkshopScope, _ form: FormState, context: AppContext,
                        status: HTTPResponse.Status = .ok) throws -> Response {
        let view = FormView(id: scope.workshop.id, links: WorkshopLinks(id: scope.workshop.id), title: scope.workshop.title, form: form,
                            kinds: ActivityKind.allCases.map {
                                Option(value: $0.rawValue, label: "\($0.said) — \($0.instructions)",
                                       selected: $0.rawValue == form.values["kind"])
                            })
        var crumbs = crumbs(scope.community)
        crumbs.append(Crumb(title: scope.workshop.title, href: Site.workshops.show(scope.workshop.id)))
        return try deps.renderer.page("workshops/activity", view, context: context, title: "Add an activity",
                                          status: status, community: scope.community, crumbs: crumbs, errors: form.list)
    }

    @Sendable func add(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, scope: scope)
        do {
            let draft = try ActivityDraft.validate(context.form)
            try await changed { try await deps.agenda.add(draft, workshopID: scope.workshop.id, actorID: context.viewer!.member.id) }
            return redirect(to: Site.workshops.show(scope.workshop.id) + "#agenda", flash: "Activity added to the agenda.")
        } catch let invalid as ValidationErrors {
            return try render(scope, FormState(values: context.form, errors: invalid.errors), context: context,
                              status: .unprocessableContent)
        }
    }

    @Sendable func move(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, scope: scope)
        let activity = try context.parameters.id("activity")
        let step = context.form["direction"] == "up" ? -1 : 1
        try await changed {
            try await deps.agenda.move(activityID: activity, by: step, workshopID: scope.workshop.id,
                                           actorID: context.viewer!.member.id)
        }
        return redirect(to: Site.workshops.show(scope.workshop.id) + "#agenda", flash: "Agenda reordered.")
    }

    @Sendable func delete(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, scope: scope)
        let activity = try context.parameters.id("activity")
        try await changed {
            try await deps.agenda.delete(activityID: activity, workshopID: scope.workshop.id,
                                             actorID: context.viewer!.member.id)
        }
        return redirect(to: Site.workshops.show(scope.workshop.id) + "#agenda", flash: "Activity removed.")
    }

    /// Start, pause, resume, extend (by `minutes`) or finish an activity.
    @Sendable func clock(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.runAgenda), request, scope: scope)
        let activity = try context.parameters.id("activity")
        let command: ClockCommand
        switch context.form["command"] ?? "" {
        case "start": command = .start
        case "pause": command = .pause
        case "resume": command = .resume
        case "finish": command = .finish
        case "extend":
            guard let minutes = Int(context.form["minutes"] ?? ""), (1...120).contains(minutes) else {
                throw HTTPError(.unprocessableContent, message: "Extend by 1 to 120 minutes.")
            }
            command = .extend(minutes: minutes)
        default: throw HTTPError(.unprocessableContent, message: "Choose what to do with the clock.")
        }
        try await changed {
            try await deps.agenda.clock(command, activityID: activity, workshopID: scope.workshop.id,
                                            actorID: context.viewer!.member.id)
        }
        return redirect(to: Site.workshops.board(scope.workshop.id), flash: "Clock updated.")
    }

    @Sendable func next(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.runAgenda), request, scope: scope)
        try await changed { try await deps.agenda.advance(workshopID: scope.workshop.id, actorID: context.viewer!.member.id) }
        return redirect(to: Site.workshops.board(scope.workshop.id), flash: "Next activity started.")
    }

    /// Store conflicts as the 422 a facilitator can act on.
    private func changed(_ work: () async throws -> Void) async throws {
        do {
            try await work()
        } catch StoreError.conflict(let what) {
            let message = switch what {
            case "started": "That activity has started: it stays on the agenda."
            case "clock": "The activity changed meanwhile: reload the board."
            default: "The workshop changed meanwhile: reload the page."
            }
            throw HTTPError(.unprocessableContent, message: message)
        }
    }
}
