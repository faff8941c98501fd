/// One thing wrong with an import: the file, the row (or line) and column where it is, and why.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let row: Int?
    public let column: String?
    public let reason: Phrase

    public init(file: String, row: Int? = nil, column: String? = nil, reason: Phrase) {
        self.file = file
        self.row = row
        self.column = column
        self.reason = reason
    }

    /// The error as one line for people: `people.csv, row 3, column email: is missing`, where `row` counts CSV rows
    /// (the header is row 1) or the lines of a JSON document, and a column may be a character of a line.
    public var phrase: Phrase {
        let (json, character) = (inJSON, character)
        let place: Phrase = switch (row, column) {
        case (nil, nil): Phrase("{file}: {reason}", ["file": file])
        case (nil, let column?): "\("file", file), column \("column", column): {reason}"
        case (let row?, nil): json ? "\("file", file), line \("row", row): {reason}" : "\("file", file), row \("row", row): {reason}"
        case (let row?, let column?):
            if let character { "\("file", file), line \("row", row), character \("character", character): {reason}" }
            else if json { "\("file", file), line \("row", row), column \("column", column): {reason}" }
            else { "\("file", file), row \("row", row), column \("column", column): {reason}" }
        }
        return place.with("reason", reason)
    }

    public var description: String { phrase.description }

    private var inJSON: Bool { file.hasSuffix(".json") }

    /// A JSON syntax error's column: `character 12`.
    private var character: Int? {
        column.flatMap { $0.hasPrefix("character ") ? Int($0.dropFirst(10)) : nil }
    }

    public static func == (a: ImportError, b: ImportError) -> Bool {
        a.file == b.file && a.row == b.row && a.column == b.column && a.reason == b.reason
    }
}

/// The errors an import found: the first `limit` listed, the rest counted.
public struct ImportProblems: Sendable {
    public static let limit = 20
    public private(set) var listed: [ImportError] = []
    public private(set) var total = 0

    public init() {}

    public var isEmpty: Bool { total == 0 }
    public var isFull: Bool { total >= Self.limit }

    public mutating func add(_ error: ImportError) {
        total += 1
        if listed.count < Self.limit { listed.append(error) }
    }

    public mutating func add(contentsOf errors: [ImportError]) { errors.forEach { add($0) } }

    /// What the CLI prints: each listed error on a line, then how many more there were.
    public var lines: [Phrase] {
        listed.map(\.phrase) + (total > listed.count
            ? [.plural("… and {count} more error", "… and {count} more errors", count: total - listed.count)] : [])
    }
}

/// What an import did (or, with --dry-run, would do), per entity.
public struct ImportTally: Sendable, Equatable {
    public var created = 0
    public var updated = 0
    public var skipped = 0

    public init(created: Int = 0, updated: Int = 0, skipped: Int = 0) {
        self.created = created
        self.updated = updated
        self.skipped = skipped
    }
}

/// Thrown when an import is refused: nothing was written.
public struct ImportRefused: Error, Sendable {
    public let problems: ImportProblems
    public init(_ problems: ImportProblems) { self.problems = problems }
    public init(_ error: ImportError) {
        var problems = ImportProblems()
        problems.add(error)
        self.problems = problems
    }
}
