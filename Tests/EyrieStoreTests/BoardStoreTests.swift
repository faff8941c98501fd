import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

/// The live board over a real PostgreSQL: rules re-checked under the workshop's lock, operations numbered without
/// gaps, dots within their budget under concurrency, last writer wins with the loser told, and a replica replaying
/// the log ends in the database's state.
struct BoardStoreTests {
    struct World {
        var f: Fixture
        var workshop: Int64
        var board: BoardRepository
        var agenda: AgendaRepository
        var activities: [Activity]
    }

    /// A running workshop (members 0 and 1 seated, member 2 not) with a brainstorm, a clustering and a dot vote of
    /// 3 dots, at most 2 on one item.
    static func world(_ db: Database) async throws -> World {
        let f = try await Fixture.make(db, members: 3)
        let workshop = try await f.workshop(db, state: .running)
        for member in f.memberIDs.prefix(2) {
            try await RegistrationRepository(db).register(workshopID: workshop, memberID: member)
        }
        let agenda = AgendaRepository(db)
        try await agenda.add(ActivityDraft(kind: .brainstorm, title: "Ideas", prompt: "", minutes: 10),
                             workshopID: workshop, actorID: f.facilitatorID)
        try await agenda.add(ActivityDraft(kind: .clustering, title: "Group", prompt: "", minutes: 10),
                             workshopID: workshop, actorID: f.facilitatorID)
        try await agenda.add(ActivityDraft(kind: .dotVote, title: "Vote", prompt: "", minutes: 5, dotsPerParticipant: 3,
                                           maxDotsPerItem: 2), workshopID: workshop, actorID: f.facilitatorID)
        return World(f: f, workshop: workshop, board: BoardRepository(db), agenda: agenda,
                     activities: try await agenda.list(workshopID: workshop))
    }

    func add(_ w: World, _ body: String, by member: Int64) async throws -> Int64 {
        let op = try await w.board.apply(.addNote(body: body, clusterID: nil, lane: nil), workshopID: w.workshop, actorID: member)
        return try #require(op.note?.id)
    }

    @Test func theRulesAreAppliedUnderTheLockAndTheLogReplaysToTheSameBoard() async throws {
        try await TestDatabase.withDatabase { db in
            let w = try await Self.world(db)
            let (ann, bob, carl) = (w.f.memberIDs[0], w.f.memberIDs[1], w.f.memberIDs[2])
            // Before any activity runs, participants cannot write.
            await #expect(throws: BoardRepository.Refused.self) { _ = try await add(w, "Too early", by: ann) }
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            let callback = try await add(w, "Callback instead of hold music", by: ann)
            let chat = try await add(w, "Live chat with a person", by: bob)
            // A member without a seat only watches; someone else's note is not a participant's to delete.
            await #expect(throws: BoardRepository.Refused(decision: .forbidden(
                "Only the workshop's participants can change its board. Register for a seat first."))) {
                _ = try await add(w, "Not seated", by: carl)
            }
            await #expect(throws: BoardRepository.Refused.self) {
                _ = try await w.board.apply(.deleteNote(id: chat), workshopID: w.workshop, actorID: ann)
            }
            // Clustering: the facilitator names a cluster, participants move their own notes into it.
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            let cluster = try #require(try await w.board.apply(.createCluster(name: "Talk to a person"),
                                                               workshopID: w.workshop, actorID: w.f.facilitatorID).cluster?.id)
            _ = try await w.board.apply(.moveNote(id: callback, clusterID: cluster, lane: nil, seen: 1),
                                        workshopID: w.workshop, actorID: ann)
            await #expect(throws: BoardRepository.Refused.self) { _ = try await add(w, "Late idea", by: ann) }
            // Dot vote.
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            _ = try await w.board.apply(.placeDot(target: "cluster-\(cluster)"), workshopID: w.workshop, actorID: bob)
            _ = try await w.board.apply(.placeDot(target: "note-\(chat)"), workshopID: w.workshop, actorID: bob)
            // A note on another board is not found.
            await #expect(throws: StoreError.notFound) {
                _ = try await w.board.apply(.placeDot(target: "note-999999"), workshopID: w.workshop, actorID: bob)
            }
            // check: the log is numbered 1…n without gaps, and replaying it gives the board the database holds
            let ops = try await w.board.ops(workshopID: w.workshop, after: 0)
            #expect(ops.map(\.seq) == Array(1...Int64(ops.count)))
            var replica = BoardReplica()
            for op in ops { _ = replica.receive(try JSONDecoder().decode(BoardOp.self, from: Data(op.json.utf8))) }
            let snapshot = try await w.board.snapshot(workshopID: w.workshop, memberID: bob)
            let fromDatabase = BoardReplica(seq: snapshot.seq, notes: snapshot.notes, clusters: snapshot.clusters,
                                            dotTotals: snapshot.dotTotals)
            #expect(replica.content == fromDatabase.content)
            #expect(snapshot.mySpent[w.activities[2].id] == 2)
            #expect(replica.agenda.map(\.state) == ["done", "done", "running"])
        }
    }

    @Test func dotsRacingPastTheBudgetStopAtExactlyNAndKOnOneItem() async throws {
        try await TestDatabase.withDatabase { db in
            let w = try await Self.world(db)
            let ann = w.f.memberIDs[0]
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            var notes: [Int64] = []
            for i in 0..<4 { notes.append(try await add(w, "Note \(i)", by: ann)) }
            try await w.agenda.clock(.start, activityID: w.activities[2].id, workshopID: w.workshop, actorID: w.f.facilitatorID)
            // act: 12 dots at once, three on each note, from one member with 3 dots, at most 2 on one note
            let placed = await withTaskGroup(of: Bool.self) { group in
                for note in notes {
                    for _ in 0..<3 {
                        group.addTask {
                            (try? await w.board.apply(.placeDot(target: "note-\(note)"), workshopID: w.workshop,
                                                      actorID: ann)) != nil
                        }
                    }
                }
                return await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            // check: exactly the budget, never more than 2 on one note, and the kept spend equals the dots
            #expect(placed == 3)
            let snapshot = try await w.board.snapshot(workshopID: w.workshop, memberID: ann)
            #expect(snapshot.mySpent[w.activities[2].id] == 3)
            #expect(snapshot.myDots.values.allSatisfy { $0 <= 2 })
            #expect(snapshot.myDots.values.reduce(0, +) == 3)
            // Taking one back gives it back to the budget.
            let target = try #require(snapshot.myDots.keys.first?.split(separator: "/").last.map(String.init))
            let op = try await w.board.apply(.removeDot(target: target), workshopID: w.workshop, actorID: ann)
            #expect(op.dots?.mine == (snapshot.myDots.values.first ?? 0) - 1)
            _ = try await w.board.apply(.placeDot(target: target), workshopID: w.workshop, actorID: ann)
        }
    }

    @Test func theLastWriterWinsPerFieldAndTheOverwrittenWriterIsTold() async throws {
        try await TestDatabase.withDatabase { db in
            let w = try await Self.world(db)
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            let ann = w.f.memberIDs[0]
            let note = try await add(w, "Callback", by: ann)
            // Ann and the facilitator both start from version 1 of the text.
            let first = try await w.board.apply(.editNote(id: note, body: "Callback within an hour", seen: 1),
                                                workshopID: w.workshop, actorID: ann)
            #expect(first.overwrote == nil)
            let second = try await w.board.apply(.editNote(id: note, body: "Callback within a day", seen: 1),
                                                 workshopID: w.workshop, actorID: w.f.facilitatorID)
            #expect(second.note?.body == "Callback within a day" && second.note?.bodyVersion == 3)
            #expect(second.overwrote == [Overwrite(memberID: ann, noteID: note, field: "text", byName: "Facilitator Person")])
            // A move is another field: it does not conflict with the text.
            let moved = try await w.board.apply(.moveNote(id: note, clusterID: nil, lane: .frontstage, seen: 1),
                                                workshopID: w.workshop, actorID: ann)
            #expect(moved.overwrote == nil && moved.note?.body == "Callback within a day" && moved.note?.lane == "frontstage")
        }
    }

    @Test func concurrentWritersGetConsecutiveNumbers() async throws {
        try await TestDatabase.withDatabase { db in
            let w = try await Self.world(db)
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            let before = try await w.board.ops(workshopID: w.workshop, after: 0).count
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<30 {
                    let member = w.f.memberIDs[i % 2]
                    group.addTask { _ = try await add(w, "Note \(i)", by: member) }
                }
                try await group.waitForAll()
            }
            let ops = try await w.board.ops(workshopID: w.workshop, after: 0)
            #expect(ops.count == before + 30)
            #expect(ops.map(\.seq) == Array(1...Int64(ops.count)))
        }
    }

    /// A command sent again under its reference (a client resending after a reconnect) is answered with the operation
    /// it made the first time, on the quick way (a note) and the locked way (a cluster) alike, even when the copies
    /// race each other; the same reference from another member, or a new one, is a new command.
    @Test func aCommandSentAgainUnderItsReferenceIsAppliedOnce() async throws {
        try await TestDatabase.withDatabase { db in
            let w = try await Self.world(db)
            let (ann, bob) = (w.f.memberIDs[0], w.f.memberIDs[1])
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            let first = try await w.board.apply(.addNote(body: "Sent twice", clusterID: nil, lane: nil), workshopID: w.workshop,
                                                actorID: ann, ref: "page1-1")
            await #expect(throws: BoardRepository.AlreadyApplied(seq: first.seq)) {
                _ = try await w.board.apply(.addNote(body: "Sent twice", clusterID: nil, lane: nil), workshopID: w.workshop,
                                            actorID: ann, ref: "page1-1")
            }
            let bobs = try await w.board.apply(.addNote(body: "Sent twice", clusterID: nil, lane: nil), workshopID: w.workshop,
                                               actorID: bob, ref: "page1-1")
            #expect(bobs.seq == first.seq + 1)
            // ten copies of one command racing: one applies, nine are told its number
            let seqs = try await withThrowingTaskGroup(of: (Int64, Bool).self) { group in
                for _ in 0..<10 {
                    group.addTask {
                        do {
                            let op = try await w.board.apply(.addNote(body: "Raced", clusterID: nil, lane: nil),
                                                             workshopID: w.workshop, actorID: bob, ref: "page2-7")
                            return (op.seq, true)
                        } catch let again as BoardRepository.AlreadyApplied {
                            return (again.seq, false)
                        }
                    }
                }
                return try await group.reduce(into: [(Int64, Bool)]()) { $0.append($1) }
            }
            #expect(seqs.filter(\.1).count == 1)
            #expect(Set(seqs.map(\.0)).count == 1)
            // the locked way: a cluster, then the same command again
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            let cluster = try await w.board.apply(.createCluster(name: "Calls"), workshopID: w.workshop,
                                                  actorID: w.f.facilitatorID, ref: "page3-1")
            await #expect(throws: BoardRepository.AlreadyApplied(seq: cluster.seq)) {
                _ = try await w.board.apply(.createCluster(name: "Calls"), workshopID: w.workshop,
                                            actorID: w.f.facilitatorID, ref: "page3-1")
            }
            let rows = try await db.client.query("""
                SELECT (SELECT count(*) FROM board_notes WHERE workshop_id = \(w.workshop) AND body = 'Sent twice'),
                       (SELECT count(*) FROM board_notes WHERE workshop_id = \(w.workshop) AND body = 'Raced'),
                       (SELECT count(*) FROM board_clusters WHERE workshop_id = \(w.workshop) AND name = 'Calls')
                """).collect()
            let counts = try #require(rows.first).decode((Int, Int, Int).self)
            #expect(counts == (2, 1, 1))
            // the operations are still numbered without a gap
            let ops = try await w.board.ops(workshopID: w.workshop, after: 0)
            #expect(ops.map(\.seq) == Array(1...Int64(ops.count)))
        }
    }

    @Test func theNotificationCarriesTheOperationWhileItFitsAndOnlyItsNumberWhenItDoesNot() async throws {
        try await TestDatabase.withDatabase { db in
            let w = try await Self.world(db)
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            let heard = try await db.client.withConnection { connection in
                try await connection.listen(on: BoardRepository.channel) { notifications in
                    var payloads: [String] = []
                    // act: a note (short), then an agenda of long prompts (longer than a notification may be)
                    _ = try await add(w, "Callback: within a day", by: w.f.memberIDs[0])
                    let prompt = String(repeating: "How might we answer faster? ", count: 35)
                    for i in 0..<9 {
                        try await w.agenda.add(ActivityDraft(kind: .framing, title: "Question \(i)", prompt: prompt, minutes: 5),
                                               workshopID: w.workshop, actorID: w.f.facilitatorID)
                    }
                    for try await note in notifications {
                        payloads.append(note.payload)
                        if payloads.count == 10 { break }
                    }
                    return payloads
                }
            }
            let ops = try await w.board.ops(workshopID: w.workshop, after: 0)
            // check: the note's notification is `<workshop>:<seq>:<the operation as stored>`
            let first = heard[0].split(separator: ":", maxSplits: 2).map(String.init)
            let noteOp = try #require(ops.first { $0.json.contains("Callback: within a day") })
            #expect(first == ["\(w.workshop)", "\(noteOp.seq)", noteOp.json])
            // check: the last agenda operation is too long to carry, so only its number is announced
            let last = try #require(ops.last)
            #expect(last.json.utf8.count > BoardRepository.maxNotifiedBytes)
            #expect(heard[9] == "\(w.workshop):\(last.seq)")
            #expect(heard.map { Int64($0.split(separator: ":")[1]) } == ops.suffix(10).map(\.seq))
        }
    }

    @Test func notesRacingTheEndOfTheBrainstormAreKeptOnlyWhileItRuns() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: the brainstorm runs; 40 notes from two participants race the facilitator moving on to clustering
            let w = try await Self.world(db)
            try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID)
            let brainstorm = try #require(w.activities.first?.id)
            // act
            let added = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<40 {
                    let member = w.f.memberIDs[i % 2]
                    group.addTask {
                        do { _ = try await add(w, "Note \(i)", by: member); return 1 } catch is BoardRepository.Refused { return 0 }
                    }
                    if i == 20 {
                        group.addTask { try await w.agenda.advance(workshopID: w.workshop, actorID: w.f.facilitatorID); return 0 }
                    }
                }
                return try await group.reduce(0, +)
            }
            // check: every kept note belongs to the brainstorm; notes, operations and the board's counter agree
            let rows = try await db.client.query("""
                SELECT (SELECT count(*) FROM board_notes WHERE workshop_id = \(w.workshop))::int8,
                       (SELECT count(*) FROM board_notes WHERE workshop_id = \(w.workshop) AND activity_id <> \(brainstorm))::int8,
                       (SELECT count(*) FROM board_ops WHERE workshop_id = \(w.workshop) AND kind = 'noteSaved')::int8,
                       (SELECT board_seq FROM workshops WHERE id = \(w.workshop)),
                       (SELECT max(seq) FROM board_ops WHERE workshop_id = \(w.workshop)),
                       (SELECT count(*) FROM board_ops WHERE workshop_id = \(w.workshop))::int8
                """, logger: db.logger)
            for try await (notes, elsewhere, noteOps, counter, last, ops) in rows.decode((Int64, Int64, Int64, Int64, Int64, Int64).self) {
                #expect(notes == Int64(added) && noteOps == notes)
                #expect(elsewhere == 0)
                #expect(counter == last && last == ops)
            }
            let ops = try await w.board.ops(workshopID: w.workshop, after: 0)
            #expect(ops.map(\.seq) == Array(1...Int64(ops.count)))
            // No note was numbered after the operation that ended the brainstorm.
            let ends = try await db.client.query("""
                SELECT max(seq) FILTER (WHERE kind = 'agenda'), max(seq) FILTER (WHERE kind = 'noteSaved')
                FROM board_ops WHERE workshop_id = \(w.workshop)
                """, logger: db.logger)
            for try await (agendaSeq, noteSeq) in ends.decode((Int64?, Int64?).self) {
                #expect((noteSeq ?? 0) < (agendaSeq ?? 0))
            }
            // The note operations carry the saved note's own id.
            let ids = try await db.client.query("SELECT id FROM board_notes WHERE workshop_id = \(w.workshop) ORDER BY id",
                                                logger: db.logger).decode(Int64.self).reduce(into: [Int64]()) { $0.append($1) }
            let opIDs = ops.compactMap { op -> Int64? in
                guard let data = op.json.data(using: .utf8), let decoded = try? JSONDecoder().decode(BoardOp.self, from: data),
                      decoded.kind == .noteSaved else { return nil }
                return decoded.note?.id
            }
            #expect(opIDs.sorted() == ids)
        }
    }
}
