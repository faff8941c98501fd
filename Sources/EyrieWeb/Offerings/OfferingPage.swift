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
    struct Column: Hashable, Sendable { var number: Int; var steps: [StepLine] }
    struct StepLine: Hashable, Sendable { var lane: String; var body: String; var marks: String? }

    /// The blueprint's steps as a list, column by column: rendered once per distinct blueprint (a page of 200 steps
    /// spent most of its time rendering them on every view).
    struct StepList: TemplateFragment {
        static let template = "offerings/blueprint-steps"
        var columns: [Column]

        var templateFields: [String: Any] {
            ["columns": columns.map { column in
                ["number": column.number, "steps": column.steps.map { step in
                    var fields: [String: Any] = ["lane": step.lane, "body": step.body]
                    if let marks = step.marks { fields["marks"] = marks }
                    return fields
                }] as [String: Any]
            }]
        }
    }
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
    struct UpdateLine { var note: String; var percent: Int; var who: String; var when: String }
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
    var since: String
    var canEdit: Bool
    var moves: [MoveForm]
    var hasMoves: Bool
    var canvasSVG: String
    var customer: [Section]
    var offering: [Section]
    var unanswered: String?
    var canvasEmpty: Bool
    var blueprintSVG: String
    /// The steps as a list (`StepList`, from the fragment cache).
    var stepsHTML: String
    var blueprintEmpty: Bool
    var blueprintSummary: String
    var kpis: [KpiRow]
    var hasKpis: Bool
    var kpiForm: FormState
    var kpiLower: Bool
    var kpiOpen: Bool
    var updates: [UpdateLine]
    var hasUpdates: Bool
    var updateForm: FormState
    var milestones: [MilestoneLine]
    var hasMilestones: Bool
    var milestoneForm: FormState
    var milestoneOpen: Bool
    var kpiOptions: [Option]
    var measureForm: FormState
    var lineageHTML: String
    var history: [EventLine]

    static func render(_ scope: OfferingScope, deps: OfferingsDependencies, context: AppContext, form: FormState? = nil,
                       formName: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let o = scope.offering
        async let canvasRead = deps.canvases.canvas(offeringID: o.id)
        async let blueprintRead = deps.blueprints.blueprint(offeringID: o.id)
        async let kpisRead = deps.kpis.kpis(offeringID: o.id)
        async let updatesRead = deps.progress.updates(offeringID: o.id)
        async let milestonesRead = deps.progress.milestones(offeringID: o.id)
        async let lineageRead = deps.lineage.lineage(offeringID: o.id)
        async let historyRead = deps.offerings.history(offeringID: o.id)
        let (canvas, blueprint, kpis) = try await (canvasRead, blueprintRead, kpisRead)
        let (updates, milestones, lineage, history) = try await (updatesRead, milestonesRead, lineageRead, historyRead)
        let canEdit = scope.canEdit
        func formFor(_ name: String) -> FormState { formName == name ? form ?? FormState() : FormState() }
        let sections = { (list: [CanvasSection]) in
            list.map { section in
                let entries = canvas.entries(in: section).map { entry in
                    let answers = canvas.linked(to: entry.id).map(\.body)
                    return Entry(body: entry.body, answers: answers.isEmpty ? nil
                                    : (section.isCustomer ? "Answered by: " : "Answers: ") + answers.joined(separator: "; "))
                }
                return Section(label: section.label, hint: section.hint, entries: entries, hasEntries: !entries.isEmpty)
            }
        }
        let unanswered = canvas.unanswered
        let today = Date()
        let columns: [Column] = Dictionary(grouping: blueprint.steps, by: \.column).sorted { $0.key < $1.key }.map {
            Column(number: $0.key, steps: $0.value.map(BlueprintPage.line))
        }
        let stepsHTML = deps.renderer.html(StepList(columns: columns))
        let measureForm = formFor("measure").defaulting(["day": Day.format(today)])
        let lineageHTML = deps.renderer.html(Lineage(
            ideas: lineage.ideas.map {
                IdeaLine(id: $0.id, title: $0.title, state: $0.state.rawValue, stateLabel: $0.state.label,
                         merged: $0.mergedIntoID.flatMap { into in lineage.ideas.first { $0.id == into }?.title }
                             .map { "merged into “\($0)”" },
                         challenge: $0.challengeTitle)
            },
            workshops: lineage.workshops.map {
                WorkshopLine(id: $0.id, title: $0.title, when: Dates.day($0.startsAt),
                             how: $0.how == "linked" ? "its outputs carried on here" : $0.how == "output" ? "an idea came out of it" : "worked on its ideas")
            },
            contributors: groups(lineage.contributors),
            contributorCount: Dates.count(lineage.contributors.count, "contributor", "contributors")))
        let view = OfferingPage(
            id: o.id, links: OfferingLinks(id: o.id), name: o.name, promise: o.promise, segment: o.segment, state: o.state.rawValue, stateLabel: o.state.label,
            owner: o.ownerName, ownerID: o.ownerID, ownerHref: o.ownerID.map { Site.accounts.member($0) }, organisation: o.organisationName,
            partners: scope.visit.partners.isEmpty ? nil : scope.visit.partners.map(\.name).joined(separator: ", "),
            progress: o.progress, since: Dates.day(o.createdAt), canEdit: canEdit,
            moves: OfferingMove.available(from: o.state).filter { scope.check(.move, move: $0).isAllowed }.map {
                MoveForm(value: $0.rawValue, label: $0.label, form: formFor("move-\($0.rawValue)"), open: formName == "move-\($0.rawValue)")
            },
            hasMoves: OfferingMove.available(from: o.state).contains { scope.check(.move, move: $0).isAllowed },
            canvasSVG: OfferingDrawings.canvas(canvas, title: o.name),
            customer: sections(CanvasSection.customer), offering: sections(CanvasSection.offering),
            unanswered: unanswered.isEmpty || canvas.entries.isEmpty ? nil
                : "Not answered yet: " + unanswered.map { "“\($0.body)”" }.joined(separator: ", ") + ".",
            canvasEmpty: canvas.entries.isEmpty,
            blueprintSVG: OfferingDrawings.blueprint(blueprint, title: o.name),
            stepsHTML: stepsHTML,
            blueprintEmpty: blueprint.steps.isEmpty,
            blueprintSummary: BlueprintPage.summary(blueprint),
            kpis: kpis.map { kpi in
                KpiRow(id: kpi.id, deleteAction: Site.offerings.deleteKpi(o.id, kpi.id), name: kpi.name, direction: kpi.direction.label,
                       latest: kpi.latest.map { kpi.format($0.value) } ?? "Not measured yet",
                       latestDay: kpi.latest.map { Dates.day($0.day) } ?? "",
                       baseline: kpi.format(kpi.baseline), target: kpi.target.map(kpi.format) ?? "No target",
                       progress: kpi.progress.map { "\(Int($0.rounded())) %" } ?? "—", met: kpi.isMet,
                       sparkline: OfferingDrawings.sparkline(kpi),
                       measurements: Dates.count(kpi.measurements.count, "measurement", "measurements"))
            },
            hasKpis: !kpis.isEmpty, kpiForm: formFor("kpi"), kpiLower: formFor("kpi").values["direction"] == "lower",
            kpiOpen: formName == "kpi",
            updates: updates.map { UpdateLine(note: $0.note, percent: $0.percent, who: $0.authorName, when: Dates.day($0.at)) },
            hasUpdates: !updates.isEmpty, updateForm: formFor("update").defaulting(["percent": String(o.progress)]),
            milestones: milestones.map {
                MilestoneLine(id: $0.id, doneAction: Site.offerings.milestoneDone(o.id, $0.id), title: $0.title, due: Dates.day($0.due), done: $0.doneAt != nil,
                              late: $0.isLate(today: today), doneWhen: $0.doneAt.map(Dates.day))
            },
            hasMilestones: !milestones.isEmpty, milestoneForm: formFor("milestone"), milestoneOpen: formName == "milestone",
            kpiOptions: kpis.map { Option(value: String($0.id), label: $0.name, selected: measureForm.values["kpi"] == String($0.id)) },
            measureForm: measureForm, lineageHTML: lineageHTML,
            history: history.reversed().map(eventLine))
        var crumbs = crumbs(scope.community)
        crumbs.append(Crumb(title: "Offerings", href: Site.offerings.portfolio(scope.community.slug)))
        return try deps.renderer.page("offerings/show", view, context: context, title: o.name, status: status,
                                          community: scope.community, crumbs: crumbs, errors: form?.list ?? [],
                                          follow: try await deps.follows.button(.offering(o.id), context: context))
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
        case "created": "\(event.actorName) made the offering"
        default: "\(event.actorName) moved it from \(event.from?.label.lowercased() ?? "?") to \(event.to?.label.lowercased() ?? "?")"
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
