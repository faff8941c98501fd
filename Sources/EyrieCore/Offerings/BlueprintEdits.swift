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
            throw ValidationErrors([FieldError("body", "A blueprint holds at most \("most", Self.maxSteps) steps")])
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
            next.insertStage(at: 1)
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
            throw ValidationErrors([FieldError("workshop", "A blueprint holds at most \("most", Self.maxSteps) steps")])
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
            guard n <= columns else { throw ValidationErrors([FieldError("place", "There is no column \("column", n) yet")]) }
            if step(lane: lane, column: n) != nil {
                throw ValidationErrors([FieldError("place",
                    "Column \("column", n) already has a step in \("lane", lane.label): choose another column or a new one")])
            }
            return n
        case .before(let n):
            guard n <= columns else { throw ValidationErrors([FieldError("place", "There is no column \("column", n) yet")]) }
            for i in steps.indices where steps[i].column >= n { steps[i].column += 1 }
            insertStage(at: n)
            return n
        }
    }

    private var notFound: ValidationErrors { ValidationErrors([FieldError("step", "That step is no longer on the blueprint")]) }
}
