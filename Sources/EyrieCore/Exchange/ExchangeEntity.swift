/// One list in an exchange document (a CSV file in the zip): its fields, and whether its rows carry an external id.
public struct ExchangeEntity: Sendable {
    public let name: String
    /// The word in the external ids made here (`idea` in `k3j9x2a1/idea/17`); nil for rows named by their references.
    public let idKind: String?
    public let about: String
    public let fields: [ExchangeField]

    init(_ name: String, idKind: String?, _ about: String, _ fields: [ExchangeField]) {
        self.name = name
        self.idKind = idKind
        self.about = about
        self.fields = fields
    }

    /// The CSV header and the JSON keys, in order: `id` first when the rows have one.
    public var columns: [String] { (idKind == nil ? [] : ["id"]) + fields.map(\.name) }

    public func field(_ name: String) -> ExchangeField? { fields.first { $0.name == name } }
}

/// A field of an exchange entity, with the kind of value it holds.
public struct ExchangeField: Sendable {
    public let name: String
    public let kind: ExchangeKind
    public let about: String
    public let optional: Bool
    /// A value the database chose when the row was made (a content language): a file that leaves it empty keeps it.
    public let keptWhenAbsent: Bool
    /// A reference to an entity written later (a discussion's accepted reply): set once every entity is written.
    public let afterwards: Bool
    private let columnName: String?

    init(_ name: String, _ kind: ExchangeKind, _ about: String = "", optional: Bool = false, keptWhenAbsent: Bool = false,
         column: String? = nil, afterwards: Bool = false) {
        self.name = name
        self.kind = kind
        self.about = about
        self.optional = optional
        self.keptWhenAbsent = keptWhenAbsent
        self.columnName = column
        self.afterwards = afterwards
    }

    static func ref(_ name: String, _ entity: String, _ about: String = "", optional: Bool = false, column: String? = nil,
                    afterwards: Bool = false) -> ExchangeField {
        .init(name, .ref(entity), about, optional: optional, column: column, afterwards: afterwards)
    }

    /// The column it fills: references fill `<name>_id`, except the `…_by` ones, which are named for the person,
    /// and those given a column of their own.
    public var column: String {
        if let columnName { return columnName }
        guard case .ref = kind, !name.hasSuffix("_by") else { return name }
        return name + "_id"
    }
}

public enum ExchangeKind: Sendable, Equatable {
    case text(Int)
    case integer(ClosedRange<Int64>)
    case number
    case boolean
    case time
    case day
    case oneOf([String])
    /// A JSON array of at most `count` strings of at most `length` characters each.
    case texts(Int, Int)
    case numbers(Int)
    case integers(Int, ClosedRange<Int64>)
    /// The external id of a row of that entity.
    case ref(String)
    /// A board note or cluster: `note:<external id>` or `cluster:<external id>`.
    case boardItem
    /// A file's bytes, at most this many, written in base64 (RFC 4648, no line breaks).
    case bytes(Int)

    /// How the README describes it (in English) and an import error says it (in the reader's language).
    public var summary: Phrase {
        switch self {
        case .text(let max): "text, at most \(number: "most", max) characters"
        case .integer(let range): "whole number \("least", range.lowerBound)–\("most", range.upperBound)"
        case .number: "number"
        case .boolean: "true or false"
        case .time: "time, ISO 8601 with a zone (2026-03-01T09:30:00.000000Z)"
        case .day: "date (2026-03-01)"
        case .oneOf(let values): "one of \("values", values.joined(separator: ", "))"
        case .texts(let count, let length): "JSON list of at most \("count", count) texts of at most \(number: "length", length) characters"
        case .numbers(let count): "JSON list of at most \("count", count) numbers"
        case .integers(let count, let range):
            "JSON list of at most \("count", count) whole numbers \("least", range.lowerBound)–\("most", range.upperBound)"
        case .ref(let entity): "id of a row in \("entity", entity)"
        case .boardItem: "note:<id of a board note> or cluster:<id of a board cluster>"
        case .bytes(let max): "a file's bytes in base64, at most \(number: "most", max) bytes"
        }
    }
}
