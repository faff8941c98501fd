import Foundation

/// A steward's choice of who reads a challenge's results, and the day they expect to publish them to everyone.
public struct ResultsRelease: Sendable, Equatable {
    public var audience: ResultsAudience
    public var expectedAt: Date?

    public init(audience: ResultsAudience, expectedAt: Date?) {
        self.audience = audience
        self.expectedAt = expectedAt
    }

    /// Reads the results page's form: `audience` (stewards, sponsor, community) and an optional `expected` day.
    public static func validate(_ form: [String: String]) throws -> ResultsRelease {
        var errors: [FieldError] = []
        let audience = ResultsAudience(rawValue: form["audience"] ?? "")
        if audience == nil { errors.append(FieldError("audience", "Choose who can read the results")) }
        let raw = (form["expected"] ?? "").trimmingWhitespace()
        let expected = Day.parse(raw)
        if !raw.isEmpty && expected == nil { errors.append(FieldError("expected", "Give a day like 2027-01-15, or leave it empty")) }
        guard errors.isEmpty, let audience else { throw ValidationErrors(errors) }
        // Once published to everyone, the expected day has been kept or passed; it is not shown any more.
        return ResultsRelease(audience: audience, expectedAt: audience == .community ? nil : expected)
    }
}
