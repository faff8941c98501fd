/// What people do on a workshop's live board.
public enum BoardAction: String, Sendable, CaseIterable {
    case addNote, editOwnNote, editAnyNote, moveOwnNote, moveAnyNote, deleteOwnNote, deleteAnyNote
    case createCluster, renameCluster, deleteCluster
    case placeDot, removeDot
    case recordDecision
}

/// Who may do what on the board, during which kind of activity in which state. Tested as a table in EyrieCoreTests.
///
/// Only a running workshop's board takes changes, and only from its seated participants and its facilitators (and
/// stewards). Participants write only while an activity that asks for it runs; facilitators may always tidy (edit,
/// move or delete any note, name clusters) while the workshop runs, and record decisions in a decision activity.
public enum BoardRules {
    public enum Role: String, Sendable, Equatable {
        /// Facilitates the workshop or stewards its community.
        case facilitator
        /// Has a seat.
        case participant
        /// Anyone else who may see the board: reads only.
        case viewer
    }

    /// The viewer's role on the board: those who lead the workshop facilitate, seated members participate, everyone
    /// else who may see it watches. `BoardRepository.roleSQL` says the same in SQL; a test compares them.
    public static func role(actor: Actor, isFacilitator: Bool, isRegistered: Bool) -> Role {
        if WorkshopRules.leads(actor: actor, isFacilitator: isFacilitator) { return .facilitator }
        if isRegistered && actor.role != nil { return .participant }
        return .viewer
    }

    /// The actions participants may take while an activity of this kind runs.
    static func participantActions(_ kind: ActivityKind) -> Set<BoardAction> {
        switch kind {
        case .framing, .decision: []
        case .brainstorm: [.addNote, .editOwnNote, .moveOwnNote, .deleteOwnNote]
        case .clustering: [.editOwnNote, .moveOwnNote]
        case .dotVote: [.placeDot, .removeDot]
        case .blueprint: [.addNote, .editOwnNote, .moveOwnNote, .deleteOwnNote]
        }
    }

    /// Tidying the board: allowed to facilitators whenever the workshop runs.
    static let tidying: Set<BoardAction> = [.addNote, .editOwnNote, .editAnyNote, .moveOwnNote, .moveAnyNote,
                                            .deleteOwnNote, .deleteAnyNote, .createCluster, .renameCluster, .deleteCluster]

    public static func check(_ action: BoardAction, role: Role, workshop: WorkshopState, activity: ActivityKind?,
                             activityState: ActivityState?) -> Decision {
        guard workshop == .running else {
            return .notNow(workshop == .closed ? "The workshop is closed: its board is kept as it is."
                                               : "The board opens when the workshop starts.")
        }
        switch role {
        case .viewer:
            return .forbidden("Only the workshop's participants can change its board. Register for a seat first.")
        case .facilitator:
            if tidying.contains(action) { return .allowed }
            if let activity, activityState == .running || activityState == .paused {
                if action == .recordDecision { return activity == .decision ? .allowed : .notNow("Start a decision activity to record decisions.") }
                if participantActions(activity).contains(action), activityState == .running { return .allowed }
            }
            return .notNow(Self.waiting(action))
        case .participant:
            guard let activity, activityState == .running else {
                return .notNow(activityState == .paused ? "The activity is paused." : "Wait for the facilitator to start an activity.")
            }
            return participantActions(activity).contains(action) ? .allowed
                : .notNow(Phrase("Not during {activity}: {instructions}", ["activity": activity.label.lowercased(), "instructions": activity.instructions]).saying("activity", "instructions"))
        }
    }

    static func waiting(_ action: BoardAction) -> Phrase {
        switch action {
        case .placeDot, .removeDot: "Dots are placed during a running dot vote."
        case .recordDecision: "Start a decision activity to record decisions."
        default: "Not during this activity."
        }
    }
}

/// The dot budget of one dot-vote activity: N dots per participant, at most K on one note or cluster.
public enum DotBudget {
    public static func check(spent: Int, onItem: Int, perParticipant: Int, perItem: Int) -> Decision {
        if spent >= perParticipant { return .notNow(.plural("You have placed your only dot.", "You have placed all your {count} dots.", count: perParticipant)) }
        if onItem >= perItem { return .notNow(.plural("At most {count} dot on one note or cluster.", "At most {count} dots on one note or cluster.", count: perItem)) }
        return .allowed
    }
}
