/// One step of a service blueprint: in one lane, in one column (a moment in time order, shared by every lane).
public struct BlueprintStep: Sendable, Hashable {
    public var id: Int64
    public var lane: BlueprintLane
    /// 1-based; columns are numbered 1…N without gaps.
    public var column: Int
    public var body: String
    /// Where the service is likely to fail the customer.
    public var failPoint: Bool
    /// How long the customer waits at this step, in minutes.
    public var waitMinutes: Int?

    public init(id: Int64, lane: BlueprintLane, column: Int, body: String, failPoint: Bool = false, waitMinutes: Int? = nil) {
        self.id = id; self.lane = lane; self.column = column; self.body = body; self.failPoint = failPoint
        self.waitMinutes = waitMinutes
    }
}

extension BlueprintStep {
    /// "5 min", "2 h 30 min", "1 day 4 h": a wait as people say it.
    public static func duration(_ minutes: Int) -> String {
        let days = minutes / 1440, hours = (minutes % 1440) / 60, rest = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append(days == 1 ? "1 day" : "\(days) days") }
        if hours > 0 { parts.append("\(hours) h") }
        if rest > 0 && days == 0 { parts.append("\(rest) min") }
        return parts.isEmpty ? "0 min" : parts.joined(separator: " ")
    }
}

/// An arrow from one step to another (what triggers what).
public struct BlueprintArrow: Sendable, Equatable, Hashable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) { self.from = from; self.to = to }
}

extension BlueprintLane {
    /// The line drawn under the lane, separating it from the next one down, if any.
    public var lineBelow: Phrase? {
        switch self {
        case .customer: "Line of interaction"
        case .frontstage: "Line of visibility"
        case .backstage: "Line of internal interaction"
        default: nil
        }
    }

    public var row: Int { Self.allCases.firstIndex(of: self)! }
}

/// A service blueprint: steps in lanes and columns, and arrows between them. Every edit goes through here and is
/// validated as a whole: each step in exactly one lane and one column, at most one step per lane in a column,
/// columns numbered 1…N without an empty one, arrows only between existing steps and never in a cycle.
public struct Blueprint: Sendable, Hashable {
    public var steps: [BlueprintStep]
    public var arrows: [BlueprintArrow]
    /// The stages of the journey the columns stand for, by column (element 0 names column 1); "" for one unnamed.
    public var stages: [String]

    public init(steps: [BlueprintStep], arrows: [BlueprintArrow] = [], stages: [String] = []) {
        self.steps = steps.sorted { ($0.column, $0.lane.row) < ($1.column, $1.lane.row) }
        self.arrows = arrows
        self.stages = stages
    }

    /// Longest name of a stage, in characters.
    public static let maxStageName = 60

    /// The stage's name, if it has one.
    public func stage(_ column: Int) -> String? {
        column >= 1 && column <= stages.count && !stages[column - 1].isEmpty ? stages[column - 1] : nil
    }

    /// "Stage 2: Sign up", or "Stage 2" while unnamed.
    public func stageTitle(_ column: Int) -> Phrase {
        stage(column).map { "Stage \("column", column): \("name", $0)" } ?? "Stage \("column", column)"
    }

    /// The blueprint with its stages named from the form's `stage1`…`stageN` (N: its columns); an empty field leaves
    /// a stage unnamed. `ValidationErrors` keyed by field for a name too long.
    public func naming(_ form: [String: String]) throws -> Blueprint {
        var names: [String] = []
        var errors: [FieldError] = []
        for column in stride(from: 1, through: columns, by: 1) {
            let name = (form["stage\(column)"] ?? "").trimmingWhitespace()
            if name.count > Self.maxStageName {
                errors.append(FieldError("stage\(column)", "A stage's name is at most \("most", Self.maxStageName) characters"))
            }
            names.append(name)
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        while names.last == "" { names.removeLast() }
        var named = self
        named.stages = names
        return named
    }

    /// The most steps one blueprint holds.
    public static let maxSteps = 400

    public var columns: Int { steps.map(\.column).max() ?? 0 }

    public func step(_ id: Int64) -> BlueprintStep? { steps.first { $0.id == id } }

    public func step(lane: BlueprintLane, column: Int) -> BlueprintStep? {
        steps.first { $0.lane == lane && $0.column == column }
    }

    /// Every problem with the blueprint as a whole; empty when it is valid.
    public func problems() -> [FieldError] {
        var errors: [FieldError] = []
        var cells = Set<String>()
        for step in steps {
            if step.column < 1 { errors.append(FieldError("column", "Columns are numbered from 1")) }
            if !cells.insert("\(step.lane.rawValue)-\(step.column)").inserted {
                errors.append(FieldError("column", "Column \("column", step.column) already has a step in \("lane", step.lane.label)"))
            }
        }
        let used = Set(steps.map(\.column))
        if let missing = (1...max(columns, 1)).first(where: { !used.contains($0) }), !steps.isEmpty {
            errors.append(FieldError("column", "Column \("column", missing) has no step: columns follow each other without gaps"))
        }
        let ids = Set(steps.map(\.id))
        for arrow in arrows where !ids.contains(arrow.from) || !ids.contains(arrow.to) {
            errors.append(FieldError("to", "Arrows join two steps of this blueprint"))
        }
        if arrows.contains(where: { $0.from == $0.to }) { errors.append(FieldError("to", "An arrow joins two different steps")) }
        if hasCycle { errors.append(FieldError("to", "Arrows may not go round in a circle")) }
        return errors
    }

    /// Whether following the arrows can lead back to where it started.
    var hasCycle: Bool {
        var next: [Int64: [Int64]] = [:]
        for arrow in arrows { next[arrow.from, default: []].append(arrow.to) }
        var state: [Int64: Bool] = [:]  // false: on the current path, true: finished
        func visit(_ id: Int64) -> Bool {
            if let done = state[id] { return !done }
            state[id] = false
            for to in next[id] ?? [] where visit(to) { return true }
            state[id] = true
            return false
        }
        return next.keys.contains { visit($0) }
    }

    /// Removes empty columns, moving the later ones left, so that columns stay 1…N.
    mutating func compact() {
        let used = Set(steps.map(\.column)).sorted()
        let renumber = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0 + 1) })
        for i in steps.indices { steps[i].column = renumber[steps[i].column]! }
        steps.sort { ($0.column, $0.lane.row) < ($1.column, $1.lane.row) }
        // A stage's name goes with its column: an emptied column takes its name with it.
        stages = used.map { $0 >= 1 && $0 <= stages.count ? stages[$0 - 1] : "" }
        while stages.last == "" { stages.removeLast() }
    }

    /// Makes room for a new, unnamed stage at `column`: later names move one column on with their steps.
    mutating func insertStage(at column: Int) {
        if column - 1 < stages.count { stages.insert("", at: max(column - 1, 0)) }
    }

    func validated() throws -> Blueprint {
        let errors = problems()
        guard errors.isEmpty else { throw ValidationErrors([errors[0]]) }
        return self
    }
}

extension Blueprint {
    /// The blueprint as CSV, one row per step in time order, with the steps each one leads to.
    public func csv() -> String {
        var rows = [["step", "column", "lane", "lane_name", "text", "fail_point", "wait_minutes", "leads_to"]]
        for step in steps {
            let next = arrows.filter { $0.from == step.id }.map { String($0.to) }.joined(separator: " ")
            rows.append([String(step.id), String(step.column), step.lane.rawValue, step.lane.label, step.body,
                         step.failPoint ? "yes" : "no", step.waitMinutes.map(String.init) ?? "", next])
        }
        return CSV.document(rows)
    }
}
