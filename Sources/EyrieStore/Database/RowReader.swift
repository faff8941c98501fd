import PostgresNIO

/// Reads a row's columns in the order the query lists them, each into a named field (`id = try row.next()`), so that
/// a row of more than a few columns becomes a named struct inside its repository instead of a long tuple.
struct RowReader {
    private var cells: PostgresRow.Iterator
    private var index = 0

    init(_ row: PostgresRow) {
        cells = row.makeIterator()
    }

    /// The next column, decoded as `T`; a query with fewer columns than the struct reads is a programming error.
    mutating func next<T: PostgresDecodable>(_ type: T.Type = T.self) throws -> T {
        guard let cell = cells.next() else { throw MissingColumn(index: index) }
        index += 1
        return try cell.decode(T.self, context: .default)
    }

    /// Thrown when a struct reads more columns than its query selects.
    struct MissingColumn: Error {
        var index: Int
    }
}

/// A row type read column by column with `RowReader`.
protocol RowDecodable {
    init(_ row: inout RowReader) throws
}

extension PostgresRowSequence {
    /// Each row as a named struct.
    func rows<Row: RowDecodable>(_ type: Row.Type) async throws -> [Row] {
        var list: [Row] = []
        for try await row in self {
            var reader = RowReader(row)
            list.append(try Row(&reader))
        }
        return list
    }
}
