import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// Workshops: facilitators and stewards schedule them, edit them and move them through their states; members of
/// the community read them.
struct WorkshopController {
    let deps: WorkshopsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.workshops.new, use: new)
        router.post(Site.workshops.create, use: create)
        router.get(Site.workshops.show, use: show)
        router.get(Site.workshops.edit, use: edit)
        router.post(Site.workshops.show, use: update)
        router.post(Site.workshops.state, use: move)
    }

    // MARK: Scheduling

    /// The form for a new workshop, for a challenge when `?challenge=` names one.
    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await leadingCommunity(request, context: context)
        let zone = ViewerZone.from(request) ?? TimeZone(identifier: "UTC")!
        let start = Date().addingTimeInterval(7 * 86400)
        let day = LocalTime.fields(start, in: zone).day
        var values = ["date": day, "startTime": "14:00", "endTime": "16:00", "timeZone": zone.identifier,
                      "capacity": "12", "facilitator-\(context.viewer!.member.id)": "on"]
        if let challenge = request.uri.queryParameters.get("challenge") { values["challenge"] = challenge }
        return try await renderForm(FormState(values: values), community: community, workshopID: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await leadingCommunity(request, context: context)
        do {
            let draft = try WorkshopDraft.validate(context.form)
            let id = try await deps.workshops.create(draft, communityID: community.id,
                                                         createdBy: context.viewer!.member.id)
            return redirect(to: Site.workshops.show(id), flash: "Workshop saved as a draft. Add its agenda, then publish it.")
        } catch let invalid as ValidationErrors {
            return try await renderForm(FormState(values: context.form, errors: invalid.errors), community: community,
                                        workshopID: nil, context: context, status: .unprocessableContent)
        } catch StoreError.conflict(let field) {
            return try await renderForm(FormState(values: context.form, errors: [Self.choiceError(field)]),
                                        community: community, workshopID: nil, context: context,
                                        status: .unprocessableContent)
        }
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, scope: scope)
        let w = scope.workshop
        let zone = LocalTime.zone(w.timeZone) ?? TimeZone(identifier: "UTC")!
        let start = LocalTime.fields(w.startsAt, in: zone), end = LocalTime.fields(w.endsAt, in: zone)
        var values = ["title": w.title, "purpose": w.purpose, "challenge": w.challengeID.map(String.init) ?? "",
                      "date": start.day, "startTime": start.clock, "endTime": end.clock, "timeZone": w.timeZone,
                      "place": w.place, "callLink": w.callLink, "capacity": String(w.capacity)]
        for idea in try await deps.workshops.ideas(workshopID: w.id) { values["idea-\(idea.id)"] = "on" }
        for person in try await deps.workshops.facilitators(workshopID: w.id) { values["facilitator-\(person.id)"] = "on" }
        return try await renderForm(FormState(values: values), community: scope.community, workshopID: w.id, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, scope: scope)
        do {
            let draft = try WorkshopDraft.validate(context.form)
            try await deps.workshops.update(id: scope.workshop.id, draft, communityID: scope.community.id,
                                                actorID: context.viewer!.member.id)
            return redirect(to: Site.workshops.show(scope.workshop.id), flash: "Workshop updated.")
        } catch let invalid as ValidationErrors {
            return try await renderForm(FormState(values: context.form, errors: invalid.errors), community: scope.community,
                                        workshopID: scope.workshop.id, context: context, status: .unprocessableContent)
        } catch StoreError.conflict(let field) where field != "state" {
            let error = field == "capacity"
                ? FieldError("capacity", .plural("{count} person has a seat already: the capacity cannot be lower", "{count} people have a seat already: the capacity cannot be lower", count: scope.workshop.seatsTaken))
                : Self.choiceError(field)
            return try await renderForm(FormState(values: context.form, errors: [error]), community: scope.community,
                                        workshopID: scope.workshop.id, context: context, status: .unprocessableContent)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "This workshop can no longer be changed.")
        }
    }

    static func choiceError(_ field: String) -> FieldError {
        switch field {
        case "ideas": FieldError("ideas", "Choose ideas of this community (of the chosen challenge, if there is one)")
        case "facilitators": FieldError("facilitators", "Choose facilitators among the community's facilitators and stewards")
        default: FieldError("challenge", "Choose a challenge of this community")
        }
    }

    /// Publishes, starts, closes or cancels the workshop; a cancellation needs a reason.
    @Sendable func move(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        guard let move = WorkshopMove(rawValue: context.form["move"] ?? "") else {
            throw HTTPError(.unprocessableContent, message: "Choose what to do.")
        }
        try deps.enforce(scope.check(.move, move: move), request, scope: scope)
        let reason = try validatedReason(context.form["reason"], required: move.needsReason)
        do {
            try await deps.workshops.move(id: scope.workshop.id, move, actorID: context.viewer!.member.id, reason: reason)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "The workshop changed meanwhile: reload the page and try again.")
        }
        return redirect(to: Site.workshops.show(scope.workshop.id), flash: move.done)
    }

    /// The workshop page: when and where, seats, the agenda, the board, and what came out of it.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        let reads = try await WorkshopPage.load(scope, deps: deps, context: context)
        let page = WorkshopPage(scope, reads: reads, zone: ViewerZone.from(request))
        var crumbs = crumbs(scope.community)
        if let id = scope.workshop.challengeID, let title = scope.workshop.challengeTitle {
            crumbs.append(Crumb(title: title, href: Site.challenges.show(id)))
        }
        return try deps.renderer.page("workshops/show", page, context: context, title: scope.workshop.title,
                                      community: scope.community, crumbs: crumbs, follow: reads.follow)
    }

    // MARK: Helpers

    /// The community in the URL when the viewer may schedule workshops there (facilitators and stewards).
    private func leadingCommunity(_ request: Request, context: AppContext) async throws -> Community {
        let scope = try await deps.communityScope(request, context: context)
        let (community, actor) = (scope.community, scope.actor)
        try deps.enforce(WorkshopRules.check(.create, actor: actor, state: .draft), request, community: community)
        return community
    }

    struct FormView {
        var form: FormState
        var action: String
        var isNew: Bool
        var challenges: [Option]
        var zones: [Option]
        var ideas: [IdeaChoice]
        var hasIdeas: Bool
        var facilitators: [Option]
        var cancelLink: String
    }

    struct IdeaChoice {
        var challenge: String
        var options: [Option]
    }

    private func renderForm(_ form: FormState, community: Community, workshopID: Int64?, context: AppContext,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        let linked = form.values.keys.compactMap { $0.hasPrefix("idea-") ? Int64($0.dropFirst(5)) : nil }
        async let challengesRead = deps.challenges.list(communityID: community.id)
        async let ideasRead = deps.workshopChoices.ideas(communityID: community.id, including: linked)
        async let peopleRead = deps.workshopChoices.facilitators(communityID: community.id)
        let (challenges, ideas, people) = try await (challengesRead, ideasRead, peopleRead)
        let chosenChallenge = form.values["challenge"] ?? ""
        var groups: [IdeaChoice] = []
        for idea in ideas {
            let option = Option(value: "idea-\(idea.id)", label: idea.title, selected: form.values["idea-\(idea.id)"] == "on")
            if let last = groups.indices.last, groups[last].challenge == idea.challengeTitle {
                groups[last].options.append(option)
            } else {
                groups.append(IdeaChoice(challenge: idea.challengeTitle, options: [option]))
            }
        }
        let zone = form.values["timeZone"] ?? "UTC"
        let view = FormView(
            form: form, action: workshopID.map { Site.workshops.show($0) } ?? Site.workshops.create(community.slug),
            isNew: workshopID == nil,
            challenges: [Option(value: "", label: say("The whole community"), selected: chosenChallenge.isEmpty)]
                + challenges.map { Option(value: String($0.id), label: $0.title, selected: String($0.id) == chosenChallenge) },
            zones: Self.zoneOptions.map { Option(value: $0, label: $0.replacingOccurrences(of: "_", with: " "), selected: $0 == zone) },
            ideas: groups, hasIdeas: !groups.isEmpty,
            facilitators: people.map { Option(value: "facilitator-\($0.id)", label: "\($0.name) (\($0.organisation))",
                                              selected: form.values["facilitator-\($0.id)"] == "on") },
            cancelLink: workshopID.map { Site.workshops.show($0) } ?? Site.communities.show(community.slug))
        let title = workshopID == nil ? "Schedule a workshop" : "Edit the workshop"
        return try deps.renderer.page("workshops/form", view, context: context, title: title, status: status,
                                          community: community, crumbs: crumbs(community), errors: form.list)
    }

    /// Every zone the system knows, sorted, with UTC first.
    static let zoneOptions: [String] = ["UTC"] + TimeZone.knownTimeZoneIdentifiers.filter { $0 != "UTC" && $0.contains("/") }.sorted()
}
