import Foundation

/// Server-drawn SVG charts (the portfolio's funnel) and the text helpers the health dashboard's charts and the
/// results' bars share. Labels are escaped; the tables beside each chart carry the same numbers.
enum Charts {
    struct Bar {
        var label: String
        var value: Double
    }

    static let width = 640.0
    static let labelWidth = 90.0
    static let row = 22.0

    /// Horizontal bars, one per item, with the value printed at the end of each bar.
    static func bars(id: String, title: String, unit: String, items: [Bar], labelWidth: Double = Charts.labelWidth) -> String {
        let maximum = max(items.map(\.value).max() ?? 0, 1)
        let plot = width - labelWidth - 70
        let height = Double(items.count) * row + 36
        var svg = open(id: id, title: title, height: height)
        for (i, item) in items.enumerated() {
            let y = 8 + Double(i) * row
            let w = max(plot * item.value / maximum, item.value > 0 ? 2 : 0)
            svg += "<text x=\"\(fmt(labelWidth - 8))\" y=\"\(fmt(y + 14))\" text-anchor=\"end\" class=\"chart-label\">\(escape(item.label))</text>"
            svg += "<rect x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(w))\" height=\"\(fmt(row - 8))\" class=\"chart-bar\"/>"
            svg += "<text x=\"\(fmt(labelWidth + w + 6))\" y=\"\(fmt(y + 14))\" class=\"chart-value\">\(fmt(item.value))</text>"
        }
        svg += axis(y: height - 22, label: unit, labelWidth: labelWidth)
        return svg + "</svg>"
    }

    private static func open(id: String, title: String, height: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 \(fmt(width)) \(fmt(height))\" "
            + "role=\"img\" aria-labelledby=\"\(escape(id))-svg-title\"><title id=\"\(escape(id))-svg-title\">\(escape(title))</title>"
    }

    private static func axis(y: Double, label: String, labelWidth: Double = Charts.labelWidth) -> String {
        "<line x1=\"\(fmt(labelWidth))\" y1=\"\(fmt(y))\" x2=\"\(fmt(width - 20))\" y2=\"\(fmt(y))\" class=\"chart-grid\"/>"
            + "<text x=\"\(fmt(labelWidth))\" y=\"\(fmt(y + 16))\" class=\"chart-label\">\(escape(label))</text>"
    }

    /// A coordinate or value with at most one decimal (`12`, `12.5`, `-0.3`), without Foundation's formatter.
    static func fmt(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded() { return String(Int(value)) }
        let tenths = Int((value * 10).rounded())
        if tenths % 10 == 0 { return String(tenths / 10) }
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// XML escaping, for the server's own labels all the same.
    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }
}
