import Foundation

/// The phases a challenge moves through, in order.
public enum ChallengePhase: String, Sendable, CaseIterable, Comparable {
    case draft
    case open
    case voting
    case review
    case closed

    public static func < (lhs: ChallengePhase, rhs: ChallengePhase) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var label: String {
        switch self {
        case .draft: "Draft"
        case .open: "Open for ideas"
        case .voting: "Voting"
        case .review: "In review"
        case .closed: "Closed"
        }
    }
}

/// The dates that drive a challenge's phase, plus the steward's override, which wins over the dates.
public struct ChallengeSchedule: Sendable, Equatable {
    public var opensAt: Date
    public var votingAt: Date
    public var reviewAt: Date
    public var closesAt: Date
    public var override: ChallengePhase?
    public var lateSubmissions: Bool
    /// When the challenge was first seen in voting or later (a steward's move records it), if it ever was.
    public var votingStartedAt: Date?

    public init(
        opensAt: Date, votingAt: Date, reviewAt: Date, closesAt: Date,
        override: ChallengePhase? = nil, lateSubmissions: Bool = false, votingStartedAt: Date? = nil
    ) {
        self.opensAt = opensAt
        self.votingAt = votingAt
        self.reviewAt = reviewAt
        self.closesAt = closesAt
        self.override = override
        self.lateSubmissions = lateSubmissions
        self.votingStartedAt = votingStartedAt
    }

    /// Whether voting has begun, now or before: a challenge moved back from voting to open keeps its voting settings
    /// frozen, since members voted under them.
    public func votingHasStarted(at now: Date) -> Bool {
        votingStartedAt != nil || phase(at: now) >= .voting
    }

    /// The phase at `now`: the override if a steward set one, otherwise the one the dates give.
    public func phase(at now: Date) -> ChallengePhase {
        if let override { return override }
        if now < opensAt { return .draft }
        if now < votingAt { return .open }
        if now < reviewAt { return .voting }
        if now < closesAt { return .review }
        return .closed
    }

    /// Problems with the dates, keyed by form field.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if votingAt < opensAt { errors.append(.init("votingAt", "Voting must start on or after the opening date")) }
        if reviewAt < votingAt { errors.append(.init("reviewAt", "Review must start on or after voting starts")) }
        if closesAt < reviewAt { errors.append(.init("closesAt", "The closing date must be on or after review starts")) }
        return errors
    }
}

extension ChallengePhase {
    /// Whether members may submit new ideas in this phase.
    public func acceptsIdeas(lateSubmissions: Bool) -> Bool {
        self == .open || (self == .voting && lateSubmissions)
    }

    /// Whether members may support or withdraw supports in this phase.
    public var acceptsSupports: Bool { self == .open || self == .voting }

    /// Whether members may comment in this phase.
    public var acceptsComments: Bool { self != .draft && self != .closed }
}
