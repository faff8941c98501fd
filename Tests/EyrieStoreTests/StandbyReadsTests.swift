@testable import EyrieStore
import Foundation
import Testing

/// Which standby may serve a read: WAL positions read as PostgreSQL writes them, a standby's lag worked out from the
/// primary's recent positions, and a read that must see the reader's own write. The same rules against a real standby
/// with its replay paused: faults/test_cluster.py.
struct StandbyReadsTests {
    @Test func positionsAreReadAndWrittenAsPostgreSQLDoes() throws {
        #expect(WALPosition("0/5000028")?.value == 0x5000028)
        #expect(WALPosition("16/B374D848")?.value == 0x16_B374_D848)
        #expect(WALPosition("16/B374D848")?.description == "16/B374D848")
        #expect(try #require(WALPosition("1/0")) > #require(WALPosition("0/FFFFFFFF")))
        for bad in ["", "0", "0/", "/1", "x/1", "0/1/2", "123456789/0", "0/123456789", "-1/0"] {
            #expect(WALPosition(bad) == nil, "\(bad)")
        }
    }

    @Test func aStandbyThatHasWhatThePrimaryHadLagsNotAtAll() {
        var history = PrimaryHistory()
        history.record(WALPosition(1000), at: 100)
        history.record(WALPosition(1000), at: 101)
        #expect(history.lag(of: WALPosition(1000), now: 200) == (0, 0))  // a quiet primary: no lag however long ago
        #expect(PrimaryHistory().lag(of: WALPosition(5), now: 1) == (0, 0))  // nothing known yet
    }

    @Test func aStandbyLagsSinceThePrimaryWasLastWhereItIs() {
        var history = PrimaryHistory()
        for (second, position) in [(100.0, 1000), (101, 2000), (102, 3000), (103, 4000)] {
            history.record(WALPosition(UInt64(position)), at: second)
        }
        #expect(history.lag(of: WALPosition(3000), now: 103.5) == (1.5, 1000))
        #expect(history.lag(of: WALPosition(2500), now: 103.5) == (2.5, 1500))
        // behind everything kept: at least as old as the oldest mark
        #expect(history.lag(of: WALPosition(10), now: 103.5) == (3.5, 3990))
    }

    @Test func theHistoryKeepsItsNewestMarksOnly() {
        var history = PrimaryHistory(keep: 3)
        for second in 0..<10 { history.record(WALPosition(UInt64(second)), at: Double(second)) }
        #expect(history.marks.map(\.position.value) == [7, 8, 9])
    }

    @Test func aStandbyServesReadsWithinTheBoundThatSeeTheReadersOwnWrite() {
        let standby = StandbyState(replayed: WALPosition(5000), lagSeconds: 1, lagBytes: 300)
        #expect(standby.serves(after: nil, maxLag: 5))
        #expect(standby.serves(after: WALPosition(5000), maxLag: 5))
        #expect(standby.serves(after: WALPosition(4000), maxLag: 5))
        #expect(!standby.serves(after: WALPosition(5001), maxLag: 5))  // the reader wrote past what it has
        #expect(!standby.serves(after: nil, maxLag: 0.5))  // too far behind for anyone
    }
}
