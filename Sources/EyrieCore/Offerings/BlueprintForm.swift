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
                errors.append(.init("waitMinutes", "Enter the wait in whole minutes, from 0 to \("maxWait", maxWait)"))
            }
        }
        if BlueprintPlace(form["place"]) == nil { errors.append(.init("place", "Choose where the step goes")) }
        guard errors.isEmpty, let lane else { throw ValidationErrors(errors) }
        return BlueprintStepDraft(lane: lane, body: body, failPoint: form["failPoint"] == "on", waitMinutes: wait)
    }
}
