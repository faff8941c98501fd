import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// Service offerings: facilitators and stewards make them from selected ideas and closed workshops, their owners
/// and the community's leads edit and move them; everyone who may see the community reads them.
struct OfferingController {
    let deps: OfferingsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.offerings.new, use: new)
        router.post(Site.offerings.portfolio, use: create)
        router.get(Site.offerings.show, use: show)
        router.get(Site.offerings.edit, use: edit)
        router.post(Site.offerings.show, use: update)
        router.post(Site.offerings.state, use: move)
    }

    /// The form for a new offering; `?idea=` and `?workshop=` tick what it starts from.
    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await leadingCommunity(request, context: context)
        var values = ["owner": String(context.viewer!.member.id), "organisation": String(context.viewer!.member.organisationID)]
        if let idea = request.uri.queryParameters.get("idea").flatMap(Int64.init) { values["idea-\(idea)"] = "on" }
        if let workshop = request.uri.queryParameters.get("workshop").flatMap(Int64.init) { values["workshop-\(workshop)"] = "on" }
        return try await renderForm(FormState(values: values), community: community, offeringID: nil, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await leadingCommunity(request, context: context)
        do {
            let draft = try OfferingDraft.validate(context.form)
            let id = try await deps.offerings.create(draft, communityID: community.id, actorID: context.viewer!.member.id)
            return redirect(to: Site.offerings.show(id),
                            flash: "Offering made. Its ideas now point to it, and their authors have been told.")
        } catch let invalid as ValidationErrors {
            return try await renderForm(FormState(values: context.form, errors: invalid.errors), community: community,
                                        offeringID: nil, context: context, status: .unprocessableContent)
        } catch let unavailable as OfferingRepository.Unavailable {
            return try await renderForm(FormState(values: context.form, errors: [FieldError(unavailable.field, unavailable.message)]),
                                        community: community, offeringID: nil, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        return try await OfferingPage.render(scope, deps: deps, context: context)
    }

    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, scope: scope)
        let o = scope.offering
        var values = ["name": o.name, "promise": o.promise, "segment": o.segment, "owner": o.ownerID.map(String.init) ?? "",
                      "organisation": String(o.organisationID)]
        for partner in scope.visit.partners { values["partner-\(partner.id)"] = "on" }
        return try await renderForm(FormState(values: values), community: scope.community, offeringID: o.id, context: context)
    }

    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, scope: scope)
        do {
            let details = try OfferingDetails.validate(context.form)
            try await deps.offerings.update(id: scope.offering.id, details, actorID: context.viewer!.member.id)
            return redirect(to: Site.offerings.show(scope.offering.id), flash: "Offering updated.")
        } catch let invalid as ValidationErrors {
            return try await renderForm(FormState(values: context.form, errors: invalid.errors), community: scope.community,
                                        offeringID: scope.offering.id, context: context, status: .unprocessableContent)
        } catch let unavailable as OfferingRepository.Unavailable {
            return try await renderForm(FormState(values: context.form, errors: [FieldError(unavailable.field, unavailable.message)]),
                                        community: scope.community, offeringID: scope.offering.id, context: context,
                                        status: .unprocessableContent)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "A retired offering can no longer be changed.")
        }
    }

    /// Pilots, launches, rethinks or retires the offering; every move says why.
    @Sendable func move(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.offeringScope(request, context: context)
        guard let move = OfferingMove(rawValue: context.form["move"] ?? "") else {
            throw HTTPError(.unprocessableContent, message: "Choose what to do.")
        }
        try deps.enforce(scope.check(.move, move: move), request, scope: scope)
        do {
            let reason = try MoveReason.validate(context.form["reason"])
            try await deps.offerings.move(id: scope.offering.id, move, reason: reason, actorID: context.viewer!.member.id)
        } catch let invalid as ValidationErrors {
            return try await OfferingPage.render(scope, deps: deps, context: context,
                                                 form: FormState(values: context.form, errors: invalid.errors).suffixed(move.rawValue),
                                                 formName: "move-\(move.rawValue)",
                                                 status: .unprocessableContent)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "The offering changed meanwhile: reload the page and try again.")
        }
        return redirect(to: Site.offerings.show(scope.offering.id), flash: move.done)
    }

    // MARK: Helpers

    /// The community in the URL when the viewer may make offerings there (facilitators and stewards).
    private func leadingCommunity(_ request: Request, context: AppContext) async throws -> Community {
        let scope = try await deps.communityScope(request, context: context)
        let (community, actor) = (scope.community, scope.actor)
        try deps.enforce(OfferingRules.check(.create, actor: actor, state: .concept), request, community: community)
        return community
    }

    struct FormView {
        var form: FormState
        var action: String
        var isNew: Bool
        var ideas: [Group]
        var hasIdeas: Bool
        var workshops: [Option]
        var hasWorkshops: Bool
        var owners: [Option]
        var organisations: [Option]
        var partners: [Option]
        var cancelLink: String
    }

    struct Group {
        var title: String
        var options: [Option]
    }

    private func renderForm(_ form: FormState, community: Community, offeringID: Int64?, context: AppContext,
                            status: HTTPResponse.Status = .ok) async throws -> Response {
        async let ideasRead = offeringID == nil ? deps.offeringChoices.selectedIdeas(communityID: community.id) : []
        async let workshopsRead = offeringID == nil ? deps.offeringChoices.closedWorkshops(communityID: community.id) : []
        async let ownersRead = deps.offeringChoices.owners(communityID: community.id)
        async let organisationsRead = deps.organisations.all()
        let (ideas, workshops, owners, organisations) = try await (ideasRead, workshopsRead, ownersRead, organisationsRead)
        var groups: [Group] = []
        for idea in ideas {
            let option = Option(value: "idea-\(idea.id)", label: idea.title, selected: form.values["idea-\(idea.id)"] == "on")
            if let last = groups.indices.last, groups[last].title == idea.challengeTitle {
                groups[last].options.append(option)
            } else {
                groups.append(Group(title: idea.challengeTitle, options: [option]))
            }
        }
        let owner = form.values["owner"] ?? ""
        let view = FormView(
            form: form, action: offeringID.map { Site.offerings.show($0) } ?? Site.offerings.portfolio(community.slug),
            isNew: offeringID == nil, ideas: groups, hasIdeas: !groups.isEmpty,
            workshops: workshops.map { Option(value: "workshop-\($0.id)", label: "\($0.title) (\(Dates.day($0.startsAt)))",
                                              selected: form.values["workshop-\($0.id)"] == "on") },
            hasWorkshops: !workshops.isEmpty,
            owners: owners.map { Option(value: String($0.id), label: "\($0.name) (\($0.organisation))", selected: String($0.id) == owner) },
            organisations: organisations.options(selected: form.values["organisation"]),
            partners: organisations.map { Option(value: "partner-\($0.id)", label: $0.name, selected: form.values["partner-\($0.id)"] == "on") },
            cancelLink: offeringID.map { Site.offerings.show($0) } ?? Site.offerings.portfolio(community.slug))
        let title = offeringID == nil ? "Make an offering" : "Edit the offering"
        return try deps.renderer.page("offerings/form", view, context: context, title: title, status: status,
                                          community: community, crumbs: crumbs(community), errors: form.list)
    }
}
