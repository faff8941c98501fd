import Foundation

/// Runs work with a time limit that holds even when the work does not stop: past the limit the caller gets
/// `Exceeded` at once and the work is cancelled (a connection lease gives up; a query ends with its connection or
/// its `statement_timeout`) and left to end by itself. That is what keeps a request from hanging on a database that
/// went away.
public enum Deadline {
    public struct Exceeded: Error, CustomStringConvertible {
        public var limit: Duration
        public var description: String { "no answer within \(limit)" }
    }

    /// `late` receives the work's result when it arrives after the limit, for whatever it still has to close.
    ///
    /// Two tasks per call: the work, which delivers its own result when it ends, and a timer. (A third task that only
    /// waited for the work's result was one task too many on every request.)
    public static func run<T: Sendable>(
        _ limit: Duration, late: @escaping @Sendable (T) async -> Void = { _ in },
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                race.start(continuation)
                let timer = Task {
                    try? await Task.sleep(for: limit)
                    guard !Task.isCancelled else { return }
                    if race.finish(.failure(Exceeded(limit: limit))) { race.cancelWork() }
                }
                race.setWork(Task {
                    let result: Result<T, any Error>
                    do { result = .success(try await body()) } catch { result = .failure(error) }
                    timer.cancel()
                    if !race.finish(result), case .success(let value) = result { await late(value) }
                })
            }
        } onCancel: {
            race.cancelWork()
        }
    }

    /// The continuation, resumed by whichever of the work and the timer finishes first.
    private final class Race<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T, any Error>?

        private var work: Task<Void, Never>?
        private var workCancelled = false

        func start(_ continuation: CheckedContinuation<T, any Error>) {
            lock.withLock { self.continuation = continuation }
        }

        /// The work's task; cancelled at once when the caller or the timer cancelled it before it was set.
        func setWork(_ task: Task<Void, Never>) {
            let cancelNow = lock.withLock { () -> Bool in
                work = task
                return workCancelled
            }
            if cancelNow { task.cancel() }
        }

        func cancelWork() {
            let task = lock.withLock { () -> Task<Void, Never>? in
                workCancelled = true
                return work
            }
            task?.cancel()
        }

        @discardableResult
        func finish(_ result: Result<T, any Error>) -> Bool {
            let waiting = lock.withLock { () -> CheckedContinuation<T, any Error>? in
                defer { continuation = nil }
                return continuation
            }
            waiting?.resume(with: result)
            return waiting != nil
        }
    }
}
