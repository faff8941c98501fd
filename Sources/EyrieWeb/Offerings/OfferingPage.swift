import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The view model of `offerings/show`: the offering, its design (canvas, blueprint), its measures and progress, where
/// it came from, its history, and the forms its leads use. A form that failed comes back with its errors beside
/// its fields (`formName` says which).
struct OfferingPage {
    struct MoveForm { var value: String; var label: String; var form: FormState; var open: Bool }
    struct Section { var label: String; var hint: String; var entries: [Entry]; var hasEntries: Bool }
    struct Entry { var body: String; var answers: String? }
    struct Column: Hashable, Sendable { var number: Int; var title: String; var steps: [StepLine] }
    struct StepLine: Hashable, Sendable { var lane: String; var body: String; var marks: String? }

    struct KpiRow: TemplateFields {
        var id: Int64
        var deleteAction: String
        var name: String
        var direction: String
        var latest: String
        var latestDay: String
        var baseline: String
        var target: String
        var progress: String
        var met: Bool
        var sparkline: String
        var measurements: String

        init(_ kpi: Kpi, offeringID: Int64) {
            id = kpi.id
            deleteAction = Site.offerings.deleteKpi(offeringID, kpi.id)
            name = kpi.name
            direction = kpi.direction.said
            let style = Messages.current.numberStyle
            latest = kpi.latest.map { kpi.format($0.value, style: style) } ?? say("Not measured yet")
            latestDay = kpi.latest.map { Dates.day($0.day) } ?? ""
            baseline = kpi.format(kpi.baseline, style: style)
            target = kpi.target.map { kpi.format($0, style: style) } ?? say("No target")
            progress = kpi.progress.map { Messages.current.percent(Int($0.rounded())) } ?? "—"
            met = kpi.isMet
            sparkline = OfferingDrawings.sparkline(kpi)
            measurements = Dates.count(kpi.measurements.count, "measurement", "measurements")
        }

        /// Listed by hand: reflecting twenty rows cost more than drawing them.
        var templateFields: [String: Any] {
            ["id": id, "deleteAction": deleteAction, "name": name, "direction": direction, "latest": latest, "latestDay": latestDay,
             "baseline": baseline, "target": target, "progress": progress, "met": met, "sparkline": sparkline,
             "measurements": measurements]
        }
    }

    /// Where the offering came from, rendered once per distinct lineage (fifty ideas and their contributors).
    struct Lineage: TemplateFragment {
        static let template = "offerings/offering-lineage"
        var ideas: [IdeaLine]
        var workshops: [WorkshopLine]
        var contributors: [PeopleGroup]
        var contributorCount: String

        var templateFields: [String: Any] {
            var fields: [String: Any] = [
                "ideas": ideas.map { idea -> [String: Any] in
                    var line: [String: Any] = ["id": idea.id, "href": Site.ideas.show(idea.id), "title": idea.title, "state": idea.state,
                                               "stateLabel": idea.stateLabel, "challenge": idea.challenge]
                    if let merged = idea.merged { line["merged"] = merged }
                    return line
                },
                "workshops": workshops.map { ["id": $0.id, "href": Site.workshops.show($0.id), "title": $0.title, "when": $0.when, "how": $0.how] as [String: Any] },
                "contributors": contributors.map { group in
                    ["organisation": group.organisation,
                     "people": group.people.map { ["id": $0.id, "href": Site.accounts.member($0.id), "name": $0.name] as [String: Any] }] as [String: Any]
                },
                "contributorCount": contributorCount,
            ]
            fields["hasIdeas"] = !ideas.isEmpty
            fields["hasWorkshops"] = !workshops.isEmpty
            return fields
        }
    }
    struct UpdateLine {
        var note: String
        var percent: String
        var who: String
        var when: String
        /// The resource it was kept as, or the form that keeps it (for the offering's leads).
        var keptHref: String?
        var keepAction: String
    }
    struct MilestoneLine { var id: Int64; var doneAction: String; var title: String; var due: String; var done: Bool; var late: Bool; var doneWhen: String? }
    struct IdeaLine: Hashable, Sendable { var id: Int64; var title: String; var state: String; var stateLabel: String; var merged: String?; var challenge: String }
    struct WorkshopLine: Hashable, Sendable { var id: Int64; var title: String; var when: String; var how: String }
    struct PeopleGroup: Hashable, Sendable { var organisation: String; var people: [Person] }
    struct Person: Hashable, Sendable { var id: Int64; var name: String }
    struct EventLine { var when: String; var text: String; var reason: String? }

    var id: Int64
    var links: OfferingLinks
    var name: String
    var promise: String
    var segment: String
    var state: String
    var stateLabel: String
    var owner: String
    var ownerID: Int64?
    var ownerHref: String?
    var organisation: String
    var partners: String?
    var progress: Int
    var showsProgress: Bool
    var progressText: String
    /// The progress bar's fallback text (`40%`, `40 %`).
    var progressShown: String
    var since: String
    var canEdit: Bool
    var moves: [MoveForm]
    var hasMoves: Bool
    /// The canvas, the blueprint and the KPIs' table (`OfferingFragments`, from the fragment cache).
    var canvasHTML: String
    var canvasEmpty: Bool
    var blueprintHTML: String
    var blueprintEmpty: Bool
    var blueprintSummary: String
    var kpiTableHTML: String
    var kpiRemovals: [KpiRemoval]
    var hasKpis: Bool
    var kpiForm: FormState
    var kpiLower: Bool
    var kpiOpen: Bool
    var updates: [UpdateLine]
    var hasUpdates: Bool
    var canKeepUpdates = false
    /// The library's resources linked to it.
    var linkedResources = LinkedResources([])
    var updateForm: FormState
    var milestones: [MilestoneLine]
    var hasMilestones: Bool
    var milestoneForm: FormState
    var milestoneOpen: Bool
    var kpiOptions: [Option]
    var measureForm: FormState
    var lineageHTML: String
    var history: [EventLine]

    /// What the database knows for the page, read side by side.
    struct Reads {
        var canvas: Canvas
        var blueprint: Blueprint
        var kpis: [Kpi]
        var updates: [ProgressUpdate]
        var milestones: [Milestone]
        var lineage: LineageRepository.Lineage
        var history: [OfferingEvent]
        var resources: [WorkLinkRepository.Linked] = []
        var keptUpdates: [Int64: Int64] = [:]
    }

    /// The form to show again (with its errors), by name: "kpi", "measure", "update", "milestone", "move-<move>".
    struct Forms {
        var form: FormState?
        var name: String?

        func state(_ name: String) -> FormState { self.name == name ? form ?? FormState() : FormState() }
        func isOpen(_ name: String) -> Bool { self.name == name }
    }

    static func load(_ scope: OfferingScope, deps: OfferingsDependencies) async throws -> Reads {
        let id = scope.offering.id
        async let canvas = deps.canvases.canvas(offeringID: id)
        async let blueprint = deps.blueprints.blueprint(offeringID: id)
        async let kpis = deps.kpis.kpis(offeringID: id)
        async let updates = deps.progress.updates(offeringID: id)
        async let milestones = deps.progress.milestones(offeringID: id)
        async let lineage = deps.lineage.lineage(offeringID: id)
        async let history = deps.offerings.history(offeringID: id)
        async let resources = deps.workLinks.resources(for: WorkReference(.offering, id))
        async let kept = deps.workLinks.keptUpdates(offeringID: id)
        return try await Reads(canvas: canvas, blueprint: blueprint, kpis: kpis, updates: updates, milestones: milestones,
                               lineage: lineage, history: history, resources: resources, keptUpdates: kept)
    }

    static func render(_ scope: OfferingScope, deps: OfferingsDependencies, context: AppContext, form: FormState? = nil,
                       formName: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        async let follow = deps.follows.button(.offering(scope.offering.id), context: context)
        let reads = try await load(scope, deps: deps)
        // The canvas, the blueprint, the KPIs and the lineage are fragments, rendered once per distinct content and kept.
        let o = scope.offering
        let parts = Parts(
            canvas: deps.renderer.html(CanvasView(canvas: reads.canvas, title: o.name)),
            blueprint: deps.renderer.html(BlueprintView(blueprint: reads.blueprint, title: o.name)),
            kpis: deps.renderer.html(KpiTable(kpis: reads.kpis, offeringID: o.id, name: o.name, canEdit: scope.canEdit)),
            lineage: deps.renderer.html(lineage(reads.lineage)))
        let view = OfferingPage(scope, reads: reads, forms: Forms(form: form, name: formName), parts: parts)
        var crumbs = crumbs(scope.community)
        crumbs.append(Crumb(title: "Offerings", href: Site.offerings.portfolio(scope.community.slug)))
        return try deps.renderer.page("offerings/show", view, context: context, title: scope.offering.name, status: status,
                                      community: scope.community, crumbs: crumbs, errors: form?.list ?? [],
                                      follow: try await follow)
    }

    /// The fragments' HTML.
    struct Parts {
        var canvas: String
        var blueprint: String
        var kpis: String
        var lineage: String
    }

    init(_ scope: OfferingScope, reads: Reads, forms: Forms, parts: Parts, today: Date = Date()) {
        let o = scope.offering
        let (canvas, blueprint, kpis) = (reads.canvas, reads.blueprint, reads.kpis)
        let moves = OfferingMove.available(from: o.state).filter { scope.check(.move, move: $0).isAllowed }
        id = o.id
        links = OfferingLinks(id: o.id)
        name = o.name
        promise = o.promise
        segment = o.segment
        state = o.state.rawValue
        stateLabel = o.state.said
        owner = o.ownerName
        ownerID = o.ownerID
        ownerHref = o.ownerID.map { Site.accounts.member($0) }
        organisation = o.organisationName
        partners = scope.visit.partners.isEmpty ? nil : scope.visit.partners.map(\.name).joined(separator: ", ")
        progress = o.progress
        showsProgress = o.state.showsProgress
        progressText = say(o.state.progressText(o.progress))
        progressShown = Messages.current.percent(o.progress)
        since = Dates.day(o.createdAt)
        canEdit = scope.canEdit
        self.moves = moves.map {
            MoveForm(value: $0.rawValue, label: $0.said, form: forms.state("move-\($0.rawValue)"), open: forms.isOpen("move-\($0.rawValue)"))
        }
        hasMoves = !moves.isEmpty
        canvasHTML = parts.canvas
        canvasEmpty = canvas.entries.isEmpty
        blueprintHTML = parts.blueprint
        blueprintEmpty = blueprint.steps.isEmpty
        blueprintSummary = BlueprintPage.summary(blueprint)
        kpiTableHTML = parts.kpis
        kpiRemovals = kpis.map { KpiRemoval(id: $0.id, action: Site.offerings.deleteKpi(o.id, $0.id)) }
        hasKpis = !kpis.isEmpty
        kpiForm = forms.state("kpi")
        kpiLower = forms.state("kpi").values["direction"] == "lower"
        kpiOpen = forms.isOpen("kpi")
        updates = reads.updates.map {
            UpdateLine(note: $0.note, percent: Messages.current.percent($0.percent), who: $0.authorName, when: Dates.day($0.at),
                       keptHref: reads.keptUpdates[$0.id].map { Site.library.show($0) }, keepAction: Site.offerings.keepUpdate(o.id, $0.id))
        }
        canKeepUpdates = scope.check(.keepUpdate).isAllowed
        linkedResources = LinkedResources(reads.resources)
        hasUpdates = !reads.updates.isEmpty
        updateForm = forms.state("update").defaulting(["percent": String(o.progress)])
        milestones = reads.milestones.map {
            MilestoneLine(id: $0.id, doneAction: Site.offerings.milestoneDone(o.id, $0.id), title: $0.title, due: Dates.day($0.due),
                          done: $0.doneAt != nil, late: $0.isLate(today: today), doneWhen: $0.doneAt.map(Dates.day))
        }
        hasMilestones = !reads.milestones.isEmpty
        milestoneForm = forms.state("milestone")
        milestoneOpen = forms.isOpen("milestone")
        let measureForm = forms.state("measure").defaulting(["day": Day.format(today)])
        kpiOptions = kpis.map { Option(value: String($0.id), label: $0.name, selected: measureForm.values["kpi"] == String($0.id)) }
        self.measureForm = measureForm
        lineageHTML = parts.lineage
        history = reads.history.reversed().map(Self.eventLine)
    }

    /// The canvas's sections with their entries, and what each entry answers or is answered by.
    static func sections(_ list: [CanvasSection], _ canvas: Canvas) -> [Section] {
        list.map { section in
            let entries = canvas.entries(in: section).map { entry in
                let answers = canvas.linked(to: entry.id).map(\.body)
                return Entry(body: entry.body, answers: answers.isEmpty ? nil
                                : CanvasPage.answers(answers, customer: section.isCustomer))
            }
            return Section(label: section.said, hint: say(Phrase(section.hint)), entries: entries, hasEntries: !entries.isEmpty)
        }
    }

    /// The blueprint's steps by column, for the list beside the drawing.
    static func columns(_ blueprint: Blueprint) -> [Column] {
        Dictionary(grouping: blueprint.steps, by: \.column).sorted { $0.key < $1.key }.map {
            Column(number: $0.key, title: say(blueprint.stageTitle($0.key)), steps: $0.value.map(BlueprintPage.line))
        }
    }

    /// Where the offering came from: its ideas, the workshops, the people.
    static func lineage(_ lineage: LineageRepository.Lineage) -> Lineage {
        Lineage(
            ideas: lineage.ideas.map {
                IdeaLine(id: $0.id, title: $0.title, state: $0.state.rawValue, stateLabel: $0.state.said,
                         merged: $0.mergedIntoID.flatMap { into in lineage.ideas.first { $0.id == into }?.title }
                             .map { say("merged into “\("idea", $0)”") },
                         challenge: $0.challengeTitle)
            },
            workshops: lineage.workshops.map {
                WorkshopLine(id: $0.id, title: $0.title, when: Dates.day($0.startsAt),
                             how: $0.how == "linked" ? say("its outputs carried on here") : $0.how == "output" ? say("an idea came out of it") : say("worked on its ideas"))
            },
            contributors: groups(lineage.contributors),
            contributorCount: Dates.count(lineage.contributors.count, "contributor", "contributors"))
    }

    static func groups(_ people: [LineageRepository.Contributor]) -> [PeopleGroup] {
        var groups: [PeopleGroup] = []
        for person in people {
            if let last = groups.indices.last, groups[last].organisation == person.organisation {
                groups[last].people.append(Person(id: person.id, name: person.name))
            } else {
                groups.append(PeopleGroup(organisation: person.organisation, people: [Person(id: person.id, name: person.name)]))
            }
        }
        return groups
    }

    static func eventLine(_ event: OfferingEvent) -> EventLine {
        let text = switch event.kind {
        case "created": say("\("name", event.actorName) made the offering")
        default: say("\("name", event.actorName) moved it from \("from", event.from?.said.lowercased() ?? "?") to \("to", event.to?.said.lowercased() ?? "?")")
        }
        return EventLine(when: Dates.day(event.at), text: text, reason: event.reason.isEmpty ? nil : event.reason)
    }
}

extension FormState {
    /// The form with `defaults` for fields it has no value for (a fresh form's starting values).
    func defaulting(_ defaults: [String: String]) -> FormState {
        var copy = self
        for (key, value) in defaults where copy.values[key] == nil { copy.values[key] = value }
        return copy
    }
}
