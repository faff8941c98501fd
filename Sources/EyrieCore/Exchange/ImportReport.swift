/// One thing wrong with an import, named the way the user finds it: file, row (or line), column (or field), reason.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    public let file: String
    public let row: Int?
    public let column: String?
    public let reason: String

    public init(file: String, row: Int? = nil, column: String? = nil, reason: String) {
        self.file = file
        self.row = row
        self.column = column
        self.reason = reason
    }

    /// What `row` counts: CSV rows (the header is row 1), or lines of a JSON document.
    public var rowWord: String { file.hasSuffix(".json") ? "line" : "row" }

    public var description: String {
        var place = file
        if let row { place += ", \(rowWord) \(row)" }
        if let column { place += column.hasPrefix("character ") ? ", \(column)" : ", column \(column)" }
        return "\(place): \(reason)"
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
    public var lines: [String] {
        listed.map(\.description) + (total > listed.count ? ["… and \(total - listed.count) more errors"] : [])
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
