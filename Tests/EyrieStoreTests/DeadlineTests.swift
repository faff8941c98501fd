import EyrieStore
import Foundation
import Testing

/// The time limit on a request's work: the work's value when it is in time; `Exceeded` and the work cancelled when it
/// is not, its late value handed to `late`; the work cancelled with its caller.
struct DeadlineTests {
    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String] = []
        func add(_ value: String) { lock.withLock { values.append(value) } }
        var all: [String] { lock.withLock { values } }
    }

    @Test func workInTimeGivesItsValueAndItsError() async throws {
        #expect(try await Deadline.run(.seconds(5)) { 42 } == 42)
        struct Refused: Error {}
        await #expect(throws: Refused.self) { try await Deadline.run(.seconds(5)) { () -> Int in throw Refused() } }
    }

    @Test func lateWorkIsCancelledAndItsValueGoesToLate() async throws {
        let seen = Seen()
        await #expect(throws: Deadline.Exceeded.self) {
            _ = try await Deadline.run(.milliseconds(20), late: { (value: String) in seen.add("late \(value)") }) { () -> String in
                do { try await Task.sleep(for: .seconds(30)) } catch { seen.add("cancelled") }
                return "value"
            }
        }
        for _ in 0..<200 where seen.all.count < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(seen.all == ["cancelled", "late value"])
    }

    @Test func cancellingTheCallerCancelsTheWork() async throws {
        let seen = Seen()
        let caller = Task {
            try await Deadline.run(.seconds(30)) { () -> Int in
                do { try await Task.sleep(for: .seconds(30)) } catch { seen.add("cancelled") }
                return 1
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        caller.cancel()
        _ = await caller.result
        #expect(seen.all == ["cancelled"])
    }
}
