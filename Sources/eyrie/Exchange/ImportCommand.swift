import ArgumentParser
import EyrieCore
import EyrieStore
import Foundation

/// `eyrie import`: Eyrie's JSON or CSV zip, Decidim's open-data proposals or Fider's posts.csv, into one community.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a file into a community (created if it does not exist); nothing is written if anything is wrong.",
        discussion: """
            Formats: json and csv (Eyrie's own exports), decidim (the …-open-data.zip or its …-open-data-proposals.csv), \
            fider (posts.csv). Without --format it is guessed from the file's name.
            Exit codes: 0 done, 1 invalid input (the errors are listed), 2 usage, 3 database unavailable.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, decidim, fider }

    @Argument(help: "The file to import.") var file: String
    @Option(help: "The community to import into (its address).") var community: String
    @Option(help: "json, csv, decidim or fider (default: from the file's name).") var format: Format?
    @Flag(help: "Check everything and report what would be created, updated and skipped, writing nothing.")
    var dryRun = false
    @Option(help: "Decidim: the one language titles and bodies are read in, for every proposal (default: the file's first title column).") var language: String?
    @Option(help: "Decidim and Fider: the challenge the ideas go to.") var challenge: String?
    @Option(help: "Decidim and Fider: the organisation their authors are placed in.") var organisation: String?
    @Option(help: "Largest file (or unpacked zip) to read: 512M, 2G …") var maxSize: String = "512M"
    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard FileLimits.parse(maxSize) != nil else { throw ValidationError(say("--max-size must look like 512M or 2G.")) }
        guard FileManager.default.fileExists(atPath: file) else { throw ValidationError(say("There is no file \("file", file).")) }
        guard Self.guess(file, format) != nil else {
            throw ValidationError(say("Cannot tell the format of \("file", file) from its name: give --format json|csv|decidim|fider."))
        }
    }

    static func guess(_ file: String, _ format: Format?) -> Format? {
        if let format { return format }
        let name = URL(fileURLWithPath: file).lastPathComponent.lowercased()
        if name.contains("open-data") { return .decidim }
        if name.hasSuffix("posts.csv") { return .fider }
        if name.hasSuffix(".json") { return .json }
        if name.hasSuffix(".zip") { return .csv }
        return nil
    }

    func run() async throws {
        let limit = FileLimits.parse(maxSize)!
        let counter = ByteCounter(total: FileLimits.size(of: file))
        let format = Self.guess(file, format)!
        var zip: ZipFiles?
        defer { zip?.remove() }
        let source: any ExchangeSource
        var report: [Phrase] = []
        switch format {
        case .json:
            source = JSONFileSource(path: file, limit: limit, counter: counter)
        case .csv:
            zip = try ZipFiles(path: file, limit: limit)
            source = CSVZipSource(files: try zip!.unpack(counter: counter), limit: limit, counter: counter)
        case .decidim, .fider:
            let peer = try PeerFile(path: file, format: format, limit: limit, zip: &zip)
            let bundle = try peer.bundle(language: language, challenge: challenge, organisation: organisation)
            report = bundle.report
            source = BundleSource(bundle: bundle, fileName: peer.name)
        }
        let logger = makeLogger()
        let sqlDir = database.sqlDir
        let options = Importer.Options(slug: community, dryRun: dryRun)
        let importing: Phrase = "importing \("entity", "")"
        let progress = ProgressLine(importing)
        let result = try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            guard await db.ping(timeout: .seconds(5)) else { throw StoreError.busy }
            try await Migrator(directory: sqlDir).migrate(db)
            return try await Importer(db).run(source, options: options) { entity, rows in
                progress.update(entity, rows: rows, fraction: counter.fraction)
            }
        }
        progress.finish()
        for line in report { print(say(line)) }
        print(Self.summary(result, community: community))
    }

    static func summary(_ result: ImportResult, community: String) -> String {
        var lines = [result.dryRun ? say("Dry run: nothing was written. The import would have:")
                                   : say("Imported into \("community", community):")]
        if result.communityCreated { lines.append("  " + say("created the community \("community", community)")) }
        for (entity, tally) in result.tallies where tally != ImportTally() {
            lines.append("  " + say("\("entity", entity): \(number: "created", tally.created) created, \(number: "updated", tally.updated) updated, \(number: "unchanged", tally.skipped) unchanged"))
        }
        lines.append("  " + say("in all: \(number: "created", result.created) created, \(number: "updated", result.updated) updated, \(number: "unchanged", result.skipped) unchanged"))
        return lines.joined(separator: "\n")
    }
}

/// A peer's bundle, already mapped in memory.
struct BundleSource: ExchangeSource {
    let bundle: PeerBundle
    let fileName: String

    func open() throws -> any ExchangeReading { bundle.reading(fileName: fileName) }
}

/// Decidim's zip or CSV, or Fider's CSV, read whole.
struct PeerFile {
    let path: String
    let name: String
    let format: ImportCommand.Format
    let table: PeerTable

    init(path: String, format: ImportCommand.Format, limit: Int64, zip: inout ZipFiles?) throws {
        self.path = path
        self.format = format
        var csvPath = path
        var name = URL(fileURLWithPath: path).lastPathComponent
        if name.lowercased().hasSuffix(".zip") {
            let files = try ZipFiles(path: path, limit: limit)
            zip = files
            let entries = try files.unpack(counter: ByteCounter(total: 0))
            guard let proposals = entries.first(where: { $0.name.hasSuffix("open-data-proposals.csv") || $0.name == "proposals.csv" })
            else {
                throw ImportRefused(ImportError(file: name, reason: "holds no …-open-data-proposals.csv (it has \("files", entries.map(\.name).joined(separator: ", ")))"))
            }
            csvPath = proposals.path
            name = proposals.name
        }
        self.name = name
        let file = try ChunkedFile(path: csvPath, name: name, limit: limit)
        table = try PeerTable.read(file: name, delimiter: format == .decidim ? ";" : ",", read: file.next)
    }

    func bundle(language: String?, challenge: String?, organisation: String?) throws -> PeerBundle {
        switch format {
        case .decidim:
            try DecidimProposals.bundle(table, language: language, organisation: organisation ?? "Decidim participants",
                                        challenge: challenge)
        default:
            try FiderPosts.bundle(table, organisation: organisation ?? "Fider users", challenge: challenge)
        }
    }
}
