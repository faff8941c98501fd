/// Who takes part from where: each organisation's part of a community's members and contributions.
public struct OrganisationShare: Sendable, Equatable {
    public var organisationID: Int64
    public var name: String
    public var members: Int
    public var ideas: Int
    public var votes: Int
    public var comments: Int
    public var seats: Int
    /// Every kind of contribution together (ideas, comments, reviews, workshop seats, board notes, offering updates).
    public var contributions: Int

    public init(organisationID: Int64, name: String, members: Int, ideas: Int, votes: Int, comments: Int, seats: Int,
                contributions: Int) {
        self.organisationID = organisationID
        self.name = name
        self.members = members
        self.ideas = ideas
        self.votes = votes
        self.comments = comments
        self.seats = seats
        self.contributions = contributions
    }
}

public enum OrganisationShares {
    /// The elephant factor (CHAOSS): the fewest organisations that together account for at least half of the
    /// contributions. 0 when nothing was contributed. A low number means a few organisations carry the community.
    public static func elephantFactor(_ contributions: [Int]) -> Int {
        let total = contributions.reduce(0, +)
        guard total > 0 else { return 0 }
        var sum = 0
        for (index, value) in contributions.sorted(by: >).enumerated() {
            sum += value
            if sum * 2 >= total { return index + 1 }
        }
        return contributions.count
    }

    /// A share as a whole percentage (0 when the whole is 0).
    public static func percent(_ part: Int, of whole: Int) -> Int {
        whole > 0 ? Int((Double(part) * 100 / Double(whole)).rounded()) : 0
    }

    /// "2 of 5 organisations account for half of the contributions."
    public static func reading(_ shares: [OrganisationShare]) -> Phrase {
        let factor = elephantFactor(shares.map(\.contributions))
        let active = shares.filter { $0.members > 0 }.count
        guard factor > 0 else { return "No contributions yet from the \("active", active) organisations taking part." }
        return .plural("{count} of {active} organisations accounts for half of the contributions (elephant factor {count}).",
                       "{count} of {active} organisations account for half of the contributions (elephant factor {count}).",
                       count: factor, ["active": String(active)])
    }
}

/// Which organisations work together: a symmetric matrix of ideas co-authored or workshops attended together.
public struct CoWork: Sendable, Equatable {
    public struct Pair: Sendable, Equatable {
        public var a: Int64
        public var b: Int64
        public var together: Int

        public init(a: Int64, b: Int64, together: Int) {
            self.a = a
            self.b = b
            self.together = together
        }
    }

    /// The organisations in the matrix, in order, and the count for each pair (the diagonal is 0).
    public var organisations: [Int64]
    public var cells: [[Int]]

    /// The matrix over `organisations` (in that order) from pairs given once each, in either order.
    public init(organisations: [Int64], pairs: [Pair]) {
        self.organisations = organisations
        let index = Dictionary(uniqueKeysWithValues: organisations.enumerated().map { ($1, $0) })
        var cells = Array(repeating: Array(repeating: 0, count: organisations.count), count: organisations.count)
        for pair in pairs where pair.a != pair.b {
            guard let i = index[pair.a], let j = index[pair.b] else { continue }
            cells[i][j] += pair.together
            cells[j][i] += pair.together
        }
        self.cells = cells
    }

    /// The pairs from ideas: for each idea, its authors' organisations; each pair of different organisations of an
    /// idea counts that idea once.
    public static func pairs(groups: [[Int64]]) -> [Pair] {
        var counts: [PairKey: Int] = [:]
        for group in groups {
            let distinct = Array(Set(group)).sorted()
            for i in distinct.indices { for j in distinct.indices where j > i {
                counts[PairKey(a: distinct[i], b: distinct[j]), default: 0] += 1
            } }
        }
        return counts.map { Pair(a: $0.key.a, b: $0.key.b, together: $0.value) }.sorted { ($0.a, $0.b) < ($1.a, $1.b) }
    }

    struct PairKey: Hashable { var a: Int64; var b: Int64 }

    /// The pair that worked together most (ties: the first in matrix order), nil when none did.
    public var strongest: (a: Int64, b: Int64, together: Int)? {
        var best: (Int64, Int64, Int)?
        for i in organisations.indices { for j in organisations.indices where j > i && cells[i][j] > 0 {
            if cells[i][j] > (best?.2 ?? 0) { best = (organisations[i], organisations[j], cells[i][j]) }
        } }
        return best.map { (a: $0.0, b: $0.1, together: $0.2) }
    }
}
