import EyrieCore
import EyrieStore
import Foundation

extension BoardPage.Current {
    init(_ a: Activity, now: Date) {
        let left = a.remaining(at: now) ?? 0
        self.init(title: a.title, kindLabel: a.kind.said, prompt: a.prompt.isEmpty ? nil : a.prompt,
                  instructions: say(Phrase(a.kind.instructions)), stateLabel: a.state.said, isPaused: a.state == .paused,
                  remaining: a.state == .paused ? say("\("clock", BoardPage.clock(left)) left (paused)")
                      : say("\("clock", BoardPage.clock(left)) left"),
                  endsAtMillis: a.state == .running ? a.endsAt.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } : nil,
                  secondsLeft: a.secondsLeft)
    }
}

extension BoardPage.AgendaLine {
    init(_ a: Activity, currentID: Int64?) {
        self.init(id: a.id, title: a.title, kindLabel: a.kind.said, minutes: a.minutes, stateLabel: a.state.said,
                  state: a.state.rawValue, isCurrent: a.id == currentID)
    }
}

extension BoardPage {
    /// Notes and clusters as the viewer sees them: dots counted, the forms they may use, "turn into an idea" prefilled.
    struct Cards {
        let snapshot: BoardSnapshot
        let grants: Grants
        let viewerID: Int64?
        let workshopTitle: String
        /// The notes on the board, decisions apart.
        let notes: [BoardNote]
        let clusterOptions: [Option]

        init(snapshot: BoardSnapshot, grants: Grants, viewerID: Int64?, workshopTitle: String) {
            self.snapshot = snapshot
            self.grants = grants
            self.viewerID = viewerID
            self.workshopTitle = workshopTitle
            notes = snapshot.notes.filter { $0.decision != true }
            clusterOptions = [Option(value: "none", label: say("Not in a cluster"), selected: false)]
                + snapshot.clusters.map { Option(value: String($0.id), label: $0.name, selected: false) }
        }

        /// Everyone's dots on a target (shown once there are some, or while the vote runs) and the viewer's own.
        func tally(_ target: String) -> (total: String?, mine: Int) {
            guard let dotVote = snapshot.dotVote else { return (nil, 0) }
            let key = "\(dotVote.id)/\(target)"
            let total = snapshot.dotTotals[key] ?? 0
            let shown = total > 0 || grants.current?.kind == .dotVote
            return (shown ? Dates.count(total, "dot", "dots") : nil, snapshot.myDots[key] ?? 0)
        }

        func note(_ n: BoardNote) -> NoteView {
            let own = n.authorID == viewerID
            let (dots, mine) = tally("note-\(n.id)")
            let place = n.clusterID.map(String.init) ?? "none"
            return NoteView(
                id: n.id, body: n.body, language: n.language ?? "en", author: n.authorName, lane: n.lane.flatMap(BlueprintLane.init(rawValue:))?.said,
                bodyVersion: n.bodyVersion, placeVersion: n.placeVersion,
                canEdit: grants.allows(own ? .editOwnNote : .editAnyNote), canMove: grants.allows(own ? .moveOwnNote : .moveAnyNote),
                canDelete: grants.allows(own ? .deleteOwnNote : .deleteAnyNote),
                moveOptions: clusterOptions.map { var o = $0; o.selected = $0.value == place; return o },
                dots: dots ?? "", hasDots: dots != nil, mine: String(mine), hasMine: mine > 0, canDot: grants.dotsOpen,
                canUndot: grants.dotsOpen && mine > 0, titleGuess: String(n.body.prefix(140)),
                summaryGuess: String("From the workshop “\(workshopTitle)”: \(n.body)".prefix(300)), source: "note-\(n.id)")
        }

        func cluster(_ c: BoardCluster) -> ClusterView {
            let inside = notes.filter { $0.clusterID == c.id }.map(note)
            let (dots, mine) = tally("cluster-\(c.id)")
            let summary = "\(inside.count) notes grouped at the workshop “\(workshopTitle)”: "
                + inside.map(\.body).joined(separator: "; ")
            return ClusterView(id: c.id, name: c.name, notes: inside, hasNotes: !inside.isEmpty,
                               canRename: grants.allows(.renameCluster), canDelete: grants.allows(.deleteCluster),
                               dots: dots ?? "", hasDots: dots != nil, mine: String(mine), hasMine: mine > 0,
                               canDot: grants.dotsOpen, canUndot: grants.dotsOpen && mine > 0,
                               titleGuess: String(c.name.prefix(140)), summaryGuess: String(summary.prefix(300)),
                               source: "cluster-\(c.id)")
        }
    }
}
