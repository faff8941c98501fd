import Foundation
import Synchronization

/// Values kept for a short while by key: for counts many pages read and few changes move (how many members each
/// organisation has in a community), so that a busy list does not recount them on every view. A change the server
/// makes itself forgets its key at once; other changes show within `lifetime`.
final class TimedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: (until: Date, value: Value)]>([:])
    let lifetime: TimeInterval
    let limit: Int

    init(lifetime: TimeInterval, limit: Int = 1000) {
        self.lifetime = lifetime
        self.limit = limit
    }

    func value(for key: Key, now: Date = Date(), load: () async throws -> Value) async throws -> Value {
        if let kept = entries.withLock({ $0[key] }), kept.until > now { return kept.value }
        let value = try await load()
        entries.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[key] = (now.addingTimeInterval(lifetime), value)
        }
        return value
    }

    func forget(_ key: Key) { _ = entries.withLock { $0.removeValue(forKey: key) } }

    /// For a change that moves values under many keys at once.
    func forgetAll() { entries.withLock { $0.removeAll() } }
}
