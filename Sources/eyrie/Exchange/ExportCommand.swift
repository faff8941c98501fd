import ArgumentParser
import EyrieCore
import EyrieStore
import Foundation
import ZIPFoundation

/// `eyrie export`: a community's whole history as one JSON document or a zip of CSV files.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a community (or all) as JSON or a zip of CSV files.",
        discussion: "Exit codes: 0 done, 1 invalid input, 2 usage, 3 database unavailable.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv }

    @Option(help: "The community's address (its slug).") var community: String?
    @Flag(help: "Export every community, one file each, into the folder --out names.") var all = false
    @Option(help: "json (one document) or csv (a zip of one file per entity).") var format: Format = .json
    @Option(help: "Where to write: a file, '-' for stdout (JSON only), or a folder with --all.") var out: String
    @Flag(help: "Include members' e-mail addresses.") var includeEmails = false
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        if all == (community != nil) { throw ValidationError(say("Name one community with --community, or give --all.")) }
        if out == "-" && (format == .csv || all) { throw ValidationError(say("Only one JSON document goes to stdout: give --out FILE.")) }
    }

    func run() async throws {
        let logger = makeLogger()
        let sqlDir = database.sqlDir
        let (community, all, format, out, emails) = (self.community, self.all, self.format, self.out, includeEmails)
        try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            guard await db.ping(timeout: .seconds(5)) else { throw StoreError.busy }
            try await Migrator(directory: sqlDir).migrate(db)
            let slugs = all ? try await CommunityRepository(db).all().map(\.slug) : [community!]
            if all { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) }
            for slug in slugs {
                let target = all ? "\(out)/\(slug).\(format == .json ? "json" : "zip")" : out
                let exporting: Phrase = "exporting \("community", slug): \("entity", "")"
                let progress = ProgressLine(exporting)
                let summary: Exporter.Summary
                do {
                    summary = try await format == .json
                        ? Self.json(db, slug: slug, to: target, emails: emails, progress: progress)
                        : Self.csv(db, slug: slug, to: target, emails: emails, progress: progress)
                } catch Exporter.Failure.noSuchCommunity(let slug) {
                    throw ImportRefused(ImportError(file: "--community", reason: "there is no community \"\("community", slug)\""))
                }
                progress.finish()
                let rows = summary.reduce(0) { $0 + $1.rows }
                if target != "-" {
                    FileHandle.standardError.write(Data((say("Exported \("community", slug): \(number: "rows", rows) rows to \("file", target).") + "\n").utf8))
                }
            }
        }
    }

    static func json(_ db: Database, slug: String, to target: String, emails: Bool,
                     progress: ProgressLine) async throws -> Exporter.Summary {
        let handle: FileHandle
        let special = target != "-" && isSpecial(target)
        if target == "-" {
            handle = .standardOutput
        } else if special {
            guard let file = FileHandle(forWritingAtPath: target) else { throw ValidationError(say("Cannot write \("file", target).")) }
            handle = file
        } else {
            guard FileManager.default.createFile(atPath: target + ".part", contents: nil),
                  let file = FileHandle(forWritingAtPath: target + ".part") else {
                throw ValidationError(say("Cannot write \("file", target)."))
            }
            handle = file
        }
        let sink = JSONExportSink { bytes in try handle.write(contentsOf: bytes) }
        let summary = try await Exporter(db).export(slug: slug, includeEmails: emails, to: sink,
                                                    countFirst: progress.enabledOnTerminal) { entity, rows, total in
            progress.update(entity, rows: rows, fraction: total.map { Double(rows) / Double(max($0, 1)) })
        }
        if target != "-" { try handle.close() }
        if target != "-" && !special {
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.moveItem(atPath: target + ".part", toPath: target)
        }
        return summary
    }

    /// A target that is there and is not a plain file (`/dev/null`, a named pipe, a terminal) is written to as it is:
    /// writing beside it and renaming over it would replace the device with a file.
    static func isSpecial(_ target: String) -> Bool {
        guard let type = try? FileManager.default.attributesOfItem(atPath: target)[.type] as? FileAttributeType else { return false }
        return type != .typeRegular
    }

    /// Each entity's CSV goes to a file in a private folder first (memory stays flat), then into the zip.
    static func csv(_ db: Database, slug: String, to target: String, emails: Bool,
                    progress: ProgressLine) async throws -> Exporter.Summary {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eyrie-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var names: [String] = []
        let sink = CSVExportSink { name in
            let path = folder.appendingPathComponent(name).path
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
            else { throw ValidationError("Cannot write a temporary file in \(folder.path).") }
            names.append(name)
            return (write: { try file.write(contentsOf: $0) }, close: { try file.close() })
        }
        let started = Date()
        let summary = try await Exporter(db).export(slug: slug, includeEmails: emails, to: sink, now: started) { entity, rows, _ in
            progress.update(entity, rows: rows, fraction: nil)
        }
        let readme = ExchangeReadme.text(community: slug, exportedAt: ExchangeTime.iso(started))
        try Data(readme.utf8).write(to: folder.appendingPathComponent("README.txt"))
        // A zip is written with seeks: beside its target, or in the private folder when the target is not a file.
        let special = isSpecial(target)
        let part = special ? folder.appendingPathComponent("export.zip") : URL(fileURLWithPath: target + ".part")
        try? FileManager.default.removeItem(at: part)
        let archive = try Archive(url: part, accessMode: .create)
        for name in ["README.txt"] + names {
            try archive.addEntry(with: name, relativeTo: folder, compressionMethod: .deflate)
        }
        if special {
            guard let out = FileHandle(forWritingAtPath: target), let zip = FileHandle(forReadingAtPath: part.path) else {
                throw ValidationError(say("Cannot write \("file", target)."))
            }
            while let chunk = try zip.read(upToCount: 1 << 20), !chunk.isEmpty { try out.write(contentsOf: chunk) }
            try zip.close()
            try out.close()
            return summary
        }
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.moveItem(at: part, to: URL(fileURLWithPath: target))
        return summary
    }
}
