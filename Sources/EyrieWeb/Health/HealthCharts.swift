import EyrieCore
import Foundation

/// The health dashboard's SVG charts: the flow between levels from one month to the next, and members per level
/// over time. Labels are level names, month names and numbers the server makes; the tables beside carry the rest.
enum HealthCharts {
    static let width = 640.0
    /// Bottom to top in the stacked area; top to bottom in the flow.
    static let order: [ParticipationLevel] = [.core, .active, .peripheral, .inactive]

    /// Boxes for last month's levels (and those who joined) on the left, this month's on the right, and a band for
    /// every move, as wide as the members who made it.
    static func flow(_ movement: Movement, before: Month, after: Month) -> String {
        let total = max(movement.moves.reduce(0) { $0 + $1.members }, 1)
        let height = 320.0, gap = 12.0, boxWidth = 16.0
        let left: [ParticipationLevel?] = order.map { $0 } + [nil]
        let right: [ParticipationLevel?] = order.map { $0 }
        let usable = height - 40 - gap * Double(left.count)
        let scale = usable / Double(total)
        func sizes(_ side: [ParticipationLevel?], _ key: (Movement.Move) -> ParticipationLevel?) -> [Double] {
            side.map { level in Double(movement.moves.filter { key($0) == level }.reduce(0) { $0 + $1.members }) * scale }
        }
        let leftSizes = sizes(left) { $0.from }, rightSizes = sizes(right) { $0.to }
        func tops(_ sizes: [Double]) -> [Double] {
            var y = 24.0
            return sizes.map { size in defer { y += size + (size > 0 ? gap : 0) }; return y }
        }
        let leftTops = tops(leftSizes), rightTops = tops(rightSizes)
        let (x0, x1) = (150.0, width - 150.0 - boxWidth)
        var svg = open(id: "flow", title: say("How members moved between levels from \("before", before.said) to \("after", after.said)"),
                       height: height)
        svg += text(x0 + boxWidth / 2, 14, before.said, anchor: "middle")
        svg += text(x1 + boxWidth / 2, 14, after.said, anchor: "middle")
        // bands, in a stable order so that they stack within each box
        var leftUsed = leftTops, rightUsed = rightTops
        for (li, from) in left.enumerated() {
            for (ri, to) in right.enumerated() {
                guard let to, case let n = movement.members(from: from, to: to), n > 0 else { continue }
                let h = Double(n) * scale
                let (ya, yb) = (leftUsed[li], rightUsed[ri])
                leftUsed[li] += h
                rightUsed[ri] += h
                let (ax, bx) = (x0 + boxWidth, x1), mid = (x0 + boxWidth + x1) / 2
                svg += "<path class=\"flow-band level-\(to.rawValue)\" d=\"M\(f(ax)),\(f(ya)) C\(f(mid)),\(f(ya)) \(f(mid)),\(f(yb)) \(f(bx)),\(f(yb)) "
                    + "L\(f(bx)),\(f(yb + h)) C\(f(mid)),\(f(yb + h)) \(f(mid)),\(f(ya + h)) \(f(ax)),\(f(ya + h)) Z\">"
                    + "<title>\(from?.said ?? say("Joined")) → \(to.said): \(n)</title></path>"
            }
        }
        for (i, level) in left.enumerated() where leftSizes[i] > 0 {
            let n = movement.moves.filter { $0.from == level }.reduce(0) { $0 + $1.members }
            svg += "<rect class=\"level-\(level?.rawValue ?? "new")\" x=\"\(f(x0))\" y=\"\(f(leftTops[i]))\" width=\"\(f(boxWidth))\" height=\"\(f(max(leftSizes[i], 1)))\"/>"
            svg += text(x0 - 8, leftTops[i] + leftSizes[i] / 2 + 4, "\(level?.said ?? say("Joined")) \(n)", anchor: "end")
        }
        for (i, level) in right.enumerated() where rightSizes[i] > 0 {
            let n = movement.moves.filter { $0.to == level }.reduce(0) { $0 + $1.members }
            svg += "<rect class=\"level-\(level!.rawValue)\" x=\"\(f(x1))\" y=\"\(f(rightTops[i]))\" width=\"\(f(boxWidth))\" height=\"\(f(max(rightSizes[i], 1)))\"/>"
            svg += text(x1 + boxWidth + 8, rightTops[i] + rightSizes[i] / 2 + 4, "\(level!.said) \(n)", anchor: "start")
        }
        return svg + "</svg>"
    }

    /// Members per level, month by month, stacked (a column per month when there is only one).
    static func trend(_ history: [(month: Month, counts: [ParticipationLevel: Int])]) -> String {
        let height = 260.0, left = 56.0, bottom = height - 28, top = 12.0
        let totals = history.map { h in order.reduce(0) { $0 + (h.counts[$1] ?? 0) } }
        let maximum = Double(max(totals.max() ?? 0, 1))
        let plot = width - left - 20
        let step = history.count > 1 ? plot / Double(history.count - 1) : 0
        func x(_ i: Int) -> Double { history.count > 1 ? left + Double(i) * step : left + plot / 2 }
        func y(_ value: Double) -> Double { bottom - (bottom - top) * value / maximum }
        var svg = open(id: "trend", title: say("Members per level over the last \("months", history.count) months"), height: height)
        for tick in [0.0, 0.5, 1.0] {
            let value = (maximum * tick).rounded()
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y(value)))\" x2=\"\(f(width - 20))\" y2=\"\(f(y(value)))\" class=\"chart-grid\"/>"
            svg += text(left - 6, y(value) + 4, Charts.fmt(value), anchor: "end")
        }
        let stack = Array(order.reversed())  // inactive at the bottom, core on top
        var below = Array(repeating: 0.0, count: history.count)
        for level in stack {
            let above = history.indices.map { below[$0] + Double(history[$0].counts[level] ?? 0) }
            if history.count == 1 {
                svg += "<rect class=\"level-\(level.rawValue)\" x=\"\(f(x(0) - 30))\" y=\"\(f(y(above[0])))\" width=\"60\" height=\"\(f(y(below[0]) - y(above[0])))\"><title>\(level.said): \(Int(above[0] - below[0]))</title></rect>"
            } else {
                var points = history.indices.map { "\(f(x($0))),\(f(y(above[$0])))" }
                points += history.indices.reversed().map { "\(f(x($0))),\(f(y(below[$0])))" }
                svg += "<polygon class=\"level-\(level.rawValue)\" points=\"\(points.joined(separator: " "))\"><title>\(level.said)</title></polygon>"
            }
            below = above
        }
        for (i, entry) in history.enumerated() where history.count <= 6 || i % 2 == (history.count - 1) % 2 {
            svg += text(x(i), height - 10, say(Dates.months[entry.month.number - 1]), anchor: "middle")
        }
        return svg + "</svg>"
    }

    private static func open(id: String, title: String, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
            + "role=\"img\" aria-labelledby=\"\(id)-svg-title\"><title id=\"\(id)-svg-title\">\(Charts.escape(title))</title>"
    }

    private static func text(_ x: Double, _ y: Double, _ value: String, anchor: String) -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" class=\"chart-label\">\(Charts.escape(value))</text>"
    }

    private static func f(_ value: Double) -> String { Charts.fmt(value) }
}
