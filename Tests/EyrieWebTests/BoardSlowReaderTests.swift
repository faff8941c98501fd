import EyrieStore
import Foundation
import HummingbirdTesting
import HummingbirdWSClient
import Testing

/// A client that stops reading: the others still get everything at once, and the server cuts it off after a bounded
/// backlog instead of keeping its operations for ever.
extension BoardLiveTests {
    @Test func aSocketThatStopsReadingIsCutOffWithoutHoldingUpTheOthers() async throws {
        try await Self.run { live in
            let ann = live.world.fixture.memberIDs[0]
            let start = try await Self.currentSeq(live)
            let stalled = try await Self.options(live, member: live.world.fixture.memberIDs[1], port: live.b.port!)
            let reading = try await Self.options(live, member: ann, port: live.b.port!)
            // ~700 bytes a frame: well past what the kernel's buffers, NIO's and the board's backlog hold together.
            let notes = 2000
            let body = String(repeating: "A slow reader must not hold up the board. ", count: 11)
            try await live.b.ws("/workshops/\(live.workshop)/board/live?after=\(start)", configuration: stalled) { slow, _, _ in
                try await live.b.ws("/workshops/\(live.workshop)/board/live?after=\(start)", configuration: reading) { inbound, outbound, _ in
                    let watchdog = Self.watchdog(outbound, seconds: 25)
                    defer { watchdog.cancel() }
                    // act: the notes arrive (four writers at once) while one socket reads nothing
                    let board = BoardRepository(live.world.db)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<4 {
                            group.addTask {
                                for _ in 0..<(notes / 4) {
                                    _ = try await board.apply(.addNote(body: body, clusterID: nil, lane: nil),
                                                              workshopID: live.workshop, actorID: ann)
                                }
                            }
                        }
                        // check: the reading socket gets every one, once and in order, while the other is stuck
                        var seen = start
                        var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
                        while seen < start + Int64(notes), let message = try await messages.next() {
                            guard let seq = Self.seq(Self.json(message)) else { continue }
                            #expect(seq == seen + 1)
                            seen = seq
                        }
                        #expect(seen == start + Int64(notes))
                        try await group.waitForAll()
                    }
                    try await outbound.close(.normalClosure, reason: nil)
                }
                // check: the stalled socket was cut off: reading it now ends, short of the last note
                var last = start
                var messages = slow.messages(maxSize: 1 << 16).makeAsyncIterator()
                do {
                    while let message = try await messages.next() { last = Self.seq(Self.json(message)) ?? last }
                } catch {}
                #expect(last > start)
                #expect(last < start + Int64(notes))
            }
        }
    }
}
