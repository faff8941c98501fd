import EyrieStore
import Foundation
import Testing

/// The backup folder's bookkeeping: which base backup a restore to a moment starts from, which archived WAL pruning
/// may remove (with PostgreSQL's own `pg_archivecleanup`), how moments are read. The backups themselves are taken and
/// restored by PostgreSQL's tools in the fault suite (faults/test_backups.py, the cluster drills).
struct BackupFolderTests {
    /// A folder laid out as `pg_basebackup` leaves it: one folder per base backup, named by when it finished, with the
    /// manifest naming the WAL it starts from.
    func folder(_ backups: [(name: String, startLSN: String)], segments: ClosedRange<Int>) throws -> BackupFolder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eyrie-backups-\(UUID().uuidString)").path
        let folder = try BackupFolder(path: path)
        for backup in backups {
            let dir = "\(folder.baseDirectory)/\(backup.name)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let manifest = #"{ "PostgreSQL-Backup-Manifest-Version": 1, "Files": [], "WAL-Ranges": [ { "Timeline": 1, "#
                + #""Start-LSN": "\#(backup.startLSN)", "End-LSN": "\#(backup.startLSN)" } ] }"#
            try manifest.write(toFile: "\(dir)/backup_manifest", atomically: true, encoding: .utf8)
            try Data(count: 100).write(to: URL(fileURLWithPath: "\(dir)/base.tar.gz"))
        }
        try FileManager.default.createDirectory(atPath: folder.walDirectory, withIntermediateDirectories: true)
        for segment in segments {
            try Data().write(to: URL(fileURLWithPath: "\(folder.walDirectory)/\(String(format: "0000000100000000%08X", segment))"))
        }
        return folder
    }

    func moment(_ text: String) -> Date { RestorePlan.parseMoment(text)! }

    @Test func aRestoreStartsFromTheNewestBaseBackupFinishedByItsMoment() throws {
        let backups = try folder([("20261201T030000Z", "0/2000028"), ("20261202T030000Z", "0/5000028"),
                                  ("20261203T030000Z", "0/7000028")], segments: 1...8)
        defer { try? FileManager.default.removeItem(atPath: backups.path) }
        try FileManager.default.createDirectory(atPath: "\(backups.baseDirectory)/20261204T030000Z.partial",
                                                withIntermediateDirectories: true)
        #expect(try backups.baseBackups().map(\.name) == ["20261201T030000Z", "20261202T030000Z", "20261203T030000Z"])
        #expect(try backups.baseBackups().map(\.firstSegment) == ["000000010000000000000002", "000000010000000000000005",
                                                                    "000000010000000000000007"])
        #expect(try backups.baseBackups().first?.bytes ?? 0 >= 100)
        #expect(try backups.baseBackup(before: moment("2026-12-02T12:00:00Z"))?.name == "20261202T030000Z")
        #expect(try backups.baseBackup(before: moment("2026-12-02T03:00:00Z"))?.name == "20261202T030000Z")
        #expect(try backups.baseBackup(before: moment("2026-12-02T02:59:59Z"))?.name == "20261201T030000Z")
        #expect(try backups.baseBackup(before: moment("2026-11-30T00:00:00Z")) == nil)
        #expect(try backups.baseBackup(before: nil)?.name == "20261203T030000Z")
        #expect(throws: BackupFolder.Failure.self) {
            try RestorePlan(folder: backups, target: moment("2026-11-30T00:00:00Z"), dataDirectory: "\(backups.path)/restored")
        }
    }

    @Test func pruningKeepsTheNewestBaseBackupsAndTheWalFromTheOldestKeptOn() throws {
        guard let bin = EmbeddedPostgres.binaries() else { Issue.record("PostgreSQL's programs are not installed"); return }
        let backups = try folder([("20261201T030000Z", "0/2000028"), ("20261202T030000Z", "0/5000028"),
                                  ("20261203T030000Z", "0/7000028")], segments: 1...8)
        defer { try? FileManager.default.removeItem(atPath: backups.path) }
        let removed = try backups.prune(keep: 2, binDirectory: bin, log: "\(backups.path)/backup.log")
        #expect(removed == ["20261201T030000Z"])
        #expect(try backups.baseBackups().map(\.name) == ["20261202T030000Z", "20261203T030000Z"])
        let wal = try FileManager.default.contentsOfDirectory(atPath: backups.walDirectory).sorted()
        #expect(wal == (5...8).map { String(format: "0000000100000000%08X", $0) })
        // nothing more to remove when no more are kept than there are
        #expect(try backups.prune(keep: 2, binDirectory: bin, log: "\(backups.path)/backup.log") == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: backups.walDirectory).count == 4)
    }

    @Test func aRestoreGoesIntoANewFolderOnly() throws {
        let backups = try folder([("20261201T030000Z", "0/2000028")], segments: 1...2)
        defer { try? FileManager.default.removeItem(atPath: backups.path) }
        let used = "\(backups.path)/used"
        try FileManager.default.createDirectory(atPath: used, withIntermediateDirectories: true)
        try "x".write(toFile: "\(used)/PG_VERSION", atomically: true, encoding: .utf8)
        #expect(throws: BackupFolder.Failure.self) { try RestorePlan(folder: backups, target: nil, dataDirectory: used) }
        let plan = try RestorePlan(folder: backups, target: moment("2026-12-01T10:30:00.250Z"), dataDirectory: "\(backups.path)/new")
        let settings = Dictionary(uniqueKeysWithValues: plan.settings.map { ($0.0, $0.1) })
        #expect(settings["recovery_target_time"] == "'2026-12-01 10:30:00.250+00'")
        #expect(settings["restore_command"] == "'cp \"\(backups.walDirectory)/%f\" \"%p\"'")
        #expect(settings["archive_mode"] == "'off'" && settings["synchronous_standby_names"] == "''")
    }

    @Test func segmentsAreNamedAsPostgreSQLNamesThem() throws {
        let backups = try folder([("20261201T030000Z", "1/2A000100")], segments: 1...1)
        defer { try? FileManager.default.removeItem(atPath: backups.path) }
        #expect(try backups.baseBackups().first?.firstSegment == "00000001000000010000002A")
    }

    @Test func momentsAreReadAsOperatorsWriteThem() {
        let expected = Date(timeIntervalSince1970: 1_796_466_600)  // 2026-12-05 10:30:00 UTC
        for text in ["2026-12-05T10:30:00Z", "2026-12-05T10:30:00.000Z", "2026-12-05 10:30:00+00", "2026-12-05 10:30:00",
                     "2026-12-05T11:30:00+01:00", "2026-12-05 10:30", " 2026-12-05T10:30:00Z "] {
            #expect(RestorePlan.parseMoment(text) == expected, "\(text)")
        }
        for text in ["yesterday", "2026-13-05 10:30:00", "", "10:30"] {
            #expect(RestorePlan.parseMoment(text) == nil, "\(text)")
        }
        #expect(RestorePlan.moment(expected) == "2026-12-05 10:30:00.000+00")
    }

    @Test func aFolderWhosePathWouldBreakOutOfItsQuotesIsRefused() {
        for path in ["/tmp/a\"b", "/tmp/it's", "/tmp/$HOME", "/tmp/a`b`"] {
            #expect(throws: BackupFolder.Failure.self, "\(path)") { try BackupFolder(path: path) }
        }
    }
}
