import EyrieCore
import EyrieStore
import Foundation
import Logging
import ServiceLifecycle

/// Keeps every community's health figures fresh while `serve` runs: each community whose latest snapshot is older
/// than `every` gets a new one (the month under way redone; closed months stay). Communities take turns, one at a
/// time; a failure is logged and tried again next round. Two servers at once only repeat work: snapshots of one
/// community take turns on its row.
public struct HealthKeeper: Service {
    let db: Database
    let every: Duration
    let logger: Logger

    public init(db: Database, every: Duration, logger: Logger) {
        self.db = db
        self.every = every
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                try await Task.sleep(for: .seconds(20))  // let the server start first
                while true {
                    await round()
                    try await Task.sleep(for: min(every, .seconds(300)))
                }
            }
        } catch is CancellationError {
            return
        }
    }

    func round() async {
        let seconds = every.inSeconds
        do {
            for community in try await CommunityRepository(db).all() {
                try Task.checkCancellation()
                if let latest = try await HealthRepository(db).latest(communityID: community.id),
                   Date().timeIntervalSince(latest.takenAt) < seconds { continue }
                let start = ContinuousClock.now
                let outcome = try await HealthSnapshot(db).take(communityID: community.id)
                logger.info("health figures brought up to date", metadata: [
                    "community": .string(community.slug), "months": .stringConvertible(outcome.months.count),
                    "members": .stringConvertible(outcome.members),
                    "ms": .stringConvertible(Int((ContinuousClock.now - start).inSeconds * 1000)),
                ])
            }
        } catch is CancellationError {
        } catch {
            logger.warning("health figures not brought up to date, trying again later: \(error)")
        }
    }
}
