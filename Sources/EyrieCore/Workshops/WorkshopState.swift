/// Where a workshop is in its life: prepared in private, announced, under way, over (or called off).
public enum WorkshopState: String, Sendable, CaseIterable {
    case draft, scheduled, running, closed, cancelled

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .scheduled: "Scheduled"
        case .running: "Running"
        case .closed: "Closed"
        case .cancelled: "Cancelled"
        }
    }

    /// Open to registrations: announced or under way.
    public var takesRegistrations: Bool { self == .scheduled || self == .running }

    /// Details (time, place, ideas, agenda) may still change.
    public var isEditable: Bool { self == .draft || self == .scheduled || self == .running }
}

/// A facilitator's move of a workshop from one state to another.
public enum WorkshopMove: String, Sendable, CaseIterable {
    case schedule, start, close, cancel

    /// The states the move starts from.
    public var sources: Set<WorkshopState> {
        switch self {
        case .schedule: [.draft]
        case .start: [.scheduled]
        case .close: [.running]
        case .cancel: [.draft, .scheduled]
        }
    }

    public var target: WorkshopState {
        switch self {
        case .schedule: .scheduled
        case .start: .running
        case .close: .closed
        case .cancel: .cancelled
        }
    }

    /// A cancellation says why, for the people who registered.
    public var needsReason: Bool { self == .cancel }

    /// The button's words.
    public var label: String {
        switch self {
        case .schedule: "Publish and open registration"
        case .start: "Start the workshop"
        case .close: "Close the workshop"
        case .cancel: "Cancel the workshop"
        }
    }

    /// The notice shown after the move.
    public var done: Phrase {
        switch self {
        case .schedule: "Workshop scheduled: members can register."
        case .start: "Workshop started."
        case .close: "Workshop closed."
        case .cancel: "Workshop cancelled."
        }
    }
}

/// Things people do to and in a workshop.
public enum WorkshopAction: String, Sendable, CaseIterable {
    /// See the workshop page (a draft only for its facilitators and stewards).
    case view
    /// Schedule a new workshop in the community.
    case create
    /// Change title, time, place, capacity, ideas, facilitators and the agenda.
    case edit
    case move
    case register
    case withdraw
    /// Start, pause, extend and advance the agenda's activities.
    case runAgenda
    /// Mark who came.
    case markAttendance
    /// Record decisions, turn notes into ideas or comments.
    case recordOutputs
}

/// Who may do what to a workshop, in which state. Tested as a table in EyrieCoreTests. `isFacilitator` is whether the
/// actor facilitates this workshop; stewards (and platform admins) may do everything its facilitators may.
public enum WorkshopRules {
    /// Leads the workshop: a steward (or platform admin), or one of its facilitators who is still an active member.
    public static func leads(actor: Actor, isFacilitator: Bool) -> Bool {
        actor.isSignedIn && (actor.atLeast(.steward) || (isFacilitator && actor.role != nil))
    }

    /// Which drafts a viewer finds in lists of workshops: all of them for stewards, else those they facilitate.
    public static func listsEveryDraft(_ actor: Actor) -> Bool {
        actor.atLeast(.steward)
    }

    public static func check(_ action: WorkshopAction, actor: Actor, isFacilitator: Bool = false,
                             state: WorkshopState, move: WorkshopMove? = nil) -> Decision {
        let leads = leads(actor: actor, isFacilitator: isFacilitator)
        switch action {
        case .view:
            if state != .draft || leads { return .allowed }
            return actor.isSignedIn ? .forbidden("This workshop is not published yet.") : .signInRequired
        case .create:
            guard actor.isSignedIn else { return .signInRequired }
            return actor.atLeast(.facilitator) ? .allowed : .forbidden("Only a facilitator or a steward can schedule a workshop.")
        case .register, .withdraw:
            guard actor.isSignedIn else { return .signInRequired }
            guard actor.role != nil || actor.isAdmin else { return .joinCommunity }
            if action == .register && isFacilitator {
                return .forbidden("You facilitate this workshop: you take part without a seat.")
            }
            return state.takesRegistrations ? .allowed : .notNow(Phrase("Registration is closed: the workshop is {state}.", ["state": state.label.lowercased()]).saying("state"))
        case .edit, .move, .runAgenda, .markAttendance, .recordOutputs:
            guard actor.isSignedIn else { return .signInRequired }
            guard leads else { return .forbidden("Only the workshop's facilitators or a steward can do this.") }
            switch action {
            case .edit:
                return state.isEditable ? .allowed : .notNow(Phrase("A {state} workshop can no longer be changed.", ["state": state.label.lowercased()]).saying("state"))
            case .move:
                guard let move else { return .notNow("Choose what to do.") }
                return move.sources.contains(state) ? .allowed
                    : .notNow(Phrase("A {state} workshop cannot be moved that way.", ["state": state.label.lowercased()]).saying("state"))
            case .runAgenda:
                return state == .running ? .allowed : .notNow("Start the workshop to run its agenda.")
            case .markAttendance:
                return state == .running || state == .closed ? .allowed : .notNow("Attendance is marked once the workshop has started.")
            default:
                return state == .closed ? .allowed : .notNow("Outputs are recorded once the workshop is closed.")
            }
        }
    }
}
