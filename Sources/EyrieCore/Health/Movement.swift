/// How members moved between levels from one month to the next.
public struct Movement: Sendable, Equatable {
    /// One arrow of the flow: `from` nil for members who joined in the month.
    public struct Move: Sendable, Equatable, Hashable {
        public var from: ParticipationLevel?
        public var to: ParticipationLevel
        public var members: Int

        public init(from: ParticipationLevel?, to: ParticipationLevel, members: Int) {
            self.from = from
            self.to = to
            self.members = members
        }
    }

    public var moves: [Move]

    public init(moves: [Move]) { self.moves = moves }

    /// The moves between two snapshots of the same members (`before` lacks those who joined since; members who left
    /// are in neither the `after` levels nor the moves).
    public static func between(_ before: [Int64: ParticipationLevel], _ after: [Int64: ParticipationLevel]) -> Movement {
        var counts: [Pair: Int] = [:]
        for (member, level) in after { counts[Pair(from: before[member], to: level), default: 0] += 1 }
        return Movement(moves: counts.map { Move(from: $0.key.from, to: $0.key.to, members: $0.value) }.sorted(by: order))
    }

    struct Pair: Hashable { var from: ParticipationLevel?; var to: ParticipationLevel }

    /// Biggest first, then from the more involved level.
    public static func order(_ a: Move, _ b: Move) -> Bool {
        if a.members != b.members { return a.members > b.members }
        let (fa, fb) = (a.from?.rank ?? -1, b.from?.rank ?? -1)
        return fa != fb ? fa > fb : a.to.rank > b.to.rank
    }

    public func members(from: ParticipationLevel?, to: ParticipationLevel) -> Int {
        moves.first { $0.from == from && $0.to == to }?.members ?? 0
    }

    /// Members who changed level (joiners included).
    public var changed: [Move] { moves.filter { $0.from != $0.to } }

    /// "12 members moved from active to peripheral since October." The biggest move down if there is one, else the
    /// biggest move up, else who joined; nil when nobody moved.
    public func reading(since month: Month) -> Phrase? {
        let moved = moves.filter { $0.from != nil && $0.from != $0.to }
        let down = moved.filter { $0.to < $0.from! }
        if let move = down.first ?? moved.first {
            return .plural("{count} member moved from {from} to {to} since {month}.",
                           "{count} members moved from {from} to {to} since {month}.", count: move.members,
                           ["from": move.from!.label.lowercased(), "to": move.to.label.lowercased(), "month": month.name])
                .saying("from", "to", "month")
        }
        let joined = moves.filter { $0.from == nil }.reduce(0) { $0 + $1.members }
        guard joined > 0 else { return nil }
        return .plural("{count} member joined since {month}.", "{count} members joined since {month}.", count: joined,
                       ["month": month.name]).saying("month")
    }
}
