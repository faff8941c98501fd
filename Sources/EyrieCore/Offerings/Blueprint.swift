/// One step of a service blueprint: in one lane, in one column (a moment in time order, shared by every lane).
public struct BlueprintStep: Sendable, Equatable {
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
    public var lineBelow: String? {
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
public struct Blueprint: Sendable, Equatable {
    public var steps: [BlueprintStep]
    public var arrows: [BlueprintArrow]

    public init(steps: [BlueprintStep], arrows: [BlueprintArrow] = []) {
        self.steps = steps.sorted { ($0.column, $0.lane.row) < ($1.column, $1.lane.row) }
        self.arrows = arrows
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
                errors.append(FieldError("column", "Column \(step.column) already has a step in \(step.lane.label)"))
            }
        }
        let used = Set(steps.map(\.column))
        if let missing = (1...max(columns, 1)).first(where: { !used.contains($0) }), !steps.isEmpty {
            errors.append(FieldError("column", "Column \(missing) has no step: columns follow each other without gaps"))
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
    }

    func validated() throws -> Blueprint {
        let errors = problems()
        guard errors.isEmpty else { throw ValidationErrors([errors[0]]) }
        return self
    }
}

/// Where a new or moved step goes along the time line.
public enum BlueprintPlace: Sendable, Equatable {
    /// A new column after the last one.
    case end
    /// An existing column (the lane must have no step there yet).
    case column(Int)
    /// A new column just before an existing one.
    case before(Int)

    /// `end`, `3` or `before-3`, as the form's select sends it.
    public init?(_ raw: String?) {
        let value = (raw ?? "").trimmingWhitespace()
        if value == "end" || value.isEmpty { self = .end; return }
        if value.hasPrefix("before-"), let n = Int(value.dropFirst(7)), n >= 1 { self = .before(n); return }
        if let n = Int(value), n >= 1 { self = .column(n); return }
        return nil
    }
}

/// The edits the blueprint's forms make. Each returns the new blueprint, or throws `ValidationErrors` with the
/// message for the field that caused it.
extension Blueprint {
    /// Adds a step (its id is given by the store after the edit is accepted; pass a placeholder not in use).
    public func adding(_ draft: BlueprintStepDraft, id: Int64, at place: BlueprintPlace) throws -> Blueprint {
        guard steps.count < Self.maxSteps else {
            throw ValidationErrors([FieldError("body", "A blueprint holds at most \(Self.maxSteps) steps")])
        }
        var next = self
        let column = try next.makeRoom(for: draft.lane, at: place)
        next.steps.append(BlueprintStep(id: id, lane: draft.lane, column: column, body: draft.body,
                                        failPoint: draft.failPoint, waitMinutes: draft.waitMinutes))
        next.compact()
        return try next.validated()
    }

    /// Changes a step's text, fail point and wait, and moves it to the lane and place the form names.
    public func editing(_ id: Int64, _ draft: BlueprintStepDraft, at place: BlueprintPlace? = nil) throws -> Blueprint {
        guard let index = steps.firstIndex(where: { $0.id == id }) else { throw notFound }
        var next = self
        next.steps[index].body = draft.body
        next.steps[index].failPoint = draft.failPoint
        next.steps[index].waitMinutes = draft.waitMinutes
        if draft.lane != steps[index].lane || (place != nil && place != .column(steps[index].column)) {
            let moved = next.steps.remove(at: index)
            // Its own column still counts while it moves, even if it was the only step there.
            let column = try next.makeRoom(for: draft.lane, at: place ?? .column(moved.column),
                                           columns: max(next.columns, moved.column))
            var placed = moved
            placed.lane = draft.lane
            placed.column = column
            next.steps.append(placed)
        }
        next.compact()
        return try next.validated()
    }

    /// One column earlier (`by: -1`) or later (`by: 1`) in its lane, changing places with the step there, if any.
    public func moving(_ id: Int64, by offset: Int) throws -> Blueprint {
        guard let index = steps.firstIndex(where: { $0.id == id }) else { throw notFound }
        let from = steps[index].column, to = from + offset
        var next = self
        if to < 1 {
            // Already first: alone in its column it stays; otherwise it gets a new first column of its own.
            guard steps.contains(where: { $0.column == from && $0.id != id }) else {
                throw ValidationErrors([FieldError("move", "This step is already the first")])
            }
            for i in next.steps.indices { next.steps[i].column += 1 }
            next.steps[index].column = 1
        } else if to > columns {
            guard steps.contains(where: { $0.column == from && $0.id != id }) else {
                throw ValidationErrors([FieldError("move", "This step is already the last")])
            }
            next.steps[index].column = to
        } else {
            if let other = steps.firstIndex(where: { $0.lane == steps[index].lane && $0.column == to }) {
                next.steps[other].column = from
            }
            next.steps[index].column = to
        }
        next.compact()
        return try next.validated()
    }

    /// Removes a step and its arrows.
    public func removing(_ id: Int64) throws -> Blueprint {
        guard step(id) != nil else { throw notFound }
        var next = self
        next.steps.removeAll { $0.id == id }
        next.arrows.removeAll { $0.from == id || $0.to == id }
        next.compact()
        return try next.validated()
    }

    public func adding(_ arrow: BlueprintArrow) throws -> Blueprint {
        guard step(arrow.from) != nil else { throw ValidationErrors([FieldError("from", "Choose the step the arrow starts from")]) }
        guard step(arrow.to) != nil else { throw ValidationErrors([FieldError("to", "Choose the step the arrow leads to")]) }
        if arrow.from == arrow.to { throw ValidationErrors([FieldError("to", "An arrow joins two different steps")]) }
        if arrows.contains(arrow) { throw ValidationErrors([FieldError("to", "These two steps are joined already")]) }
        var next = self
        next.arrows.append(arrow)
        return try next.validated()
    }

    public func removing(_ arrow: BlueprintArrow) throws -> Blueprint {
        guard arrows.contains(arrow) else { throw notFound }
        var next = self
        next.arrows.removeAll { $0 == arrow }
        return next
    }

    /// Steps drafted on a workshop board (notes in lanes, in the order they were written), appended after the last
    /// column and read the way people draft a blueprint: top to bottom within a moment, then the next moment. A note
    /// in a lane below the previous note's joins its column; one in the same lane or higher starts the next column.
    public func seeding(_ drafted: [(lane: BlueprintLane, body: String)], firstID: Int64) throws -> Blueprint {
        var next = self
        var column = columns
        var previousRow = Int.max
        for (offset, note) in drafted.enumerated() {
            if note.lane.row <= previousRow { column += 1 }
            previousRow = note.lane.row
            next.steps.append(BlueprintStep(id: firstID + Int64(offset), lane: note.lane, column: column,
                                            body: String(note.body.prefix(BlueprintStepDraft.maxBody))))
        }
        guard next.steps.count <= Self.maxSteps else {
            throw ValidationErrors([FieldError("workshop", "A blueprint holds at most \(Self.maxSteps) steps")])
        }
        next.compact()
        return try next.validated()
    }

    /// The column a step of `lane` gets at `place`, shifting later columns right for a new one.
    private mutating func makeRoom(for lane: BlueprintLane, at place: BlueprintPlace, columns: Int? = nil) throws -> Int {
        let columns = columns ?? self.columns
        switch place {
        case .end:
            return columns + 1
        case .column(let n):
            guard n <= columns else { throw ValidationErrors([FieldError("place", "There is no column \(n) yet")]) }
            if step(lane: lane, column: n) != nil {
                throw ValidationErrors([FieldError("place",
                    "Column \(n) already has a step in \(lane.label): choose another column or a new one")])
            }
            return n
        case .before(let n):
            guard n <= columns else { throw ValidationErrors([FieldError("place", "There is no column \(n) yet")]) }
            for i in steps.indices where steps[i].column >= n { steps[i].column += 1 }
            return n
        }
    }

    private var notFound: ValidationErrors { ValidationErrors([FieldError("step", "That step is no longer on the blueprint")]) }
}

/// A step as typed on the blueprint's form.
public struct BlueprintStepDraft: Sendable, Equatable {
    public var lane: BlueprintLane
    public var body: String
    public var failPoint: Bool
    public var waitMinutes: Int?

    public init(lane: BlueprintLane, body: String, failPoint: Bool = false, waitMinutes: Int? = nil) {
        self.lane = lane; self.body = body; self.failPoint = failPoint; self.waitMinutes = waitMinutes
    }

    public static let maxBody = 200
    /// A week.
    public static let maxWait = 10_080

    public static func validate(_ form: [String: String]) throws -> BlueprintStepDraft {
        var errors: [FieldError] = []
        let lane = BlueprintLane(rawValue: form["lane"] ?? "")
        if lane == nil { errors.append(.init("lane", "Choose the lane")) }
        let body = TextRule("body", "Step", min: 2, max: maxBody).check(form["body"], into: &errors)
        let waitRaw = (form["waitMinutes"] ?? "").trimmingWhitespace()
        var wait: Int?
        if !waitRaw.isEmpty {
            wait = Int(waitRaw)
            if wait == nil || wait! < 0 || wait! > maxWait {
                errors.append(.init("waitMinutes", "Enter the wait in whole minutes, from 0 to \(maxWait)"))
            }
        }
        if BlueprintPlace(form["place"]) == nil { errors.append(.init("place", "Choose where the step goes")) }
        guard errors.isEmpty, let lane else { throw ValidationErrors(errors) }
        return BlueprintStepDraft(lane: lane, body: body, failPoint: form["failPoint"] == "on", waitMinutes: wait)
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
