import EyrieCore

/// What an import did, or with `dryRun` would have done.
public struct ImportResult: Sendable {
    public var communityCreated = false
    public var tallies: [(entity: String, tally: ImportTally)] = []
    public var dryRun = false

    public var created: Int { tallies.reduce(0) { $0 + $1.tally.created } }
    public var updated: Int { tallies.reduce(0) { $0 + $1.tally.updated } }
    public var skipped: Int { tallies.reduce(0) { $0 + $1.tally.skipped } }
}
