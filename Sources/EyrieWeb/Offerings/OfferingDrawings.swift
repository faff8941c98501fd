import EyrieCore
import Foundation
import Synchronization

/// Server-drawn SVG of an offering's design: the value proposition canvas, the service blueprint and KPI sparklines.
/// Unlike `Charts`, these carry what members wrote, escaped as XML text; the same content is on the page as lists.
enum OfferingDrawings {
    // MARK: Canvas

    /// The canvas as people know it: the value map as a square on the left (products and services, gain creators,
    /// pain relievers), the customer profile as a circle on the right (gains, pains, customer jobs).
    static func canvas(_ canvas: Canvas, title: String) -> String {
        let width = 840.0, height = 410.0
        var svg = open(width: width, height: height, title: say("Value proposition canvas of \("title", title)"), id: "canvas")
        svg += "<rect x=\"20\" y=\"30\" width=\"360\" height=\"360\" class=\"canvas-shape\"/>"
        svg += "<line x1=\"200\" y1=\"30\" x2=\"200\" y2=\"390\" class=\"canvas-rule\"/>"
        svg += "<line x1=\"200\" y1=\"210\" x2=\"380\" y2=\"210\" class=\"canvas-rule\"/>"
        svg += "<circle cx=\"640\" cy=\"210\" r=\"180\" class=\"canvas-shape\"/>"
        svg += "<line x1=\"640\" y1=\"30\" x2=\"640\" y2=\"390\" class=\"canvas-rule\"/>"
        svg += "<line x1=\"460\" y1=\"210\" x2=\"640\" y2=\"210\" class=\"canvas-rule\"/>"
        svg += text(say("Value map"), x: 200, y: 20, anchor: "middle", cls: "canvas-heading")
        svg += text(say("Customer profile"), x: 640, y: 20, anchor: "middle", cls: "canvas-heading")
        // Each section's box inside its part of the square or the circle: x, first line, width, lines that fit.
        let boxes: [(CanvasSection, Double, Double, Double, Int)] = [
            (.products, 30, 52, 162, 22), (.creators, 210, 52, 162, 9), (.relievers, 210, 232, 162, 10),
            (.gains, 505, 98, 128, 7), (.pains, 512, 232, 120, 6), (.jobs, 650, 112, 136, 13),
        ]
        for (section, x, y, w, lines) in boxes {
            svg += text(section.said, x: x, y: y, cls: "canvas-label")
            var row = 0
            let entries = canvas.entries(in: section)
            for (i, entry) in entries.enumerated() {
                let wrapped = wrap(entry.body, chars: Int(w / 6.6), lines: 2)
                if row + wrapped.count > lines {
                    svg += text("+ \(entries.count - i) more", x: x, y: y + 16 + Double(row) * 14, cls: "canvas-more")
                    break
                }
                for (j, line) in wrapped.enumerated() {
                    svg += text((j == 0 ? "• " : "  ") + line, x: x, y: y + 16 + Double(row) * 14, cls: "canvas-entry")
                    row += 1
                }
            }
        }
        return svg + "</svg>"
    }

    // MARK: Blueprint

    static let laneHeight = 100.0, columnWidth = 168.0, labelWidth = 128.0, headerHeight = 28.0
    static let stepWidth = 150.0, stepHeight = 72.0

    /// Drawings already made, by what they draw: a blueprint of 200 steps or a year of measurements is drawn once
    /// until it changes, not on every view. Emptied when full.
    final class Cache: Sendable {
        private let drawings = Mutex<[AnyHashableKey: String]>([:])
        let limit: Int

        init(limit: Int) { self.limit = limit }

        /// Keyed by what is drawn and the reader's language (a drawing's labels are words).
        func drawing(for key: some Hashable & Sendable, draw: () -> String) -> String {
            let key = AnyHashableKey(Keyed(language: Messages.current.language.tag, what: AnyHashableKey(key)))
            if let hit = drawings.withLock({ $0[key] }) { return hit }
            let drawn = draw()
            drawings.withLock {
                if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
                $0[key] = drawn
            }
            return drawn
        }
    }

    struct Keyed: Hashable, Sendable {
        let language: String
        let what: AnyHashableKey
    }

    struct AnyHashableKey: Hashable, @unchecked Sendable {
        let value: AnyHashable
        init(_ value: some Hashable & Sendable) { self.value = AnyHashable(value) }
    }

    static let cache = Cache(limit: 2_000)

    struct BlueprintKey: Hashable, Sendable { var blueprint: Blueprint; var title: String }

    /// The blueprint on a grid: one row per lane, top to bottom, one column per moment; the lines of interaction,
    /// visibility and internal interaction between the lanes; fail points and waits marked; arrows between steps.
    static func blueprint(_ blueprint: Blueprint, title: String) -> String {
        cache.drawing(for: BlueprintKey(blueprint: blueprint, title: title)) { drawBlueprint(blueprint, title: title) }
    }

    static func drawBlueprint(_ blueprint: Blueprint, title: String) -> String {
        let columns = max(blueprint.columns, 1)
        let width = labelWidth + Double(columns) * columnWidth + 12
        let height = headerHeight + Double(BlueprintLane.allCases.count) * laneHeight + 8
        var svg = open(width: width, height: height, title: say("Service blueprint of \("title", title)"), id: "blueprint",
                       extra: "<defs><marker id=\"arrowhead\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                           + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" class=\"blueprint-arrowhead\"/></marker></defs>")
        svg += blueprintGrid(columns: columns, width: width, stages: blueprint)
        for arrow in blueprint.arrows {
            guard let from = blueprint.step(arrow.from), let to = blueprint.step(arrow.to) else { continue }
            svg += blueprintArrow(from: from, to: to)
        }
        for step in blueprint.steps { svg += blueprintStep(step) }
        return svg + "</svg>"
    }

    /// The columns' numbers and stage names, the lanes' bands and names, and the named lines between lanes.
    static func blueprintGrid(columns: Int, width: Double, stages: Blueprint) -> String {
        var svg = ""
        for column in 1...columns {
            let name = stages.stage(column).map { "\(column). " + (wrap($0, chars: 24, lines: 1).first ?? $0) } ?? "\(column)"
            svg += text(name, x: labelWidth + (Double(column) - 0.5) * columnWidth, y: 18, anchor: "middle", cls: "blueprint-column")
        }
        for lane in BlueprintLane.allCases where lane.row % 2 == 1 {
            let top = headerHeight + Double(lane.row) * laneHeight
            svg += "<rect x=\"0\" y=\"\(fmt(top))\" width=\"\(fmt(width))\" height=\"\(fmt(laneHeight))\" class=\"blueprint-band\"/>"
        }
        for lane in BlueprintLane.allCases {
            let top = headerHeight + Double(lane.row) * laneHeight
            for (i, line) in wrap(lane.said, chars: 16, lines: 2).enumerated() {
                svg += text(line, x: 8, y: top + laneHeight / 2 - 4 + Double(i) * 15, cls: "blueprint-lane")
            }
            if let name = lane.lineBelow {
                let y = top + laneHeight
                svg += "<line x1=\"0\" y1=\"\(fmt(y))\" x2=\"\(fmt(width))\" y2=\"\(fmt(y))\" class=\"blueprint-line\"/>"
                svg += text(say(name), x: 6, y: y + 12, cls: "blueprint-line-label")
            }
        }
        return svg
    }

    /// The top left corner of a step's box.
    static func corner(_ step: BlueprintStep) -> (x: Double, y: Double) {
        (labelWidth + Double(step.column - 1) * columnWidth + (columnWidth - stepWidth) / 2,
         headerHeight + Double(step.lane.row) * laneHeight + (laneHeight - stepHeight) / 2)
    }

    /// An arrow between two steps: down or up within a column, else from one side to the other.
    static func blueprintArrow(from: BlueprintStep, to: BlueprintStep) -> String {
        let a = corner(from), b = corner(to)
        let (x1, y1, x2, y2): (Double, Double, Double, Double)
        if from.column == to.column {
            let down = to.lane.row > from.lane.row
            (x1, x2) = (a.x + stepWidth / 2, b.x + stepWidth / 2)
            (y1, y2) = down ? (a.y + stepHeight, b.y) : (a.y, b.y + stepHeight)
        } else {
            let right = to.column > from.column
            (x1, x2) = right ? (a.x + stepWidth, b.x) : (a.x, b.x + stepWidth)
            (y1, y2) = (a.y + stepHeight / 2, b.y + stepHeight / 2)
        }
        return "<line x1=\"\(fmt(x1))\" y1=\"\(fmt(y1))\" x2=\"\(fmt(x2))\" y2=\"\(fmt(y2))\" class=\"blueprint-arrow\" marker-end=\"url(#arrowhead)\"/>"
    }

    /// A step's box, its text wrapped, and its fail point and wait marked at the bottom.
    static func blueprintStep(_ step: BlueprintStep) -> String {
        let (x, y) = corner(step)
        var svg = "<g class=\"blueprint-step\(step.failPoint ? " blueprint-fail" : "")\"><rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" "
            + "width=\"\(fmt(stepWidth))\" height=\"\(fmt(stepHeight))\" rx=\"6\"/>"
        var marks: [String] = []
        if step.failPoint { marks.append("⚠ " + say("Fail point")) }
        if let wait = step.waitMinutes { marks.append(say("Wait \("duration", Dates.duration(wait))")) }
        for (i, line) in wrap(step.body, chars: 22, lines: 4 - marks.count).enumerated() {
            svg += text(line, x: x + 8, y: y + 18 + Double(i) * 15, cls: "blueprint-text")
        }
        for (i, mark) in marks.reversed().enumerated() {
            svg += text(mark, x: x + 8, y: y + stepHeight - 8 - Double(i) * 14, cls: "blueprint-mark")
        }
        return svg + "</g>"
    }

    // MARK: Sparkline

    /// A small line of a KPI's measurements, with its target as a dashed line.
    static func sparkline(_ kpi: Kpi) -> String {
        cache.drawing(for: kpi) { drawSparkline(kpi) }
    }

    static func drawSparkline(_ kpi: Kpi) -> String {
        let width = 160.0, height = 40.0
        let values = kpi.measurements.map(\.value) + [kpi.baseline] + (kpi.target.map { [$0] } ?? [])
        let low = values.min() ?? 0, high = values.max() ?? 1
        let span = high - low == 0 ? 1 : high - low
        func y(_ v: Double) -> Double { height - 4 - (v - low) / span * (height - 8) }
        let points = kpi.measurements
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"sparkline\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" "
            + "width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\" aria-label=\"\(escape(say(.plural("{kpi}: {count} measurement", "{kpi}: {count} measurements", count: points.count, ["kpi": kpi.name]))))\">"
        if let target = kpi.target {
            svg += "<line x1=\"0\" y1=\"\(fmt(y(target)))\" x2=\"\(fmt(width))\" y2=\"\(fmt(y(target)))\" class=\"sparkline-target\"/>"
        }
        if points.count == 1 {
            svg += "<circle cx=\"\(fmt(width - 4))\" cy=\"\(fmt(y(points[0].value)))\" r=\"3\" class=\"sparkline-dot\"/>"
        } else if points.count > 1 {
            let step = (width - 8) / Double(points.count - 1)
            let path = points.enumerated().map { "\(fmt(4 + Double($0.offset) * step)),\(fmt(y($0.element.value)))" }
            svg += "<polyline points=\"\(path.joined(separator: " "))\" class=\"sparkline-line\"/>"
            svg += "<circle cx=\"\(fmt(width - 4))\" cy=\"\(fmt(y(points[points.count - 1].value)))\" r=\"3\" class=\"sparkline-dot\"/>"
        }
        return svg + "</svg>"
    }

    /// The drawing as pages show it: the lanes' names in an HTML column over the drawing's own, which stays in view
    /// while the blueprint scrolls sideways (the drawing's downloads are the bare SVG).
    static func framed(_ svg: String) -> String {
        "<div class=\"blueprint-frame\"><ol class=\"blueprint-lane-names\" aria-hidden=\"true\">"
            + BlueprintLane.allCases.map { "<li><span>\(escape($0.said))</span></li>" }.joined()
            + "</ol>" + svg + "</div>"
    }

    // MARK: Helpers

    static func open(width: Double, height: Double, title: String, id: String, extra: String = "") -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"drawing drawing-\(id)\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" "
            + "width=\"\(fmt(width))\" height=\"\(fmt(height))\" role=\"img\" aria-labelledby=\"\(id)-svg-title\">"
            + "<title id=\"\(id)-svg-title\">\(escape(title))</title>" + extra
    }

    static func text(_ content: String, x: Double, y: Double, anchor: String = "start", cls: String) -> String {
        "<text x=\"\(fmt(x))\" y=\"\(fmt(y))\" text-anchor=\"\(anchor)\" class=\"\(cls)\">\(escape(content))</text>"
    }

    /// Words in lines of at most `chars` characters, at most `lines` lines, the last one cut with an ellipsis.
    static func wrap(_ text: String, chars: Int, lines: Int) -> [String] {
        var out: [String] = []
        var current = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
            var word = String(word)
            if word.count > chars { word = String(word.prefix(chars - 1)) + "…" }
            if current.isEmpty {
                current = word
            } else if current.count + 1 + word.count <= chars {
                current += " " + word
            } else {
                out.append(current)
                current = word
            }
        }
        if !current.isEmpty { out.append(current) }
        if out.count > lines {
            out = Array(out.prefix(lines))
            let last = out[lines - 1]
            out[lines - 1] = String(last.prefix(max(chars - 1, 1))) + "…"
        }
        return out
    }

    static func fmt(_ value: Double) -> String { Charts.fmt(value) }

    /// XML text: the five special characters, and no control characters (not allowed in XML 1.0).
    static func escape(_ text: String) -> String {
        let clean = text.unicodeScalars.contains { $0.properties.generalCategory == .control } ? text.withoutControlCharacters : text
        return Charts.escape(clean)
    }
}
