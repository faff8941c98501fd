/// What changed between two texts, line by line: the lines both keep, the ones taken out and the ones put in, in
/// reading order (a longest common subsequence of lines). Texts beyond `limit` lines in all are compared as wholes
/// rather than line by line, so that a diff never costs more than a page can show.
public enum LineDiff {
    public enum Change: Sendable, Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    public static let limit = 4_000

    public static func lines(from old: String, to new: String) -> [Change] {
        let a = split(old), b = split(new)
        // Lines equal at both ends need no table.
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        let x = Array(a[head..<(a.count - tail)]), y = Array(b[head..<(b.count - tail)])
        var middle: [Change]
        if x.count + y.count > limit {
            middle = x.map(Change.removed) + y.map(Change.added)
        } else {
            middle = common(x, y)
        }
        return a[..<head].map(Change.same) + middle + a[(a.count - tail)...].map(Change.same)
    }

    /// How many lines were put in and taken out.
    public static func counts(_ changes: [Change]) -> (added: Int, removed: Int) {
        changes.reduce((0, 0)) { sum, change in
            switch change {
            case .added: (sum.0 + 1, sum.1)
            case .removed: (sum.0, sum.1 + 1)
            case .same: sum
            }
        }
    }

    private static func split(_ text: String) -> [String] {
        // `\r\n` is one Character to Swift: lines end at any line break.
        text.isEmpty ? [] : text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    }

    /// The classic table of common-subsequence lengths, walked back from the start.
    private static func common(_ x: [String], _ y: [String]) -> [Change] {
        let n = x.count, m = y.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [Change] = []
        var i = 0, j = 0
        while i < n, j < m {
            if x[i] == y[j] {
                out.append(.same(x[i])); i += 1; j += 1
            } else if table[i + 1][j] >= table[i][j + 1] {
                out.append(.removed(x[i])); i += 1
            } else {
                out.append(.added(y[j])); j += 1
            }
        }
        out += x[i...].map(Change.removed) + y[j...].map(Change.added)
        return out
    }
}
