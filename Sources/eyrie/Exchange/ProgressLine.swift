import EyrieCore
import Foundation

/// Rows, rate and time left of a long import or export, redrawn on one line of stderr; silent when stderr is not a
/// terminal (a pipe, a log file, CI).
final class ProgressLine: @unchecked Sendable {  // updated from the one task running the command
    private let enabled: Bool
    private let doing: Phrase
    private let started = Date()
    private var lastDraw = Date.distantPast
    private let lock = NSLock()
    private var rowsBefore = 0
    private var entity = ""
    private var rows = 0

    var enabledOnTerminal: Bool { enabled }

    /// `doing`: "importing {entity}" or "exporting {community}: {entity}", `{entity}` filled as the work goes.
    init(_ doing: Phrase, enabled: Bool = isatty(2) != 0) {
        self.doing = doing
        self.enabled = enabled
    }

    /// `fraction` (0…1) of the whole work done, when known, gives the ETA.
    func update(_ entity: String, rows: Int, fraction: Double?) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if entity != self.entity {
            rowsBefore += self.rows
            self.entity = entity
        }
        self.rows = rows
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let total = rowsBefore + rows
        var what = doing
        what.values["entity"] = entity
        let rate = Int(Double(total) / elapsed)
        var line = say("\("what", say(what)): \(number: "rows", rows) rows · \(number: "rate", rate) rows/s")
        if let fraction, fraction > 0.001 {
            let left = elapsed / min(fraction, 1) - elapsed
            line += say(" · \(number: "percent", Int(min(fraction, 1) * 100))% · \("left", Self.clock(left)) left")
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Clears the line before the command's own report.
    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
