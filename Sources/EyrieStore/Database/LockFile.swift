import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An advisory `flock` on a file: shared or exclusive, released when closed or when the process ends (even by
/// `kill -9`), so a lock never outlives its holder.
public final class LockFile: @unchecked Sendable {
    public let path: String
    private var descriptor: Int32

    public init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw EmbeddedPostgres.Failure(description: "could not open \(path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close() }

    /// Takes the lock; without `wait`, returns false at once when another process holds a conflicting one.
    @discardableResult
    public func lock(exclusive: Bool, wait: Bool) throws -> Bool {
        let operation = (exclusive ? LOCK_EX : LOCK_SH) | (wait ? 0 : LOCK_NB)
        while flock(descriptor, operation) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw EmbeddedPostgres.Failure(description: "could not lock \(path): \(String(cString: strerror(errno)))")
        }
        return true
    }

    /// Replaces the file's text (a pid, for the message another process shows).
    public func write(_ text: String) {
        _ = ftruncate(descriptor, 0)
        _ = text.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    public func read() -> String {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    public func close() {
        if descriptor >= 0 { Glibc.close(descriptor) }
        descriptor = -1
    }
}
