import EyrieCore
import Foundation
import Testing

/// The design parts of an offering: blueprint validation and edits, the canvas's fit, and KPI maths.
struct OfferingDesignTests {
    /// Customer enters, frontstage greets, backstage prepares; then the customer signs alone.
    static let sample = Blueprint(steps: [
        BlueprintStep(id: 1, lane: .customer, column: 1, body: "Walks in"),
        BlueprintStep(id: 2, lane: .frontstage, column: 1, body: "Greets"),
        BlueprintStep(id: 3, lane: .backstage, column: 1, body: "Prints the contract"),
        BlueprintStep(id: 4, lane: .customer, column: 2, body: "Signs", failPoint: true, waitMinutes: 10),
    ], arrows: [BlueprintArrow(from: 1, to: 2), BlueprintArrow(from: 2, to: 3)])

    func layout(_ b: Blueprint) -> [String] { b.steps.map { "\($0.id)@\($0.lane.rawValue)\($0.column)" } }

    @Test func aValidBlueprintHasNoProblems() {
        #expect(Self.sample.problems().isEmpty)
        #expect(Self.sample.columns == 2)
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        var name: String
        var blueprint: Blueprint
        var message: String
        var testDescription: String { name }
    }

    static let broken: [Broken] = [
        Broken(name: "two steps in one cell", blueprint: Blueprint(steps: [
            BlueprintStep(id: 1, lane: .customer, column: 1, body: "A"), BlueprintStep(id: 2, lane: .customer, column: 1, body: "B"),
        ]), message: "Column 1 already has a step in Customer actions"),
        Broken(name: "a gap between columns", blueprint: Blueprint(steps: [
            BlueprintStep(id: 1, lane: .customer, column: 1, body: "A"), BlueprintStep(id: 2, lane: .support, column: 3, body: "B"),
        ]), message: "Column 2 has no step: columns follow each other without gaps"),
        Broken(name: "an arrow to a missing step", blueprint: Blueprint(steps: [
            BlueprintStep(id: 1, lane: .customer, column: 1, body: "A"),
        ], arrows: [BlueprintArrow(from: 1, to: 9)]), message: "Arrows join two steps of this blueprint"),
        Broken(name: "a cycle", blueprint: Blueprint(steps: sample.steps, arrows: sample.arrows + [BlueprintArrow(from: 3, to: 1)]),
               message: "Arrows may not go round in a circle"),
        Broken(name: "a loop on one step", blueprint: Blueprint(steps: sample.steps, arrows: [BlueprintArrow(from: 4, to: 4)]),
               message: "An arrow joins two different steps"),
    ]

    @Test(arguments: broken)
    func invalidBlueprintsAreFound(_ case_: Broken) {
        #expect(case_.blueprint.problems().map(\.message).contains(case_.message))
    }

    @Test func addingAtTheEndInAFreeCellOrBeforeAColumn() throws {
        let step = BlueprintStepDraft(lane: .support, body: "CRM record")
        #expect(layout(try Self.sample.adding(step, id: 9, at: .end)) == ["1@customer1", "2@frontstage1", "3@backstage1", "4@customer2", "9@support3"])
        #expect(layout(try Self.sample.adding(step, id: 9, at: .column(2))) == ["1@customer1", "2@frontstage1", "3@backstage1", "4@customer2", "9@support2"])
        #expect(layout(try Self.sample.adding(step, id: 9, at: .before(1))) == ["9@support1", "1@customer2", "2@frontstage2", "3@backstage2", "4@customer3"])
        #expect(throws: ValidationErrors([FieldError("place", "Column 2 already has a step in Customer actions: choose another column or a new one")])) {
            _ = try Self.sample.adding(BlueprintStepDraft(lane: .customer, body: "Pays"), id: 9, at: .column(2))
        }
        #expect(throws: ValidationErrors([FieldError("place", "There is no column 5 yet")])) {
            _ = try Self.sample.adding(step, id: 9, at: .column(5))
        }
    }

    @Test func movingLeftAndRightSwapsWithinTheLaneAndClosesEmptyColumns() throws {
        // Step 4 alone in column 2 moves left into column 1, where the customer lane is taken: they change places.
        #expect(layout(try Self.sample.moving(4, by: -1)) == ["4@customer1", "2@frontstage1", "3@backstage1", "1@customer2"])
        // Step 3 moves right into column 2 (free in its lane).
        #expect(layout(try Self.sample.moving(3, by: 1)) == ["1@customer1", "2@frontstage1", "4@customer2", "3@backstage2"])
        // Step 2 shares column 1: moving it left gives it a new first column.
        #expect(layout(try Self.sample.moving(2, by: -1)) == ["2@frontstage1", "1@customer2", "3@backstage2", "4@customer3"])
        #expect(throws: ValidationErrors([FieldError("move", "This step is already the last")])) { _ = try Self.sample.moving(4, by: 1) }
        // Alone in the last column, moved left into a free cell of its lane: its old column closes.
        let alone = Blueprint(steps: [BlueprintStep(id: 1, lane: .customer, column: 1, body: "A"),
                                      BlueprintStep(id: 2, lane: .backstage, column: 2, body: "B")])
        #expect(layout(try alone.moving(2, by: -1)) == ["1@customer1", "2@backstage1"])
    }

    @Test func stageNamesFollowTheirColumnsThroughEdits() throws {
        // setup: the two columns named
        let named = try Self.sample.naming(["stage1": "  Arrives ", "stage2": "Signs up", "stage9": "ignored"])
        #expect(named.stages == ["Arrives", "Signs up"] && named.stageTitle(2) == "Stage 2: Signs up")
        // a new stage before the first moves both names on; the new one is unnamed
        let before = try named.adding(BlueprintStepDraft(lane: .support, body: "Books"), id: 9, at: .before(1))
        #expect(before.stages == ["", "Arrives", "Signs up"] && before.stageTitle(1) == "Stage 1")
        // emptying a column takes its name with it
        let removed = try named.removing(4)
        #expect(removed.stages == ["Arrives"] && removed.columns == 1)
        // a step moved to a new first column opens an unnamed stage there
        let moved = try named.moving(3, by: -1)
        #expect(moved.stages == ["", "Arrives", "Signs up"])
        // names too long are refused beside their field; empty ones leave a stage unnamed
        #expect(throws: ValidationErrors([FieldError("stage2", "A stage's name is at most 60 characters")])) {
            _ = try named.naming(["stage1": "Ok", "stage2": String(repeating: "x", count: 61)])
        }
        #expect(try named.naming(["stage1": "", "stage2": ""]).stages.isEmpty)
        #expect(try named.naming(["stage1": "", "stage2": "Signs"]).stages == ["", "Signs"])
    }

    @Test func changingLaneKeepsTheColumnUnlessTaken() throws {
        let edited = try Self.sample.editing(4, BlueprintStepDraft(lane: .support, body: "Archives", failPoint: false))
        #expect(layout(edited) == ["1@customer1", "2@frontstage1", "3@backstage1", "4@support2"])
        #expect(edited.step(4)?.body == "Archives" && edited.step(4)?.failPoint == false)
        #expect(throws: ValidationErrors([FieldError("place", "Column 1 already has a step in Frontstage: choose another column or a new one")])) {
            _ = try Self.sample.editing(3, BlueprintStepDraft(lane: .frontstage, body: "Prints"))
        }
    }

    @Test func arrowsJoinExistingStepsWithoutCycles() throws {
        let joined = try Self.sample.adding(BlueprintArrow(from: 3, to: 4))
        #expect(joined.arrows.count == 3)
        #expect(throws: ValidationErrors([FieldError("to", "Arrows may not go round in a circle")])) {
            _ = try joined.adding(BlueprintArrow(from: 4, to: 1))
        }
        #expect(throws: ValidationErrors([FieldError("to", "Choose the step the arrow leads to")])) {
            _ = try joined.adding(BlueprintArrow(from: 4, to: 99))
        }
        #expect(throws: ValidationErrors([FieldError("to", "These two steps are joined already")])) {
            _ = try joined.adding(BlueprintArrow(from: 1, to: 2))
        }
        // Removing a step takes its arrows and closes its column.
        let removed = try joined.removing(Int64(4))
        #expect(removed.arrows == [BlueprintArrow(from: 1, to: 2), BlueprintArrow(from: 2, to: 3)])
        #expect(removed.columns == 1)
    }

    @Test func seedingFromAWorkshopReadsTheNotesTopToBottomThenOnInTime() throws {
        let seeded = try Self.sample.seeding([(.customer, "Calls"), (.frontstage, "Answers"), (.support, "Logs it"),
                                              (.customer, "Waits"), (.evidence, "Letter"), (.backstage, "Checks")], firstID: 100)
        #expect(layout(seeded).suffix(6) == ["100@customer3", "101@frontstage3", "102@support3", "103@customer4",
                                             "104@evidence5", "105@backstage5"])
        #expect(seeded.problems().isEmpty)
    }

    @Test func stepFormsAreCheckedFieldByField() {
        do {
            _ = try BlueprintStepDraft.validate(["lane": "attic", "body": "", "waitMinutes": "-5", "place": "left"])
            Issue.record("accepted")
        } catch let invalid as ValidationErrors {
            #expect(invalid.errors.map(\.field) == ["lane", "body", "waitMinutes", "place"])
        } catch { Issue.record("\(error)") }
        let ok = try? BlueprintStepDraft.validate(["lane": "backstage", "body": "Checks ID", "failPoint": "on",
                                                   "waitMinutes": "15", "place": "before-2"])
        #expect(ok == BlueprintStepDraft(lane: .backstage, body: "Checks ID", failPoint: true, waitMinutes: 15))
    }

    @Test func waitsReadAsPeopleSayThem() {
        #expect([0, 5, 60, 150, 1440, 1500, 2880, 10_080].map(BlueprintStep.duration)
                    == ["0 min", "5 min", "1 h", "2 h 30 min", "1 day", "1 day 1 h", "2 days", "7 days"])
    }

    // MARK: Canvas

    static let canvas = Canvas(entries: [
        CanvasEntry(id: 1, section: .pains, position: 1, body: "Waiting on hold"),
        CanvasEntry(id: 2, section: .gains, position: 1, body: "Working on day one"),
        CanvasEntry(id: 3, section: .relievers, position: 1, body: "Callback within an hour"),
        CanvasEntry(id: 4, section: .creators, position: 1, body: "Pre-configured device"),
        CanvasEntry(id: 5, section: .jobs, position: 1, body: "Start selling online"),
    ], fits: [CanvasFit(from: 3, to: 1)])

    @Test func relieversAnswerPainsAndCreatorsAnswerGains() {
        #expect(Self.canvas.checkFit(from: 4, to: 2) == nil)
        #expect(Self.canvas.checkFit(from: 4, to: 1) == FieldError("to", "Choose a gain this creator brings"))
        #expect(Self.canvas.checkFit(from: 3, to: 2) == FieldError("to", "Choose a pain this reliever takes away"))
        #expect(Self.canvas.checkFit(from: 5, to: 1) == FieldError("from", "Only pain relievers and gain creators answer something"))
        #expect(Self.canvas.checkFit(from: 3, to: 1) == FieldError("to", "These two are linked already"))
        #expect(Self.canvas.checkFit(from: 42, to: 1)?.field == "from")
        #expect(Self.canvas.linked(to: 1).map(\.id) == [3])
        #expect(Self.canvas.unanswered.map(\.id) == [2])
        #expect(Self.canvas.entries.map(\.section) == [.jobs, .pains, .gains, .relievers, .creators])
    }

    // MARK: KPIs

    static func kpi(_ direction: KpiDirection, baseline: Double, target: Double?, values: [Double]) -> Kpi {
        Kpi(id: 1, name: "K", unit: "min", direction: direction, baseline: baseline, target: target,
            measurements: values.enumerated().map { KpiMeasurement(day: Date(timeIntervalSince1970: Double($0.offset) * 86400), value: $0.element) })
    }

    struct Progress: Sendable, CustomTestStringConvertible {
        var direction: KpiDirection
        var baseline: Double
        var target: Double?
        var latest: Double?
        var progress: Double?
        var met: Bool
        var testDescription: String { "\(direction) \(baseline)→\(target.map { "\($0)" } ?? "none") at \(latest.map { "\($0)" } ?? "none")" }
    }

    static let progress: [Progress] = [
        Progress(direction: .higher, baseline: 20, target: 80, latest: 50, progress: 50, met: false),
        Progress(direction: .higher, baseline: 20, target: 80, latest: 95, progress: 125, met: true),
        Progress(direction: .higher, baseline: 20, target: 80, latest: 10, progress: -50 / 3, met: false),
        Progress(direction: .lower, baseline: 30, target: 10, latest: 15, progress: 75, met: false),
        Progress(direction: .lower, baseline: 30, target: 10, latest: 8, progress: 110, met: true),
        Progress(direction: .lower, baseline: 30, target: 10, latest: 40, progress: -50, met: false),
        Progress(direction: .higher, baseline: 20, target: nil, latest: 50, progress: nil, met: false),
        Progress(direction: .higher, baseline: 20, target: 80, latest: nil, progress: nil, met: false),
        // Baseline equal to target: met or not, by the direction.
        Progress(direction: .higher, baseline: 5, target: 5, latest: 5, progress: 100, met: true),
        Progress(direction: .higher, baseline: 5, target: 5, latest: 4, progress: 0, met: false),
        Progress(direction: .lower, baseline: 5, target: 5, latest: 4, progress: 100, met: true),
    ]

    @Test(arguments: progress)
    func kpiProgressToTarget(_ row: Progress) {
        let k = Self.kpi(row.direction, baseline: row.baseline, target: row.target, values: row.latest.map { [1, $0] } ?? [])
        #expect(k.latest?.value == row.latest)
        if let expected = row.progress {
            #expect(abs((k.progress ?? .nan) - expected) < 1e-9)
        } else {
            #expect(k.progress == nil)
        }
        #expect(k.isMet == row.met)
    }

    @Test func numbersAreReadAsPeopleTypeThem() {
        var errors: [FieldError] = []
        #expect(Number.parse("1,200", field: "v", label: "v", required: true, into: &errors) == 1200)
        #expect(Number.parse("12,5", field: "v", label: "v", required: true, into: &errors) == 12.5)
        #expect(Number.parse(" -3.25 ", field: "v", label: "v", required: true, into: &errors) == -3.25)
        #expect(Number.parse("1 200 000", field: "v", label: "v", required: true, into: &errors) == 1_200_000)
        #expect(errors.isEmpty)
        #expect(Number.parse("", field: "t", label: "the target", required: false, into: &errors) == nil)
        #expect(errors.isEmpty)
        #expect(Number.parse("nan", field: "v", label: "the value", required: true, into: &errors) == nil)
        #expect(Number.parse("1e13", field: "w", label: "the value", required: true, into: &errors) == nil)
        #expect(errors.map(\.field) == ["v", "w"])
        #expect(Self.kpi(.higher, baseline: 0, target: 1, values: []).format(1234.6) == "1,235 min")
        #expect(Self.kpi(.higher, baseline: 0, target: 1, values: []).format(12.25) == "12.25 min")
        #expect([0, 5, -0.5, 0.1, 99.999, 100.4, 1_234_567.8, -2_500, 0.004].map { Kpi.number($0) }
                    == ["0", "5", "-0.5", "0.1", "100", "100", "1,234,568", "-2,500", "0"])
    }

    @Test func theFunnelCountsIdeasUpToTheFurthestStageTheyReached() {
        let funnel = ServiceFunnel.build(furthest: [.submitted: 5, .shortlisted: 3, .selected: 1, .converted: 2],
                                         offerings: 2, piloted: 1, launched: 1)
        #expect(funnel.stages.map(\.count) == [11, 6, 3, 3, 2, 2, 1, 1])
        #expect(funnel.reading == "11 ideas submitted led to 1 launched service.")
    }
}
