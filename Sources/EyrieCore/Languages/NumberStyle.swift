/// How a language writes a number for people: CLDR's grouping separator and percent pattern for its Latin digits
/// (English `12,345` and `40%`; French `12 345,5` and `40 %` with narrow no-break spaces; Arabic pages keep Latin digits,
/// as Maghreb readers and most Arabic sites write them, with `,` and `%`). A few symbols per language, kept here rather
/// than asked of Foundation's formatters, whose locale data differs between platforms and whose cost a page with
/// hundreds of numbers would pay for each.
public struct NumberStyle: Sendable, Equatable {
    /// Between groups of three digits.
    public var group: String
    /// Before the decimals.
    public var decimal: String
    /// Between the number and `%` (nothing in English).
    public var beforePercent: String

    public static let english = NumberStyle(group: ",", decimal: ".", beforePercent: "")
    public static let french = NumberStyle(group: "\u{202F}", decimal: ",", beforePercent: "\u{202F}")

    /// The style of a language tag ("fr-CA" writes as French); English for any other.
    public static func of(_ tag: String) -> NumberStyle {
        switch tag.split(separator: "-").first.map(String.init) ?? tag {
        case "fr": french
        default: english
        }
    }

    /// `12345` → `12,345` (English) or `12 345` (French); groups from four digits on, as CLDR's minimum grouping of
    /// one has it.
    public func whole(_ n: Int) -> String {
        let digits = String(n.magnitude)
        guard digits.count > 3 else { return n < 0 ? "-" + digits : digits }
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (n < 0 ? "-" : "") + groups.joined(separator: group)
    }

    /// `40` → `40%` (English) or `40 %` (French).
    public func percent(_ n: Int) -> String {
        whole(n) + beforePercent + "%"
    }
}
