/// Bars drawn in table cells beside the numbers they show: small inline SVGs (attributes, not styles, so the page's
/// content security policy holds) that stretch with their column, hidden from screen readers because the cell's text
/// carries the value. Only numbers the server computes go into them.
enum Bars {
    /// A bar filled to `fraction` (0–1) of its track.
    static func bar(_ fraction: Double) -> String {
        let width = fmt(min(max(fraction.isFinite ? fraction : 0, 0), 1) * 100)
        return open + "<rect class=\"bar-track\" width=\"100\" height=\"10\"/>"
            + "<rect class=\"bar-fill\" width=\"\(width)\" height=\"10\"/></svg>"
    }

    /// A score on a 0–100% track with the whisker of its interval and a tick at 50%.
    static func interval(score: Double, low: Double, high: Double) -> String {
        let (s, l, h) = (clamp(score) * 100, clamp(low) * 100, clamp(high) * 100)
        return open + "<rect class=\"bar-track\" width=\"100\" height=\"10\"/>"
            + "<rect class=\"bar-tick\" x=\"49.75\" width=\"0.5\" height=\"10\"/>"
            + "<rect class=\"bar-whisker\" x=\"\(fmt(l))\" y=\"4\" width=\"\(fmt(max(h - l, 0.5)))\" height=\"2\"/>"
            + "<rect class=\"bar-fill\" x=\"\(fmt(max(s - 1, 0)))\" width=\"2\" height=\"10\"/></svg>"
    }

    private static let open = "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"

    private static func clamp(_ value: Double) -> Double { min(max(value.isFinite ? value : 0, 0), 1) }

    static func fmt(_ value: Double) -> String { Charts.fmt(value) }
}
