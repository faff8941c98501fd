import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The view model of `offerings/blueprint`: the drawing, every step by column with its own form, the arrows, and
/// the forms to add steps and arrows or seed steps from a workshop. A form that failed comes back with its errors.
struct BlueprintPage {
    struct StepView {
        var id: Int64
        /// Where its forms post: edit, move, delete.
        var editAction: String
        var moveAction: String
        var deleteAction: String
        var column: Int
        var lane: String
        var laneLabel: String
        var body: String
        var marks: String?
        var lanes: [Option]
        var places: [Option]
        var failPoint: Bool
        var waitMinutes: String
        var form: FormState
        var open: Bool
    }
    struct ColumnView { var number: Int; var title: String; var steps: [StepView] }
    /// A field of the form that names the stages.
    struct StageField { var field: String; var label: String; var value: String; var error: String? }
    struct ArrowView { var from: Int64; var to: Int64; var label: String }

    var id: Int64
    var links: OfferingLinks
    var name: String
    var svg: String
    var summary: String
    var columns: [ColumnView]
    var hasSteps: Bool
    var arrows: [ArrowView]
    var hasArrows: Bool
    var stepOptions: [Option]
    var canJoin: Bool
    var addForm: FormState
    var addLanes: [Option]
    var addPlaces: [Option]
    var arrowForm: FormState
    var workshops: [Option]
    var hasWorkshops: Bool
    var seedForm: FormState
    var stageFields: [StageField]
    var stageForm: FormState
    var stagesOpen: Bool
    /// Owners and stewards edit; anyone who may see the offering reads the blueprint.
    var canEdit: Bool

    static func render(_ scope: OfferingScope, deps: OfferingsDependencies, context: AppContext, form: FormState? = nil,
                       formName: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let o = scope.offering
        async let blueprintRead = deps.blueprints.blueprint(offeringID: o.id)
        async let workshopsRead = deps.offeringChoices.blueprintWorkshops(offeringID: o.id)
        let (blueprint, workshops) = try await (blueprintRead, workshopsRead)
        func formFor(_ name: String) -> FormState { formName == name ? form ?? FormState() : FormState() }
        let columns = blueprint.columns
        let stepOptions = blueprint.steps.map { Option(value: String($0.id), label: label($0), selected: false) }
        let addForm = formFor("add").defaulting(["lane": BlueprintLane.customer.rawValue, "place": "end"])
        let view = BlueprintPage(
            id: o.id, links: OfferingLinks(id: o.id), name: o.name,
            svg: OfferingDrawings.framed(OfferingDrawings.blueprint(blueprint, title: o.name)), summary: summary(blueprint),
            columns: (1...max(columns, 1)).compactMap { column in
                let steps = blueprint.steps.filter { $0.column == column }
                guard !steps.isEmpty else { return nil }
                return ColumnView(number: column, title: say(blueprint.stageTitle(column)), steps: steps.map { step in
                    let stepForm = formFor("step-\(step.id)").defaulting([
                        "lane": step.lane.rawValue, "body": step.body, "place": String(step.column),
                        "waitMinutes": step.waitMinutes.map(String.init) ?? "", "failPoint": step.failPoint ? "on" : "",
                    ])
                    return StepView(id: step.id, editAction: Site.offerings.step(o.id, step.id),
                                    moveAction: Site.offerings.moveStep(o.id, step.id),
                                    deleteAction: Site.offerings.deleteStep(o.id, step.id), column: step.column, lane: step.lane.rawValue, laneLabel: step.lane.said,
                                    body: step.body, marks: line(step).marks,
                                    lanes: laneOptions(stepForm.values["lane"]),
                                    places: placeOptions(blueprint, selected: stepForm.values["place"], current: step.column),
                                    failPoint: stepForm.values["failPoint"] == "on", waitMinutes: stepForm.values["waitMinutes"] ?? "",
                                    form: stepForm, open: formName == "step-\(step.id)")
                })
            },
            hasSteps: !blueprint.steps.isEmpty,
            arrows: blueprint.arrows.compactMap { arrow in
                guard let from = blueprint.step(arrow.from), let to = blueprint.step(arrow.to) else { return nil }
                return ArrowView(from: arrow.from, to: arrow.to, label: "\(label(from)) → \(label(to))")
            },
            hasArrows: !blueprint.arrows.isEmpty, stepOptions: stepOptions,
            canJoin: scope.check(.edit).isAllowed && blueprint.steps.count >= 2,
            addForm: addForm, addLanes: laneOptions(addForm.values["lane"]),
            addPlaces: placeOptions(blueprint, selected: addForm.values["place"], current: nil),
            arrowForm: formFor("arrow"),
            workshops: workshops.map { Option(value: String($0.id), label: say(.plural("{workshop} ({count} note in lanes)", "{workshop} ({count} notes in lanes)", count: $0.notes, ["workshop": $0.title])), selected: false) },
            hasWorkshops: scope.check(.edit).isAllowed && !workshops.isEmpty, seedForm: formFor("seed"),
            stageFields: stageFields(blueprint, form: formFor("stages")), stageForm: formFor("stages"), stagesOpen: formName == "stages",
            canEdit: scope.check(.edit).isAllowed)
        var crumbs = crumbs(scope.community)
        crumbs.append(Crumb(title: o.name, href: Site.offerings.show(o.id)))
        return try deps.renderer.page("offerings/blueprint", view, context: context, title: say("Blueprint of \("offering", o.name)"),
                                          status: status, community: scope.community, crumbs: crumbs, errors: form?.list ?? [])
    }

    /// "3. Frontstage: Greets the customer" (3: its stage)
    static func label(_ step: BlueprintStep) -> String {
        "\(step.column). \(step.lane.said): \(step.body.count > 50 ? String(step.body.prefix(49)) + "…" : step.body)"
    }

    static func line(_ step: BlueprintStep) -> OfferingPage.StepLine {
        var marks: [String] = []
        if step.failPoint { marks.append(say("fail point")) }
        if let wait = step.waitMinutes { marks.append(say("wait \("duration", Dates.duration(wait))")) }
        return OfferingPage.StepLine(lane: step.lane.said, body: step.body, marks: marks.isEmpty ? nil : marks.joined(separator: ", "))
    }

    /// "12 steps in 5 columns, 2 fail points, 45 minutes of waiting."
    static func summary(_ blueprint: Blueprint) -> String {
        guard !blueprint.steps.isEmpty else { return say("No steps yet.") }
        let fails = blueprint.steps.filter(\.failPoint).count
        let wait = blueprint.steps.compactMap(\.waitMinutes).reduce(0, +)
        var parts = [say(.plural("{count} step in {stages}", "{count} steps in {stages}", count: blueprint.steps.count,
                                 ["stages": Dates.count(blueprint.columns, "stage", "stages")]))]
        parts.append(fails == 0 ? say("no fail point") : Dates.count(fails, "fail point", "fail points"))
        if wait > 0 { parts.append(say("\("duration", Dates.duration(wait)) of waiting")) }
        return say("\("parts", parts.joined(separator: ", ")).")
    }

    static func laneOptions(_ selected: String?) -> [Option] {
        BlueprintLane.allCases.map { Option(value: $0.rawValue, label: $0.said, selected: $0.rawValue == selected) }
    }

    /// Where a step may go: a new stage at the end, a new stage before each one, or an existing stage.
    static func placeOptions(_ blueprint: Blueprint, selected: String?, current: Int?) -> [Option] {
        var options: [Option] = []
        for column in stride(from: 1, through: blueprint.columns, by: 1) {
            let title = say(blueprint.stageTitle(column))
            options.append(Option(value: String(column), label: column == current ? say("\("stage", title) (where it is)") : say("In \("stage", title)"),
                                  selected: selected == String(column)))
        }
        for column in stride(from: 1, through: blueprint.columns, by: 1) {
            options.append(Option(value: "before-\(column)", label: say("A new stage before \("stage", say(blueprint.stageTitle(column)))"),
                                  selected: selected == "before-\(column)"))
        }
        options.append(Option(value: "end", label: say("A new stage at the end"), selected: selected == "end" || selected == nil))
        return options
    }

    /// One field per column to name its stage, filled with the names it has (or what was typed, after an error).
    static func stageFields(_ blueprint: Blueprint, form: FormState) -> [StageField] {
        stride(from: 1, through: blueprint.columns, by: 1).map { column in
            let field = "stage\(column)"
            return StageField(field: field, label: say("Stage \("column", column)"), value: form.values[field] ?? blueprint.stage(column) ?? "",
                              error: form.errors[field])
        }
    }
}
