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
                ? FieldError("capacity", "\(Dates.count(scope.workshop.seatsTaken, "person has", "people have")) a seat already: the capacity cannot be lower")
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

    // MARK: The workshop page

    struct ShowView {
        var id: Int64
        var links: WorkshopLinks
        var title: String
        var state: String
        var stateLabel: String
        var purpose: String
        var challengeID: Int64?
        var challengeLink: String?
        var challengeTitle: String?
        var when: String
        var planned: String?
        var place: String?
        var callLink: String?
        var callHidden: Bool
        var seats: String
        var cancelReason: String?
        var ideas: [Option]
        var hasIdeas: Bool
        var facilitators: [String]
        var yourStatus: String?
        var canRegister: Bool
        var registerLabel: String
        var canWithdraw: Bool
        var withdrawLabel: String
        var join: JoinPrompt?
        var signInLink: String?
        var leads: Bool
        var canEdit: Bool
        var moves: [Option]
        var canCancel: Bool
        /// Something under "Facilitate" (the heading is left out otherwise).
        var facilitates: Bool
        var participants: [OrganisationGroup]
        var hasParticipants: Bool
        var participantCount: String
        var waitingList: [Option]
        var hasWaitingList: Bool
        var canMarkAttendance: Bool
        var agenda: [AgendaLine]
        var hasAgenda: Bool
        var canEditAgenda: Bool
        var boardLink: String?
        var outputs: [Option]
        var hasOutputs: Bool
        var decisions: [String]
        var hasDecisions: Bool
        var isClosed: Bool
        /// For facilitators and stewards of a closed workshop: carry its outputs on into an offering.
        var offeringLink: String?
    }

    struct AgendaLine {
        var id: Int64
        var moveAction: String
        var deleteAction: String
        var title: String
        var kindLabel: String
        var minutes: Int
        var stateLabel: String
        var prompt: String?
        var canChange: Bool
    }

    struct OrganisationGroup {
        var organisation: String
        var people: [Person]
    }

    struct Person {
        var id: Int64
        var name: String
        var attended: String?
        var cameChecked: Bool
        var missedChecked: Bool
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        let w = scope.workshop
        async let ideasRead = deps.workshops.ideas(workshopID: w.id)
        async let facilitatorsRead = deps.workshops.facilitators(workshopID: w.id)
        async let participantsRead = deps.registrations.participants(workshopID: w.id)
        async let agendaRead = deps.agenda.list(workshopID: w.id)
        async let outputsRead = deps.outputs.list(workshopID: w.id)
        async let snapshotRead = w.state == .closed ? deps.board.snapshot(workshopID: w.id, memberID: nil) : nil
        let (ideas, facilitators, participants, agenda) = try await (ideasRead, facilitatorsRead, participantsRead, agendaRead)
        let (outputs, snapshot) = try await (outputsRead, snapshotRead)
        let decisions = snapshot?.notes.filter { $0.decision == true }.map(\.body) ?? []
        let canEditAgenda = scope.check(.edit).isAllowed
        let viewer = ViewerZone.from(request)
        let register = scope.check(.register)
        let seated = participants.filter { $0.status == .registered }
        var groups: [OrganisationGroup] = []
        for person in seated {
            let row = Person(id: person.memberID, name: person.memberName,
                             attended: person.attended.map { $0 ? "came" : "did not come" },
                             cameChecked: person.attended == true, missedChecked: person.attended == false)
            if let i = groups.firstIndex(where: { $0.organisation == person.organisationName }) {
                groups[i].people.append(row)
            } else {
                groups.append(OrganisationGroup(organisation: person.organisationName, people: [row]))
            }
        }
        groups.sort { $0.organisation < $1.organisation }
        let yourStatus: String? = switch scope.visit.registration {
        case .registered: "You have a seat."
        case .waiting: "You are \(scope.visit.waitingPosition.map { $0.ordinal } ?? "") on the waiting list: you get a seat as soon as one is free."
        default: nil
        }
        let seesCall = scope.leads || scope.visit.registration == .registered
        let view = ShowView(
            id: w.id, links: WorkshopLinks(id: w.id), title: w.title, state: w.state.rawValue, stateLabel: w.state.label, purpose: w.purpose,
            challengeID: w.challengeID, challengeLink: w.challengeID.map { Site.challenges.show($0) },
            challengeTitle: w.challengeTitle,
            when: ViewerZone.when(w, viewer: viewer), planned: ViewerZone.planned(w, viewer: viewer),
            place: w.place.isEmpty ? nil : w.place,
            callLink: seesCall && !w.callLink.isEmpty ? w.callLink : nil, callHidden: !seesCall && !w.callLink.isEmpty,
            seats: WorkshopCard.seats(w), cancelReason: w.state == .cancelled ? w.cancelReason : nil,
            ideas: ideas.map { Option(value: Site.ideas.show($0.id), label: $0.title, selected: false) },
            hasIdeas: !ideas.isEmpty, facilitators: facilitators.map { "\($0.name) (\($0.organisationName))" },
            yourStatus: yourStatus,
            canRegister: scope.visit.registration == nil && register.isAllowed,
            registerLabel: w.seatsLeft > 0 ? "Register for a seat" : "Join the waiting list",
            canWithdraw: scope.visit.registration != nil && scope.check(.withdraw).isAllowed,
            withdrawLabel: scope.visit.registration == .waiting ? "Leave the waiting list" : "Give my seat back",
            join: register.asksToJoin ? JoinPrompt(scope.community, next: Site.workshops.show(w.id)) : nil,
            signInLink: register == .signInRequired && w.state.takesRegistrations ? Site.accounts.signIn(query: [("next", Site.workshops.show(w.id))]) : nil,
            leads: scope.leads, canEdit: scope.leads && scope.check(.edit).isAllowed,
            moves: WorkshopMove.allCases.filter { $0 != .cancel && scope.check(.move, move: $0).isAllowed }
                .map { Option(value: $0.rawValue, label: $0.label, selected: false) },
            canCancel: scope.check(.move, move: .cancel).isAllowed,
            facilitates: scope.leads && (scope.check(.edit).isAllowed || WorkshopMove.allCases.contains {
                scope.check(.move, move: $0).isAllowed
            }),
            participants: groups, hasParticipants: !groups.isEmpty,
            participantCount: Dates.count(seated.count, "person has", "people have") + " a seat",
            waitingList: scope.leads ? participants.filter { $0.status == .waiting }
                .map { Option(value: "\($0.waitingPosition ?? 0)", label: "\($0.memberName) (\($0.organisationName))", selected: false) } : [],
            hasWaitingList: scope.leads && w.waiting > 0,
            canMarkAttendance: scope.check(.markAttendance).isAllowed,
            agenda: agenda.map {
                AgendaLine(id: $0.id, moveAction: Site.workshops.moveActivity(w.id, $0.id),
                           deleteAction: Site.workshops.deleteActivity(w.id, $0.id), title: $0.title, kindLabel: $0.kind.label, minutes: $0.minutes,
                           stateLabel: $0.state.label, prompt: $0.prompt.isEmpty ? nil : $0.prompt, canChange: canEditAgenda && $0.state == .pending)
            },
            hasAgenda: !agenda.isEmpty, canEditAgenda: canEditAgenda,
            boardLink: w.state == .running || w.state == .closed || (scope.leads && w.state != .cancelled)
                ? Site.workshops.board(w.id) : nil,
            outputs: outputs.map {
                Option(value: Site.ideas.show($0.ideaID), label: ($0.kind == "idea" ? "New idea: " : "Comment on: ") + $0.ideaTitle,
                       selected: false)
            },
            hasOutputs: !outputs.isEmpty, decisions: decisions, hasDecisions: !decisions.isEmpty, isClosed: w.state == .closed,
            offeringLink: w.state == .closed && OfferingRules.check(.create, actor: scope.actor, state: .concept).isAllowed
                ? Site.offerings.new(scope.community.slug, query: [("workshop", w.id.pathText)]) : nil)
        var crumbs = crumbs(scope.community)
        if let id = w.challengeID, let title = w.challengeTitle { crumbs.append(Crumb(title: title, href: Site.challenges.show(id))) }
        return try deps.renderer.page("workshops/show", view, context: context, title: w.title,
                                          community: scope.community, crumbs: crumbs,
                                          follow: try await deps.follows.button(.workshop(w.id), context: context))
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
            challenges: [Option(value: "", label: "The whole community", selected: chosenChallenge.isEmpty)]
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
