import Foundation

/// The windows that decide a member's level in one community; its stewards may change them.
public struct HealthThresholds: Sendable, Equatable {
    /// Core: contributed in each of this many months…
    public var coreMonths: Int
    /// …and led something (authored a selected idea, facilitated a workshop, owns an offering, steward) in this many.
    public var leadMonths: Int
    /// Active: contributed within this many days.
    public var activeDays: Int
    /// Inactive: nothing at all (not even a sign-in, a follow or a vote) in this many days.
    public var inactiveDays: Int
    /// Newcomers: joined within this many days.
    public var newcomerDays: Int

    public init(coreMonths: Int = 3, leadMonths: Int = 6, activeDays: Int = 90, inactiveDays: Int = 180,
                newcomerDays: Int = 90) {
        self.coreMonths = coreMonths
        self.leadMonths = leadMonths
        self.activeDays = activeDays
        self.inactiveDays = inactiveDays
        self.newcomerDays = newcomerDays
    }

    public static let standard = HealthThresholds()

    /// The months of rollups a level needs before the month it is for.
    public var monthsLooked: Int { max(coreMonths + 1, leadMonths, inactiveDays / 28 + 1) }

    /// The stewards' form: whole numbers within bounds, active shorter than inactive; 422 beside the field otherwise.
    public static func validate(_ form: [String: String]) throws -> HealthThresholds {
        var errors: [FieldError] = []
        func number(_ field: String, _ label: String, _ range: ClosedRange<Int>) -> Int {
            let raw = (form[field] ?? "").trimmingWhitespace()
            guard let value = Int(raw), range.contains(value) else {
                errors.append(.init(field, "\("label", label) must be a whole number from \("least", range.lowerBound) to \("most", range.upperBound)"))
                return range.lowerBound
            }
            return value
        }
        let thresholds = HealthThresholds(
            coreMonths: number("coreMonths", "Months of contribution for core", 1...12),
            leadMonths: number("leadMonths", "Months to have led something", 1...24),
            activeDays: number("activeDays", "Days for active", 7...365),
            inactiveDays: number("inactiveDays", "Days for inactive", 30...730),
            newcomerDays: number("newcomerDays", "Days a newcomer is new", 7...365))
        if errors.isEmpty, thresholds.activeDays >= thresholds.inactiveDays {
            errors.append(.init("inactiveDays", "Days for inactive must be more than days for active"))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return thresholds
    }
}
