import EyrieCore
import EyrieStore
import Foundation

/// The board page's view: the current activity and its clock, the agenda, notes as lists per cluster with the forms
/// each viewer may use, dots, decisions, and the state the live script starts from.
struct BoardPage {
    struct Current {
        var title: String
        var kindLabel: String
        var prompt: String?
        var instructions: String
        var stateLabel: String
        var isPaused: Bool
        var remaining: String
        var endsAtMillis: Int64?
        var secondsLeft: Int?
    }

    struct AgendaLine {
        var id: Int64
        var title: String
        var kindLabel: String
        var minutes: Int
        var stateLabel: String
        var state: String
        var isCurrent: Bool
    }

    struct NoteView {
        var id: Int64
        var body: String
        /// The language the note is written in (its text's `lang`).
        var language: String
        var author: String
        var lane: String?
        var bodyVersion: Int
        var placeVersion: Int
        var canEdit: Bool
        var canMove: Bool
        var canDelete: Bool
        var moveOptions: [Option]
        /// Always set (with `hasDots`): Mustache would otherwise find the enclosing cluster's dots.
        var dots: String
        var hasDots: Bool
        var mine: String
        var hasMine: Bool
        var canDot: Bool
        var canUndot: Bool
        /// Prefilled fields of "turn into an idea".
        var titleGuess: String
        var summaryGuess: String
        var source: String
    }

    /// One lane of the blueprint drafted on the board: its notes in the order written, side by side.
    struct LaneBand {
        var key: String
        var label: String
        var notes: [NoteView]
        var hasNotes: Bool
    }

    struct ClusterView {
        var id: Int64
        var name: String
        var notes: [NoteView]
        var hasNotes: Bool
        var canRename: Bool
        var canDelete: Bool
        var dots: String
        var hasDots: Bool
        var mine: String
        var hasMine: Bool
        var canDot: Bool
        var canUndot: Bool
        var titleGuess: String
        var summaryGuess: String
        var source: String
    }

    var id: Int64
    var title: String
    var state: String
    var stateLabel: String
    var current: Current?
    var agenda: [AgendaLine]
    var hasAgenda: Bool
    var roleText: String
    var canAdd: Bool
    var addLabel: String
    var isBlueprint: Bool
    var lanes: [Option]
    var clusterChoices: [Option]
    var clusters: [ClusterView]
    var unclustered: [NoteView]
    var hasUnclustered: Bool
    /// A workshop that drafts a blueprint shows the notes placed in lanes (and in no cluster) as lanes, top to bottom.
    var showsLanes: Bool
    var laneBands: [LaneBand]
    var hasNotes: Bool
    var canCreateCluster: Bool
    var isDotVote: Bool
    var dotsLeft: String?
    var decisions: [NoteView]
    var hasDecisions: Bool
    var canDecide: Bool
    var leads: Bool
    var canPause: Bool
    var canResume: Bool
    var canExtend: Bool
    var canFinish: Bool
    var next: String?
    var currentID: Int64?
    var links: WorkshopLinks
    /// Where a facilitator pauses, resumes, extends or finishes the current activity.
    var clockAction: String?
    var typed: String
    var boardJSON: String
    /// Facilitators of a closed workshop turn notes and clusters into ideas or comments.
    var outputs: Bool
    var outputIdeas: [Option]
    var hasOutputIdeas: Bool

    static func role(_ scope: WorkshopScope) -> BoardRules.Role {
        BoardRules.role(actor: scope.actor, isFacilitator: scope.visit.isFacilitator,
                        isRegistered: scope.visit.registration == .registered)
    }

    init(scope: WorkshopScope, snapshot: BoardSnapshot, viewerID: Int64?, typed: String = "",
         workshopIdeas: [WorkshopRepository.WorkshopIdea] = [], now: Date = Date()) {
        let w = scope.workshop
        let grants = Grants(role: Self.role(scope), workshop: w.state, current: snapshot.current)
        let current = snapshot.current
        id = w.id
        title = w.title
        state = w.state.rawValue
        stateLabel = w.state.said
        self.current = current.map { Current($0, now: now) }
        agenda = snapshot.agenda.map { AgendaLine($0, currentID: current?.id) }
        hasAgenda = !snapshot.agenda.isEmpty
        roleText = Self.roleText(w.state, grants.role)
        canAdd = grants.allows(.addNote)
        isBlueprint = current?.kind == .blueprint
        addLabel = isBlueprint ? say("Add a step") : say("Add a note")
        lanes = BlueprintLane.allCases.map { Option(value: $0.rawValue, label: $0.said, selected: false) }
        isDotVote = current?.kind == .dotVote
        dotsLeft = Self.dotsLeft(snapshot, grants)
        let cards = Cards(snapshot: snapshot, grants: grants, viewerID: viewerID, workshopTitle: w.title)
        clusterChoices = cards.clusterOptions
        clusters = snapshot.clusters.map(cards.cluster)
        let lanes = snapshot.agenda.contains { $0.kind == .blueprint } || cards.notes.contains { $0.lane != nil }
        showsLanes = lanes
        let loose = cards.notes.filter { $0.clusterID == nil }
        unclustered = loose.filter { !lanes || $0.lane == nil }.map(cards.note)
        hasUnclustered = !unclustered.isEmpty
        laneBands = lanes ? BlueprintLane.allCases.map { lane in
            let notes = loose.filter { $0.lane == lane.rawValue }.map(cards.note)
            return LaneBand(key: lane.rawValue, label: lane.said, notes: notes, hasNotes: !notes.isEmpty)
        } : []
        hasNotes = !cards.notes.isEmpty
        canCreateCluster = grants.allows(.createCluster)
        decisions = snapshot.notes.filter { $0.decision == true }.map(cards.note)
        hasDecisions = !decisions.isEmpty
        canDecide = grants.allows(.recordDecision)
        leads = scope.leads && w.state == .running
        canPause = current?.state == .running
        canResume = current?.state == .paused
        canExtend = current != nil
        canFinish = current != nil
        next = snapshot.agenda.first { $0.state == .pending }.map(\.title)
        currentID = current?.id
        links = WorkshopLinks(id: w.id)
        clockAction = current.map { Site.workshops.clock(w.id, $0.id) }
        self.typed = typed
        outputs = scope.check(.recordOutputs).isAllowed
        outputIdeas = workshopIdeas.map { Option(value: String($0.id), label: $0.title, selected: false) }
        hasOutputIdeas = !workshopIdeas.isEmpty
        boardJSON = Self.script(w, snapshot: snapshot, grants: grants, viewerID: viewerID, now: now)
    }

    /// What the viewer's board role allows in the workshop's state and the current activity's.
    struct Grants {
        let role: BoardRules.Role
        let workshop: WorkshopState
        let current: Activity?

        func allows(_ action: BoardAction) -> Bool {
            BoardRules.check(action, role: role, workshop: workshop, activity: current?.kind,
                             activityState: current?.state).isAllowed
        }

        /// Dots can be placed now (a dot vote runs and the viewer may vote).
        var dotsOpen: Bool { current?.kind == .dotVote && allows(.placeDot) }
    }

    /// The sentence under the title that tells the viewer what they can do here.
    static func roleText(_ state: WorkshopState, _ role: BoardRules.Role) -> String {
        say(roleSentence(state, role))
    }

    private static func roleSentence(_ state: WorkshopState, _ role: BoardRules.Role) -> Phrase {
        switch (state, role) {
        case (.closed, _): "The workshop is closed: its board is kept as the group left it."
        case (.running, .facilitator): "You facilitate this workshop."
        case (.running, .participant): "You have a seat: add and change notes while an activity asks for it."
        case (.running, .viewer): "You are watching. Register for a seat to take part."
        default: "The board opens when the workshop starts."
        }
    }

    /// "You have 3 dots left …" while a dot vote runs, for those with a seat.
    static func dotsLeft(_ snapshot: BoardSnapshot, _ grants: Grants) -> String? {
        guard let dotVote = snapshot.dotVote, grants.role != .viewer, grants.current?.kind == .dotVote else { return nil }
        let left = dotVote.dotsPerParticipant - (snapshot.mySpent[dotVote.id] ?? 0)
        return say(.plural("You have {count} dot left (at most {most} on one note or cluster).",
                           "You have {count} dots left (at most {most} on one note or cluster).", count: max(left, 0),
                           ["most": String(dotVote.maxDotsPerItem)]))
    }

    /// The state the live script starts from, as JSON.
    static func script(_ w: Workshop, snapshot: BoardSnapshot, grants: Grants, viewerID: Int64?, now: Date) -> String {
        let current = snapshot.current
        let dotVote = snapshot.dotVote
        var mine: [String: Int] = [:]
        if let dotVote {
            let prefix = "\(dotVote.id)/"
            for (key, count) in snapshot.myDots where key.hasPrefix(prefix) { mine[String(key.dropFirst(prefix.count))] = count }
        }
        return json([
            "workshop": w.id, "boardAction": Site.workshops.board(w.id), "socket": Site.workshops.live(w.id), "seq": snapshot.seq,
            "me": viewerID ?? 0, "current": current?.id ?? 0, "currentState": current?.state.rawValue ?? "",
            "live": w.state == .running, "can": BoardAction.allCases.filter(grants.allows).map(\.rawValue),
            "now": Int64((now.timeIntervalSince1970 * 1000).rounded()),
            "dotVote": current?.kind == .dotVote ? (dotVote?.id ?? 0) : 0,
            "dotsPer": dotVote?.dotsPerParticipant ?? 0, "maxPerItem": dotVote?.maxDotsPerItem ?? 0, "myDots": mine,
            "clusters": snapshot.clusters.map { ["id": $0.id, "name": $0.name] as [String: Any] },
            "blueprint": current?.kind == .blueprint,
            "laneLabels": Dictionary(uniqueKeysWithValues: BlueprintLane.allCases.map { ($0.rawValue, $0.said) }),
            "lang": Messages.current.language.tag,
            "words": Dictionary(uniqueKeysWithValues: scriptWords.map { ($0.template, Messages.current.text($0.template)) }),
            "plurals": Dictionary(uniqueKeysWithValues: scriptPlurals.map { ($0.template, Messages.current.forms($0)) }),
        ])
    }

    /// What the live board's script says, in the reader's language: board.js looks its English words up here and fills
    /// their `{placeholders}` itself.
    static let scriptWords: [Phrase] = [
        "Not in a cluster", "Add a dot", "Take a dot back", "Edit", "Save", "Text of the note", "Move", "Delete",
        "Remove cluster", "Cluster for {note}", "Decision recorded: {note}", "You changed a note: {note}",
        "Someone changed a note: {note}", "{name} added a note: {note}",
        "Your change to a note was replaced by {name}'s (the last change wins).", "A note was deleted.",
        "Cluster {name} renamed.", "Cluster {name} added.", "A cluster was removed; its notes are back on the board.",
        "The activity is paused.", "The clock was updated.", "Live", "Reconnecting…", "Time is up for this activity.",
        "{dots}, yours: {mine}", "{clock} left", "{clock} left (paused)",
    ]

    /// The board's counts, each with the forms of the reader's language (board.js picks one with `Intl.PluralRules`).
    static let scriptPlurals: [Phrase] = [
        .plural("{count} dot", "{count} dots", count: 1),
        .plural("You have {count} dot left (at most {most} on one note or cluster).",
                "You have {count} dots left (at most {most} on one note or cluster).", count: 1),
    ]

    /// "12:05" minutes and seconds; "1 h 02 min" past an hour.
    static func clock(_ seconds: Int) -> String {
        if seconds >= 3600 { return "\(seconds / 3600) h \(String(format: "%02d", (seconds % 3600) / 60)) min" }
        return "\(seconds / 60):\(String(format: "%02d", seconds % 60))"
    }

    /// JSON for a `<script type="application/json">`: `<` escaped so the text can never close the element.
    static func json(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }
}
