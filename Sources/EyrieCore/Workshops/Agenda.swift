import Foundation

/// The kinds of time-boxed activity a workshop's agenda is made of.
public enum ActivityKind: String, Sendable, CaseIterable {
    /// A how-might-we question everyone reads before starting.
    case framing
    /// Everyone writes sticky notes.
    case brainstorm
    /// Notes are grouped into named clusters.
    case clustering
    /// Everyone spends N dots, at most K on one note or cluster.
    case dotVote = "dot-vote"
    /// Steps of a service blueprint, as notes in lanes.
    case blueprint
    /// The facilitator records what was decided.
    case decision

    public var label: String {
        switch self {
        case .framing: "Framing"
        case .brainstorm: "Brainstorm"
        case .clustering: "Clustering"
        case .dotVote: "Dot vote"
        case .blueprint: "Blueprint drafting"
        case .decision: "Decision"
        }
    }

    /// What participants are asked to do, shown under the activity's title.
    public var instructions: String {
        switch self {
        case .framing: "Read the question together; the board opens with the next activity."
        case .brainstorm: "Add as many notes as you can: one idea per note."
        case .clustering: "Move notes into clusters; the facilitator names the clusters."
        case .dotVote: "Place your dots on the notes or clusters you think are strongest."
        case .blueprint: "Add the service's steps, each in its lane."
        case .decision: "The facilitator records what the group decided."
        }
    }
}

/// Where an activity is: not yet started, running (an end time), paused (seconds left), done.
public enum ActivityState: String, Sendable, CaseIterable {
    case pending, running, paused, done

    public var label: String {
        switch self {
        case .pending: "Not started"
        case .running: "Running"
        case .paused: "Paused"
        case .done: "Done"
        }
    }
}

/// The lanes of a service blueprint, top to bottom.
public enum BlueprintLane: String, Sendable, CaseIterable {
    case evidence, customer, frontstage, backstage, support

    public var label: String {
        switch self {
        case .evidence: "Physical evidence"
        case .customer: "Customer actions"
        case .frontstage: "Frontstage"
        case .backstage: "Backstage"
        case .support: "Support processes"
        }
    }
}

/// One activity of the agenda.
public struct Activity: Sendable, Equatable {
    public var id: Int64
    public var position: Int
    public var kind: ActivityKind
    public var title: String
    public var prompt: String
    public var minutes: Int
    public var dotsPerParticipant: Int
    public var maxDotsPerItem: Int
    public var state: ActivityState
    public var endsAt: Date?
    public var secondsLeft: Int?

    public init(id: Int64, position: Int, kind: ActivityKind, title: String, prompt: String, minutes: Int,
                dotsPerParticipant: Int, maxDotsPerItem: Int, state: ActivityState, endsAt: Date?, secondsLeft: Int?) {
        self.id = id; self.position = position; self.kind = kind; self.title = title; self.prompt = prompt
        self.minutes = minutes; self.dotsPerParticipant = dotsPerParticipant; self.maxDotsPerItem = maxDotsPerItem
        self.state = state; self.endsAt = endsAt; self.secondsLeft = secondsLeft
    }

    /// Seconds left on the clock at `now` (never below zero); nil when the activity is not started or done.
    public func remaining(at now: Date) -> Int? {
        switch state {
        case .running: endsAt.map { max(Int($0.timeIntervalSince(now).rounded(.up)), 0) }
        case .paused: secondsLeft
        default: nil
        }
    }
}

/// A facilitator's command on the agenda's clock.
public enum ClockCommand: Sendable, Equatable {
    case start
    case pause
    case resume
    case extend(minutes: Int)
    case finish
}

/// The agenda's clock rules: which command applies in which state and what it leaves behind. The end time is kept
/// (not a countdown), so every participant computes the same remaining time from the server's clock.
public enum ActivityClock {
    public struct Result: Sendable, Equatable {
        public var state: ActivityState
        public var endsAt: Date?
        public var secondsLeft: Int?

        public init(state: ActivityState, endsAt: Date?, secondsLeft: Int?) {
            self.state = state; self.endsAt = endsAt; self.secondsLeft = secondsLeft
        }
    }

    public static func apply(_ command: ClockCommand, to activity: Activity, now: Date) -> Result? {
        switch (command, activity.state) {
        case (.start, .pending):
            return Result(state: .running, endsAt: now.addingTimeInterval(TimeInterval(activity.minutes * 60)), secondsLeft: nil)
        case (.pause, .running):
            return Result(state: .paused, endsAt: nil, secondsLeft: activity.remaining(at: now) ?? 0)
        case (.resume, .paused):
            return Result(state: .running, endsAt: now.addingTimeInterval(TimeInterval(activity.secondsLeft ?? 0)),
                          secondsLeft: nil)
        case (.extend(let minutes), .running) where (1...120).contains(minutes):
            // Extending an activity whose time is up gives the minutes from now.
            let base = max(activity.endsAt ?? now, now)
            return Result(state: .running, endsAt: base.addingTimeInterval(TimeInterval(minutes * 60)), secondsLeft: nil)
        case (.extend(let minutes), .paused) where (1...120).contains(minutes):
            return Result(state: .paused, endsAt: nil, secondsLeft: (activity.secondsLeft ?? 0) + minutes * 60)
        case (.finish, .running), (.finish, .paused):
            return Result(state: .done, endsAt: nil, secondsLeft: nil)
        default:
            return nil
        }
    }
}

/// A new agenda activity as typed on its form.
public struct ActivityDraft: Sendable, Equatable {
    public var kind: ActivityKind
    public var title: String
    public var prompt: String
    public var minutes: Int
    public var dotsPerParticipant: Int
    public var maxDotsPerItem: Int

    public init(kind: ActivityKind, title: String, prompt: String, minutes: Int, dotsPerParticipant: Int = 5,
                maxDotsPerItem: Int = 3) {
        self.kind = kind; self.title = title; self.prompt = prompt; self.minutes = minutes
        self.dotsPerParticipant = dotsPerParticipant; self.maxDotsPerItem = maxDotsPerItem
    }

    public static func validate(_ form: [String: String]) throws -> ActivityDraft {
        var errors: [FieldError] = []
        let kind = ActivityKind(rawValue: form["kind"] ?? "")
        if kind == nil { errors.append(.init("kind", "Choose the kind of activity")) }
        var title = TextRule("title", "Title", required: false, max: 140).check(form["title"], into: &errors)
        if title.isEmpty, let kind { title = kind.label }
        let prompt = TextRule("prompt", "Question or instructions", required: kind == .framing, max: 1000, multiline: true)
            .check(form["prompt"], into: &errors)
        let minutes = Int((form["minutes"] ?? "").trimmingWhitespace()) ?? 0
        if !(1...480).contains(minutes) { errors.append(.init("minutes", "Minutes must be a whole number from 1 to 480")) }
        var dots = 5, perItem = 3
        if kind == .dotVote {
            dots = Int((form["dots"] ?? "").trimmingWhitespace()) ?? 0
            perItem = Int((form["maxPerItem"] ?? "").trimmingWhitespace()) ?? 0
            if !(1...50).contains(dots) { errors.append(.init("dots", "Dots per participant must be a whole number from 1 to 50")) }
            if !(1...50).contains(perItem) {
                errors.append(.init("maxPerItem", "Most dots on one note must be a whole number from 1 to 50"))
            } else if (1...50).contains(dots) && perItem > dots {
                errors.append(.init("maxPerItem", "Most dots on one note can't be more than the dots per participant"))
            }
        }
        guard errors.isEmpty, let kind else { throw ValidationErrors(errors) }
        return ActivityDraft(kind: kind, title: title, prompt: prompt, minutes: minutes, dotsPerParticipant: dots,
                             maxDotsPerItem: perItem)
    }
}
