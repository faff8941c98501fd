import EyrieStore
import Logging
import NIOPosix
import ServiceLifecycle

/// Watches the embedded PostgreSQL under a running server: if it dies (killed, out of memory), the server starts it
/// again and says so in the log; meanwhile pages answer 503, and the pool reconnects once it is back.
public struct ClusterWatch: Service {
    let use: ClusterUse
    let logger: Logger
    let every: Duration

    public init(use: ClusterUse, logger: Logger, every: Duration = .seconds(1)) {
        self.use = use
        self.logger = logger
        self.every = every
    }

    public func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: every)
                    guard !use.cluster.isRunning() else { continue }
                    logger.error("embedded PostgreSQL is not running (killed, or out of memory?): restarting it")
                    do {
                        let use = self.use
                        if try await NIOThreadPool.singleton.runIfActive({ try use.restartIfStopped() }) {
                            logger.notice("embedded PostgreSQL restarted")
                        }
                    } catch {
                        logger.error("could not restart embedded PostgreSQL yet, trying again: \(error)")
                    }
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
