import Foundation

/// A dated progress update of an offering: what happened, and how far along it is overall.
public struct ProgressDraft: Sendable, Equatable {
    public var note: String
    public var percent: Int

    public init(note: String, percent: Int) { self.note = note; self.percent = percent }

    public static func validate(_ form: [String: String]) throws -> ProgressDraft {
        var errors: [FieldError] = []
        let note = TextRule("note", "Update", min: 10, max: 2000, multiline: true).check(form["note"], into: &errors)
        let raw = (form["percent"] ?? "").trimmingWhitespace().replacingOccurrences(of: "%", with: "")
        let percent = Int(raw.trimmingWhitespace())
        if percent == nil || !(0...100).contains(percent!) {
            errors.append(.init("percent", "Enter how far along it is overall, from 0 to 100 %"))
        }
        guard errors.isEmpty, let percent else { throw ValidationErrors(errors) }
        return ProgressDraft(note: note, percent: percent)
    }
}

/// A milestone with a due day.
public struct MilestoneDraft: Sendable, Equatable {
    public var title: String
    public var due: Date

    public init(title: String, due: Date) { self.title = title; self.due = due }

    public static func validate(_ form: [String: String]) throws -> MilestoneDraft {
        var errors: [FieldError] = []
        let title = TextRule("title", "Milestone", min: 3, max: 140).check(form["title"], into: &errors)
        let due = Day.parse(form["due"])
        if due == nil { errors.append(.init("due", "Enter the day it is due, like 2027-03-31")) }
        guard errors.isEmpty, let due else { throw ValidationErrors(errors) }
        return MilestoneDraft(title: title, due: due)
    }
}

/// The way from ideas to services, stage by stage: how many ideas got at least that far, then how many offerings did.
public struct ServiceFunnel: Sendable, Equatable {
    public struct Stage: Sendable, Equatable {
        public var label: String
        public var count: Int
        /// `ideas` or `offerings`: what is counted.
        public var unit: String
    }

    public var stages: [Stage]

    /// The idea stages along the main path, in order; an idea that was declined, withdrawn or merged counts up to the
    /// furthest of these it reached.
    public static let ideaPath: [IdeaState] = [.submitted, .shortlisted, .inDesign, .selected, .converted]

    /// The stages' labels, in order (what `build` names them).
    public static var stageLabels: [String] { build(furthest: [:], offerings: 0, piloted: 0, launched: 0).stages.map(\.label) }

    /// `furthest[state]`: ideas whose furthest stage on the path is `state`. `offerings`: offerings that reached a
    /// pilot, and that were launched (at some point).
    public static func build(furthest: [IdeaState: Int], offerings: Int, piloted: Int, launched: Int) -> ServiceFunnel {
        var stages: [Stage] = []
        for (index, state) in ideaPath.enumerated() {
            let count = ideaPath[index...].reduce(0) { $0 + furthest[$1, default: 0] }
            let label: Phrase = switch state {
            case .submitted: "Ideas submitted"
            case .shortlisted: "Shortlisted"
            case .inDesign: "Designed further"
            case .selected: "Selected"
            default: "Turned into offerings"
            }
            stages.append(Stage(label: label.template, count: count, unit: "ideas"))
        }
        stages.append(Stage(label: "Offerings", count: offerings, unit: "offerings"))
        stages.append(Stage(label: "Piloted", count: piloted, unit: "offerings"))
        stages.append(Stage(label: "Launched services", count: launched, unit: "offerings"))
        return ServiceFunnel(stages: stages)
    }

    /// "12 ideas submitted led to 2 launched services."
    public var reading: String {
        let submitted = stages.first?.count ?? 0, launched = stages.last?.count ?? 0
        func plural(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        return "\(plural(submitted, "idea submitted", "ideas submitted")) led to "
            + "\(plural(launched, "launched service", "launched services"))."
    }
}
