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
    public static func run<T: Sendable>(
        _ limit: Duration, late: @escaping @Sendable (T) async -> Void = { _ in },
        _ body: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let work = Task { try await body() }
        let race = Race<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                race.start(continuation)
                let timer = Task {
                    try? await Task.sleep(for: limit)
                    guard !Task.isCancelled else { return }
                    if race.finish(.failure(Exceeded(limit: limit))) { work.cancel() }
                }
                Task {
                    let result = await work.result
                    timer.cancel()
                    if !race.finish(result), case .success(let value) = result { await late(value) }
                }
            }
        } onCancel: {
            work.cancel()
        }
    }

    /// The continuation, resumed by whichever of the work and the timer finishes first.
    private final class Race<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var continuation: CheckedContinuation<T, any Error>?

        func start(_ continuation: CheckedContinuation<T, any Error>) {
            lock.withLock { self.continuation = continuation }
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
