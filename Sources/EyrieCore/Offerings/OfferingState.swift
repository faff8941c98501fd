/// Where a service offering is in its life: designed, tried with real users, offered to all, or withdrawn from use.
public enum OfferingState: String, Sendable, CaseIterable {
    case concept, pilot, launched, retired

    public var label: String {
        switch self {
        case .concept: "Concept"
        case .pilot: "Pilot"
        case .launched: "Launched"
        case .retired: "Retired"
        }
    }

    /// Design, measures and progress may still change.
    public var isEditable: Bool { self != .retired }
}

/// A move of an offering from one state to another; every move says why, in the offering's history.
public enum OfferingMove: String, Sendable, CaseIterable {
    /// Try it with a first group of users.
    case pilot
    /// Offer it to everyone it is for.
    case launch
    /// Back to the drawing board after a pilot that taught what to change.
    case rethink
    /// Stop offering it.
    case retire

    /// The states the move starts from.
    public var sources: Set<OfferingState> {
        switch self {
        case .pilot: [.concept]
        case .launch: [.pilot]
        case .rethink: [.pilot]
        case .retire: [.concept, .pilot, .launched]
        }
    }

    public var target: OfferingState {
        switch self {
        case .pilot: .pilot
        case .launch: .launched
        case .rethink: .concept
        case .retire: .retired
        }
    }

    /// The button's words.
    public var label: String {
        switch self {
        case .pilot: "Start a pilot"
        case .launch: "Launch the service"
        case .rethink: "Back to concept"
        case .retire: "Retire the offering"
        }
    }

    /// The notice shown after the move.
    public var done: Phrase {
        switch self {
        case .pilot: "The pilot has started."
        case .launch: "The service is launched."
        case .rethink: "The offering is a concept again."
        case .retire: "The offering is retired."
        }
    }

    /// The moves open from `state`, in the order their buttons show.
    public static func available(from state: OfferingState) -> [OfferingMove] {
        allCases.filter { $0.sources.contains(state) }
    }
}

/// Things people do to and with an offering.
public enum OfferingAction: String, Sendable, CaseIterable {
    /// See the offering (anyone who may see its community).
    case view
    /// Make an offering from selected ideas or a workshop's outputs.
    case create
    /// Change its details, canvas, blueprint, KPIs, milestones; post progress.
    case edit
    case move
    /// Keep one of its progress updates in the library (in any state: a retired offering's lessons count too).
    case keepUpdate
}

/// Who may do what to an offering, in which state. Tested as a table in EyrieCoreTests. `isOwner` is whether the actor
/// owns this offering; its owner (while a member), the community's facilitators and its stewards design it together.
public enum OfferingRules {
    public static func check(_ action: OfferingAction, actor: Actor, isOwner: Bool = false, state: OfferingState,
                             move: OfferingMove? = nil) -> Decision {
        let leads = actor.isSignedIn && (actor.atLeast(.facilitator) || (isOwner && actor.role != nil))
        switch action {
        case .view:
            return .allowed
        case .create:
            guard actor.isSignedIn else { return .signInRequired }
            guard actor.role != nil || actor.isAdmin else { return .joinCommunity }
            return actor.atLeast(.facilitator) ? .allowed
                : .forbidden("Only a facilitator or a steward can make an offering.")
        case .edit, .move, .keepUpdate:
            guard actor.isSignedIn else { return .signInRequired }
            guard actor.role != nil || actor.isAdmin else { return .joinCommunity }
            guard leads else { return .forbidden("Only the offering's owner, a facilitator or a steward can do this.") }
            if action == .keepUpdate { return .allowed }
            if action == .edit {
                return state.isEditable ? .allowed : .notNow("A retired offering can no longer be changed.")
            }
            guard let move else { return .notNow("Choose what to do.") }
            return move.sources.contains(state) ? .allowed
                : .notNow(Phrase("An offering in {state} cannot be moved that way.", ["state": state.label.lowercased()]).saying("state"))
        }
    }
}

extension OfferingState {
    /// Whether a percentage says how far along the offering is: only while it is piloted or offered.
    public var showsProgress: Bool { self == .pilot || self == .launched }

    /// How far along, in words where a percentage would mislead (a concept is not "0 % along", a retired service
    /// is not somewhere on its way).
    public func progressText(_ percent: Int) -> Phrase {
        switch self {
        case .concept: "Concept: not yet piloted"
        case .retired: "Retired: no longer offered"
        case .pilot, .launched: "\("percent", percent) % along"
        }
    }
}
