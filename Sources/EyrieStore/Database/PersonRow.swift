/// A person in a list to choose from or to show (reviewers, owners, facilitators): id, name and organisation.
public struct PersonRow: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var organisation: String
}
