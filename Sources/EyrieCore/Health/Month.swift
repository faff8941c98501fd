import Foundation

/// A calendar month in UTC: the unit participation is kept in.
public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1–12.
    public let number: Int

    public init(year: Int, number: Int) {
        let zeroBased = year * 12 + (number - 1)
        self.year = zeroBased / 12
        self.number = zeroBased % 12 + 1
    }

    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The month `date` falls in.
    public init(_ date: Date) {
        let parts = Month.calendar.dateComponents([.year, .month], from: date)
        self.init(year: parts.year!, number: parts.month!)
    }

    /// `2026-11` (also how the database's `date` column reads, with `-01`).
    public init?(text: String) {
        let parts = text.split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), let number = Int(parts[1]), (1...12).contains(number),
              (1970...9999).contains(year) else { return nil }
        self.init(year: year, number: number)
    }

    public var start: Date { Month.calendar.date(from: DateComponents(year: year, month: number, day: 1))! }
    public var end: Date { adding(1).start }

    public func adding(_ months: Int) -> Month { Month(year: year, number: number + months) }

    /// How many months `self` is after `other` (negative when before).
    public func months(since other: Month) -> Int { (year * 12 + number) - (other.year * 12 + other.number) }

    /// `2026-11`.
    public var description: String { String(format: "%04d-%02d", year, number) }

    /// `November 2026`.
    public var label: String { "\(Month.names[number - 1]) \(year)" }
    /// `Nov`.
    public var shortLabel: String { String(Month.names[number - 1].prefix(3)) }
    /// `November`.
    public var name: String { Month.names[number - 1] }

    static let names = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                        "October", "November", "December"]

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.months(since: rhs) < 0 }
}
