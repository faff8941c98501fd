import Foundation

/// What a member did in one community, as far as their level cares, gathered from monthly rollups.
public struct MemberActivity: Sendable, Equatable {
    /// Months (counted back from the month of the level: 0 is that month, 1 the month before) with a contribution.
    public var contributedMonthsAgo: Set<Int>
    public var lastContribution: Date?
    /// The last time they led something: a selected idea of theirs, a workshop they facilitated, an offering they own.
    public var lastLead: Date?
    /// The last sign of presence of any kind: a sign-in, a follow, a vote, a workshop registration.
    public var lastSeen: Date?
    public var isSteward: Bool
    public var joinedAt: Date

    public init(contributedMonthsAgo: Set<Int> = [], lastContribution: Date? = nil, lastLead: Date? = nil,
                lastSeen: Date? = nil, isSteward: Bool = false, joinedAt: Date) {
        self.contributedMonthsAgo = contributedMonthsAgo
        self.lastContribution = lastContribution
        self.lastLead = lastLead
        self.lastSeen = lastSeen
        self.isSteward = isSteward
        self.joinedAt = joinedAt
    }
}

/// The level rules, in one place; tested as a table in EyrieCoreTests.
///
/// - core: contributed in each of the last `coreMonths` months and led something in the last `leadMonths` (a steward
///   leads by being one). The month under way counts once it has a contribution; until then the months before it.
/// - active: contributed within `activeDays`.
/// - inactive: no sign of presence at all (contribution, vote, follow, sign-in, joining) within `inactiveDays`.
/// - peripheral: everyone else: they read, follow or vote.
public enum ParticipationRules {
    /// `asOf`: the end of the month (or now, for the month under way); `monthUnderWay`: the month is not over yet.
    public static func level(_ activity: MemberActivity, asOf: Date, monthUnderWay: Bool,
                             thresholds: HealthThresholds = .standard) -> ParticipationLevel {
        let day: TimeInterval = 86_400
        let first = monthUnderWay && !activity.contributedMonthsAgo.contains(0) ? 1 : 0
        let everyMonth = (first..<first + thresholds.coreMonths).allSatisfy(activity.contributedMonthsAgo.contains)
        let leadSince = Month(asOf).adding(-(thresholds.leadMonths - 1)).start
        let led = activity.isSteward || (activity.lastLead.map { $0 >= leadSince } ?? false)
        if everyMonth && led { return .core }
        if let last = activity.lastContribution, last >= asOf - Double(thresholds.activeDays) * day { return .active }
        let signs = [activity.lastSeen, activity.lastContribution, activity.lastLead, activity.joinedAt].compactMap { $0 }
        if signs.max()! < asOf - Double(thresholds.inactiveDays) * day { return .inactive }
        return .peripheral
    }
}
