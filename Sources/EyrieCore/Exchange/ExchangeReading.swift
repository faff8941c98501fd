/// A file being imported, read one entity at a time: Eyrie's JSON or CSV zip, or a peer's export mapped onto the
/// same entities. Made fresh for each try of the import transaction (`ExchangeSource.open`).
public protocol ExchangeReading: AnyObject {
    /// The next entity in the file, or nil at its end. Throws `ImportRefused` when the file cannot be read further.
    func nextEntity() throws -> ExchangeEntity?
    /// The next row of that entity, checked, or nil when its rows end.
    func nextRow() throws -> CheckedRow?
    /// The file the current entity came from, for messages (`ideas.csv`, `export.json`).
    var fileName: String { get }
}

public protocol ExchangeSource: Sendable {
    func open() throws -> any ExchangeReading
}
