/// Reads Eyrie's CSV zip: `manifest.csv` (the schema), `community.csv`, then one file per entity, each checked
/// against its header. The caller hands over the files it found (`open` gives a chunk reader).
public final class ExchangeCSVReading: ExchangeReading {
    public typealias File = (name: String, open: () throws -> () throws -> [UInt8]?)
    private var files: [File]
    private var reader: CSVReader?
    private var layout: CSVLayout?
    private var entity: ExchangeEntity?
    public private(set) var fileName = ""

    /// Files in any order; those the format does not know are refused, except `README.txt`.
    public init(files: [File]) throws {
        let known = ["manifest.csv", "community.csv"] + ExchangeFormat.entities.map { $0.name + ".csv" }
        for file in files where !known.contains(file.name) && file.name != "README.txt" {
            throw ImportRefused(ImportError(file: file.name, reason: "is not part of an Eyrie export (its files are \("files", known.joined(separator: ", ")))"))
        }
        guard let manifest = files.first(where: { $0.name == "manifest.csv" }) else {
            throw ImportRefused(ImportError(file: "manifest.csv", reason: "is missing: this is not an Eyrie export"))
        }
        try Self.checkManifest(manifest)
        self.files = known.dropFirst().compactMap { name in files.first { $0.name == name } }
    }

    public func nextEntity() throws -> ExchangeEntity? {
        guard !files.isEmpty else { return nil }
        let file = files.removeFirst()
        fileName = file.name
        let name = String(file.name.dropLast(4))
        let entity = name == ExchangeFormat.community.name ? ExchangeFormat.community : ExchangeFormat.entity(name)!
        let reader = CSVReader(maxField: ExchangeFormat.maxValueBytes, read: try file.open())
        let header = try Self.read(reader, file: file.name) ?? []
        let errors = ExchangeRecord.checkHeader(header, entity: entity, file: file.name)
        if !errors.isEmpty {
            var problems = ImportProblems()
            problems.add(contentsOf: errors)
            throw ImportRefused(problems)
        }
        self.reader = reader
        layout = CSVLayout(header: header, entity: entity)
        self.entity = entity
        return entity
    }

    public func nextRow() throws -> CheckedRow? {
        guard let reader, let entity, let layout, let cells = try Self.read(reader, file: fileName) else { return nil }
        return ExchangeRecord.fromCSV(cells, layout: layout, entity: entity, file: fileName, row: reader.row)
    }

    static func read(_ reader: CSVReader, file: String) throws -> [String]? {
        do {
            return try reader.next()
        } catch {
            throw ImportRefused(ImportError(file: file, row: error.row, column: "\(error.column)", reason: error.reason))
        }
    }

    private static func checkManifest(_ file: File) throws {
        let reader = CSVReader(maxField: ExchangeFormat.maxValueBytes, read: try file.open())
        var schema: String?
        while let cells = try read(reader, file: file.name) {
            if cells.count == 2, cells[0] == "schema" { schema = cells[1] }
        }
        guard schema == ExchangeFormat.schema else {
            throw ImportRefused(ImportError(file: file.name, column: "schema",
                                            reason: "is not \("schema", ExchangeFormat.schema): this is not an Eyrie export of this version"))
        }
    }
}
