import EyrieCore
import Foundation
import Testing

/// The board's rules in EyrieCore: who may do what during which activity, the agenda's clock, the dot budget, and
/// the client-side replay of operations (ordering, duplicates and catch-up after a gap).
struct BoardRulesTests {
    enum Expect: Equatable { case allowed, forbidden, notNow }

    struct Row: Sendable, CustomTestStringConvertible {
        var action: BoardAction
        var role: BoardRules.Role
        var workshop: WorkshopState = .running
        var kind: ActivityKind?
        var state: ActivityState?
        var expect: Expect
        var testDescription: String { "\(action) \(role) \(workshop) \(kind.map { "\($0)" } ?? "-") \(state.map { "\($0)" } ?? "-") → \(expect)" }
    }

    static let rows: [Row] = [
        // Brainstorm: participants add and look after their own notes while it runs.
        Row(action: .addNote, role: .participant, kind: .brainstorm, state: .running, expect: .allowed),
        Row(action: .editOwnNote, role: .participant, kind: .brainstorm, state: .running, expect: .allowed),
        Row(action: .deleteOwnNote, role: .participant, kind: .brainstorm, state: .running, expect: .allowed),
        Row(action: .editAnyNote, role: .participant, kind: .brainstorm, state: .running, expect: .notNow),
        Row(action: .deleteAnyNote, role: .participant, kind: .brainstorm, state: .running, expect: .notNow),
        Row(action: .addNote, role: .participant, kind: .brainstorm, state: .paused, expect: .notNow),
        Row(action: .addNote, role: .participant, kind: nil, state: nil, expect: .notNow),
        Row(action: .placeDot, role: .participant, kind: .brainstorm, state: .running, expect: .notNow),
        Row(action: .createCluster, role: .participant, kind: .brainstorm, state: .running, expect: .notNow),
        // Clustering: participants move and edit their own notes; facilitators name clusters.
        Row(action: .moveOwnNote, role: .participant, kind: .clustering, state: .running, expect: .allowed),
        Row(action: .addNote, role: .participant, kind: .clustering, state: .running, expect: .notNow),
        Row(action: .moveAnyNote, role: .participant, kind: .clustering, state: .running, expect: .notNow),
        Row(action: .createCluster, role: .facilitator, kind: .clustering, state: .running, expect: .allowed),
        Row(action: .renameCluster, role: .facilitator, kind: .clustering, state: .running, expect: .allowed),
        // Dot vote: dots only, and only while it runs.
        Row(action: .placeDot, role: .participant, kind: .dotVote, state: .running, expect: .allowed),
        Row(action: .removeDot, role: .participant, kind: .dotVote, state: .running, expect: .allowed),
        Row(action: .placeDot, role: .participant, kind: .dotVote, state: .paused, expect: .notNow),
        Row(action: .addNote, role: .participant, kind: .dotVote, state: .running, expect: .notNow),
        Row(action: .placeDot, role: .facilitator, kind: .dotVote, state: .running, expect: .allowed),
        Row(action: .placeDot, role: .facilitator, kind: .dotVote, state: .paused, expect: .notNow),
        Row(action: .placeDot, role: .facilitator, kind: .brainstorm, state: .running, expect: .notNow),
        // Blueprint drafting: steps are notes in lanes.
        Row(action: .addNote, role: .participant, kind: .blueprint, state: .running, expect: .allowed),
        Row(action: .moveOwnNote, role: .participant, kind: .blueprint, state: .running, expect: .allowed),
        // Framing and decision: participants read; the facilitator records decisions.
        Row(action: .addNote, role: .participant, kind: .framing, state: .running, expect: .notNow),
        Row(action: .recordDecision, role: .participant, kind: .decision, state: .running, expect: .notNow),
        Row(action: .recordDecision, role: .facilitator, kind: .decision, state: .running, expect: .allowed),
        Row(action: .recordDecision, role: .facilitator, kind: .brainstorm, state: .running, expect: .notNow),
        Row(action: .recordDecision, role: .facilitator, kind: nil, state: nil, expect: .notNow),
        // Facilitators tidy whenever the workshop runs, even between activities.
        Row(action: .editAnyNote, role: .facilitator, kind: nil, state: nil, expect: .allowed),
        Row(action: .deleteAnyNote, role: .facilitator, kind: .dotVote, state: .paused, expect: .allowed),
        Row(action: .moveAnyNote, role: .facilitator, kind: .framing, state: .running, expect: .allowed),
        Row(action: .deleteCluster, role: .facilitator, kind: .brainstorm, state: .running, expect: .allowed),
        // Viewers never write; nobody writes unless the workshop runs.
        Row(action: .addNote, role: .viewer, kind: .brainstorm, state: .running, expect: .forbidden),
        Row(action: .placeDot, role: .viewer, kind: .dotVote, state: .running, expect: .forbidden),
        Row(action: .addNote, role: .participant, workshop: .scheduled, kind: .brainstorm, state: .running, expect: .notNow),
        Row(action: .editAnyNote, role: .facilitator, workshop: .closed, kind: nil, state: nil, expect: .notNow),
        Row(action: .addNote, role: .facilitator, workshop: .cancelled, kind: nil, state: nil, expect: .notNow),
    ]

    @Test(arguments: rows)
    func rule(_ row: Row) {
        let decision = BoardRules.check(row.action, role: row.role, workshop: row.workshop, activity: row.kind,
                                        activityState: row.state)
        let got: Expect = switch decision {
        case .allowed: .allowed
        case .forbidden: .forbidden
        default: .notNow
        }
        #expect(got == row.expect)
    }

    static func activity(_ state: ActivityState, endsAt: Date? = nil, secondsLeft: Int? = nil) -> Activity {
        Activity(id: 1, position: 1, kind: .brainstorm, title: "Ideas", prompt: "", minutes: 10, dotsPerParticipant: 5,
                 maxDotsPerItem: 3, state: state, endsAt: endsAt, secondsLeft: secondsLeft)
    }

    @Test func theClockKeepsAnEndTimeThatPausesAndExtendsCorrectly() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let started = ActivityClock.apply(.start, to: Self.activity(.pending), now: now)
        #expect(started == .init(state: .running, endsAt: now + 600, secondsLeft: nil))
        let running = Self.activity(.running, endsAt: now + 600)
        #expect(running.remaining(at: now + 100) == 500)
        #expect(running.remaining(at: now + 900) == 0)
        let paused = ActivityClock.apply(.pause, to: running, now: now + 100)
        #expect(paused == .init(state: .paused, endsAt: nil, secondsLeft: 500))
        let resumed = ActivityClock.apply(.resume, to: Self.activity(.paused, secondsLeft: 500), now: now + 1000)
        #expect(resumed?.endsAt == now + 1500)
        #expect(ActivityClock.apply(.extend(minutes: 5), to: running, now: now)?.endsAt == now + 900)
        // Extending an activity whose time is up counts from now.
        #expect(ActivityClock.apply(.extend(minutes: 5), to: running, now: now + 700)?.endsAt == now + 1000)
        #expect(ActivityClock.apply(.extend(minutes: 2), to: Self.activity(.paused, secondsLeft: 30), now: now)?.secondsLeft == 150)
        #expect(ActivityClock.apply(.finish, to: running, now: now)?.state == .done)
        // Commands that do not apply.
        #expect(ActivityClock.apply(.start, to: running, now: now) == nil)
        #expect(ActivityClock.apply(.pause, to: Self.activity(.pending), now: now) == nil)
        #expect(ActivityClock.apply(.resume, to: running, now: now) == nil)
        #expect(ActivityClock.apply(.extend(minutes: 0), to: running, now: now) == nil)
        #expect(ActivityClock.apply(.extend(minutes: 5), to: Self.activity(.done), now: now) == nil)
        #expect(ActivityClock.apply(.finish, to: Self.activity(.pending), now: now) == nil)
    }

    @Test func theDotBudgetStopsAtNAndAtKOnOneItem() {
        #expect(DotBudget.check(spent: 4, onItem: 2, perParticipant: 5, perItem: 3) == .allowed)
        #expect(DotBudget.check(spent: 5, onItem: 0, perParticipant: 5, perItem: 3) != .allowed)
        #expect(DotBudget.check(spent: 2, onItem: 3, perParticipant: 5, perItem: 3) != .allowed)
    }

    @Test(arguments: [
        (["op": "add", "body": "Call them back"], true), (["op": "add", "body": ""], false),
        (["op": "add", "body": String(repeating: "x", count: 501)], false),
        (["op": "add", "body": "Step", "lane": "frontstage"], true), (["op": "add", "body": "Step", "lane": "roof"], false),
        (["op": "edit", "note": "4", "body": "New text", "seen": "2"], true), (["op": "edit", "body": "No note"], false),
        (["op": "move", "note": "4", "cluster": "none"], true), (["op": "move", "note": "-4"], false),
        (["op": "cluster", "name": "Speed"], true), (["op": "rename", "cluster": "2", "name": ""], false),
        (["op": "dot", "target": "note-3"], true), (["op": "dot", "target": "idea-3"], false),
        (["op": "undot", "target": "cluster-2"], true), (["op": "explode"], false),
    ])
    func commandsAreReadFromFlatFields(_ fields: [String: String], _ valid: Bool) {
        #expect(((try? BoardCommand.parse(fields)) != nil) == valid)
    }

    static func note(_ id: Int64, _ body: String, cluster: Int64? = nil) -> BoardNote {
        BoardNote(id: id, body: body, clusterID: cluster, lane: nil, authorID: 1, authorName: "Ann", bodyVersion: 1,
                  placeVersion: 1)
    }

    /// What a server sends for: add 1, add 2, cluster 7, move 1 into it, dots on the cluster, edit 2, delete 1.
    static let ops: [BoardOp] = [
        BoardOp(seq: 1, kind: .noteSaved, actorID: 1, note: note(1, "Callback")),
        BoardOp(seq: 2, kind: .noteSaved, actorID: 1, note: note(2, "Chat")),
        BoardOp(seq: 3, kind: .clusterSaved, actorID: 9, cluster: BoardCluster(id: 7, name: "Contact")),
        BoardOp(seq: 4, kind: .noteSaved, actorID: 9, note: note(1, "Callback", cluster: 7)),
        BoardOp(seq: 5, kind: .dots, actorID: 1, dots: DotTally(activityID: 3, target: "cluster-7", total: 2, memberID: 1, mine: 2)),
        BoardOp(seq: 6, kind: .noteSaved, actorID: 1, note: note(2, "Live chat")),
        BoardOp(seq: 7, kind: .noteDeleted, actorID: 9, noteID: 1),
        BoardOp(seq: 8, kind: .clusterDeleted, actorID: 9, clusterID: 7),
    ]

    @Test func aClientThatMissesOperationsCatchesUpToTheServersState() {
        var inOrder = BoardReplica()
        for op in Self.ops { #expect(inOrder.receive(op) == .applied(1)) }
        #expect(inOrder.seq == 8 && inOrder.notes.keys.sorted() == [2] && inOrder.clusters.isEmpty)
        #expect(inOrder.notes[2]?.body == "Live chat" && inOrder.content.dotTotals.isEmpty)
        // A flaky connection: 3 and 4 lost, 5 and 6 arrive, the client asks for what follows 2.
        var flaky = BoardReplica()
        #expect(flaky.receive(Self.ops[0]) == .applied(1))
        #expect(flaky.receive(Self.ops[1]) == .applied(1))
        #expect(flaky.receive(Self.ops[4]) == .gap(after: 2))
        #expect(flaky.receive(Self.ops[5]) == .gap(after: 2))
        #expect(flaky.buffered == 2 && flaky.seq == 2)
        // Catch-up sends 3…8; 5 and 6 arrive twice and count once.
        var applied = 0
        for op in Self.ops[2...] {
            switch flaky.receive(op) {
            case .applied(let n): applied += n
            case .duplicate: break
            case .gap: Issue.record("no gap expected during catch-up")
            }
        }
        #expect(applied == 6)
        #expect(flaky.content == inOrder.content)
        // A reload: a snapshot taken at 4 plus the operations from 3 (overlap) ends in the same state.
        var reloaded = BoardReplica(seq: 4, notes: [Self.note(1, "Callback", cluster: 7), Self.note(2, "Chat")],
                                    clusters: [BoardCluster(id: 7, name: "Contact")])
        for op in Self.ops[2...] { _ = reloaded.receive(op) }
        #expect(reloaded.content == inOrder.content)
    }

    @Test func operationsTravelAsJSONAndBack() throws {
        for op in Self.ops {
            let data = try JSONEncoder().encode(op)
            #expect(try JSONDecoder().decode(BoardOp.self, from: data) == op)
        }
    }
}
