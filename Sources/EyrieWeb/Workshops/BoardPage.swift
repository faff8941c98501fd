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
        let role = Self.role(scope)
        let current = snapshot.current
        func allowed(_ action: BoardAction) -> Bool {
            BoardRules.check(action, role: role, workshop: w.state, activity: current?.kind,
                             activityState: current?.state).isAllowed
        }
        id = w.id
        title = w.title
        state = w.state.rawValue
        stateLabel = w.state.label
        self.current = current.map { a in
            let left = a.remaining(at: now) ?? 0
            return Current(title: a.title, kindLabel: a.kind.label, prompt: a.prompt.isEmpty ? nil : a.prompt, instructions: a.kind.instructions,
                           stateLabel: a.state.label, isPaused: a.state == .paused,
                           remaining: Self.clock(left) + (a.state == .paused ? " left (paused)" : " left"),
                           endsAtMillis: a.state == .running ? a.endsAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } : nil,
                           secondsLeft: a.secondsLeft)
        }
        agenda = snapshot.agenda.map {
            AgendaLine(id: $0.id, title: $0.title, kindLabel: $0.kind.label, minutes: $0.minutes, stateLabel: $0.state.label,
                       state: $0.state.rawValue, isCurrent: $0.id == current?.id)
        }
        hasAgenda = !snapshot.agenda.isEmpty
        roleText = switch (w.state, role) {
        case (.closed, _): "The workshop is closed: its board is kept as the group left it."
        case (.running, .facilitator): "You facilitate this workshop."
        case (.running, .participant): "You have a seat: add and change notes while an activity asks for it."
        case (.running, .viewer): "You are watching. Register for a seat to take part."
        default: "The board opens when the workshop starts."
        }
        canAdd = allowed(.addNote)
        isBlueprint = current?.kind == .blueprint
        addLabel = isBlueprint ? "Add a step" : "Add a note"
        lanes = BlueprintLane.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: false) }
        let dotVote = snapshot.dotVote
        let voting = current?.kind == .dotVote
        isDotVote = voting
        let dotsOpen = voting && allowed(.placeDot)
        if let dotVote, role != .viewer, current?.kind == .dotVote {
            let left = dotVote.dotsPerParticipant - (snapshot.mySpent[dotVote.id] ?? 0)
            dotsLeft = "You have \(Dates.count(max(left, 0), "dot", "dots")) left (at most \(dotVote.maxDotsPerItem) on one note or cluster)."
        }
        func tally(_ target: String) -> (String?, Int) {
            guard let dotVote else { return (nil, 0) }
            let key = "\(dotVote.id)/\(target)"
            let total = snapshot.dotTotals[key] ?? 0
            return (total > 0 || voting ? Dates.count(total, "dot", "dots") : nil, snapshot.myDots[key] ?? 0)
        }
        let clusterOptions = [Option(value: "none", label: "Not in a cluster", selected: false)]
            + snapshot.clusters.map { Option(value: String($0.id), label: $0.name, selected: false) }
        clusterChoices = clusterOptions
        func view(_ n: BoardNote) -> NoteView {
            let own = n.authorID == viewerID
            let (dots, mine) = tally("note-\(n.id)")
            return NoteView(
                id: n.id, body: n.body, author: n.authorName, lane: n.lane.flatMap(BlueprintLane.init(rawValue:))?.label,
                bodyVersion: n.bodyVersion, placeVersion: n.placeVersion,
                canEdit: allowed(own ? .editOwnNote : .editAnyNote), canMove: allowed(own ? .moveOwnNote : .moveAnyNote),
                canDelete: allowed(own ? .deleteOwnNote : .deleteAnyNote),
                moveOptions: clusterOptions.map { var o = $0; o.selected = $0.value == (n.clusterID.map(String.init) ?? "none"); return o },
                dots: dots ?? "", hasDots: dots != nil, mine: String(mine), hasMine: mine > 0, canDot: dotsOpen,
                canUndot: dotsOpen && mine > 0, titleGuess: String(n.body.prefix(140)),
                summaryGuess: String("From the workshop “\(w.title)”: \(n.body)".prefix(300)), source: "note-\(n.id)")
        }
        let notes = snapshot.notes.filter { $0.decision != true }
        clusters = snapshot.clusters.map { c in
            let inside = notes.filter { $0.clusterID == c.id }.map(view)
            let (dots, mine) = tally("cluster-\(c.id)")
            return ClusterView(id: c.id, name: c.name, notes: inside, hasNotes: !inside.isEmpty,
                               canRename: allowed(.renameCluster), canDelete: allowed(.deleteCluster), dots: dots ?? "",
                               hasDots: dots != nil, mine: String(mine), hasMine: mine > 0, canDot: dotsOpen,
                               canUndot: dotsOpen && mine > 0, titleGuess: String(c.name.prefix(140)),
                               summaryGuess: String("\(inside.count) notes grouped at the workshop “\(w.title)”: "
                                   .appending(inside.map(\.body).joined(separator: "; ")).prefix(300)),
                               source: "cluster-\(c.id)")
        }
        unclustered = notes.filter { $0.clusterID == nil }.map(view)
        hasUnclustered = !unclustered.isEmpty
        hasNotes = !notes.isEmpty
        canCreateCluster = allowed(.createCluster)
        decisions = snapshot.notes.filter { $0.decision == true }.map(view)
        hasDecisions = !decisions.isEmpty
        canDecide = allowed(.recordDecision)
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
        let can = BoardAction.allCases.filter { allowed($0) }.map(\.rawValue)
        var mine: [String: Int] = [:]
        if let dotVote {
            for (key, count) in snapshot.myDots where key.hasPrefix("\(dotVote.id)/") { mine[String(key.dropFirst("\(dotVote.id)/".count))] = count }
        }
        boardJSON = Self.json([
            "workshop": w.id, "boardAction": Site.workshops.board(w.id), "socket": Site.workshops.live(w.id), "seq": snapshot.seq, "me": viewerID ?? 0, "current": current?.id ?? 0,
            "currentState": current?.state.rawValue ?? "", "live": w.state == .running, "can": can,
            "now": Int64((now.timeIntervalSince1970 * 1000).rounded()), "dotVote": voting ? (dotVote?.id ?? 0) : 0,
            "dotsPer": dotVote?.dotsPerParticipant ?? 0, "maxPerItem": dotVote?.maxDotsPerItem ?? 0, "myDots": mine,
            "clusters": snapshot.clusters.map { ["id": $0.id, "name": $0.name] as [String: Any] },
            "blueprint": current?.kind == .blueprint,
        ])
    }

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
