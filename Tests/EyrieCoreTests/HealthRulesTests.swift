import EyrieCore
import Foundation
import Testing

/// Participation levels on worked examples, movement between two snapshots, the elephant factor and who works with
/// whom.
struct HealthRulesTests {
    /// 15 November 2026, noon UTC: the month under way is November.
    static let now = ISO8601DateFormatter().date(from: "2026-11-15T12:00:00Z")!
    static func daysAgo(_ days: Double) -> Date { now - days * 86_400 }

    struct Row: Sendable, CustomTestStringConvertible {
        var name: String
        var activity: MemberActivity
        var underWay = true
        var thresholds = HealthThresholds.standard
        var expect: ParticipationLevel
        var testDescription: String { "\(name) → \(expect)" }
    }

    static let joined = daysAgo(400)
    static let rows: [Row] = [
        Row(name: "contributed in November, October and September, authored a selected idea in August",
            activity: .init(contributedMonthsAgo: [0, 1, 2], lastContribution: daysAgo(2), lastLead: daysAgo(100),
                            lastSeen: daysAgo(1), joinedAt: joined), expect: .core),
        Row(name: "the same but the lead was seven months ago",
            activity: .init(contributedMonthsAgo: [0, 1, 2], lastContribution: daysAgo(2), lastLead: daysAgo(230),
                            joinedAt: joined), expect: .active),
        Row(name: "a steward who contributed in each of the three months leads by being one",
            activity: .init(contributedMonthsAgo: [0, 1, 2], lastContribution: daysAgo(2), isSteward: true,
                            joinedAt: joined), expect: .core),
        Row(name: "nothing yet in November: October, September and August count instead",
            activity: .init(contributedMonthsAgo: [1, 2, 3], lastContribution: daysAgo(20), lastLead: daysAgo(20),
                            joinedAt: joined), expect: .core),
        Row(name: "…but not once November is over",
            activity: .init(contributedMonthsAgo: [1, 2, 3], lastContribution: daysAgo(20), lastLead: daysAgo(20),
                            joinedAt: joined), underWay: false, expect: .active),
        Row(name: "a gap in September is not core",
            activity: .init(contributedMonthsAgo: [0, 1, 3], lastContribution: daysAgo(2), lastLead: daysAgo(2),
                            joinedAt: joined), expect: .active),
        Row(name: "one comment 89 days ago",
            activity: .init(contributedMonthsAgo: [2], lastContribution: daysAgo(89), joinedAt: joined), expect: .active),
        Row(name: "one comment 91 days ago, signed in last week",
            activity: .init(contributedMonthsAgo: [3], lastContribution: daysAgo(91), lastSeen: daysAgo(7),
                            joinedAt: joined), expect: .peripheral),
        Row(name: "only votes and sign-ins",
            activity: .init(lastSeen: daysAgo(30), joinedAt: joined), expect: .peripheral),
        Row(name: "joined last week and did nothing yet",
            activity: .init(joinedAt: daysAgo(7)), expect: .peripheral),
        Row(name: "last seen 181 days ago",
            activity: .init(lastSeen: daysAgo(181), joinedAt: joined), expect: .inactive),
        Row(name: "last contribution 200 days ago, nothing since",
            activity: .init(contributedMonthsAgo: [6], lastContribution: daysAgo(200), joinedAt: joined), expect: .inactive),
        Row(name: "a steward who did nothing for a year is inactive, not core",
            activity: .init(isSteward: true, joinedAt: joined), expect: .inactive),
        Row(name: "with a 30-day active window, 40 days ago is peripheral",
            activity: .init(contributedMonthsAgo: [1], lastContribution: daysAgo(40), joinedAt: joined),
            thresholds: .init(activeDays: 30), expect: .peripheral),
        Row(name: "with one month for core, contributing this month and leading is core",
            activity: .init(contributedMonthsAgo: [0], lastContribution: daysAgo(1), lastLead: daysAgo(1), joinedAt: joined),
            thresholds: .init(coreMonths: 1, leadMonths: 1), expect: .core),
    ]

    @Test(arguments: rows) func levels(_ row: Row) {
        #expect(ParticipationRules.level(row.activity, asOf: Self.now, monthUnderWay: row.underWay,
                                         thresholds: row.thresholds) == row.expect)
    }

    @Test func driftIsSlidingDownFromCoreOrActive() {
        #expect(ParticipationLevel.isDrift(from: .core, to: .active))
        #expect(ParticipationLevel.isDrift(from: .active, to: .peripheral))
        #expect(ParticipationLevel.isDrift(from: .active, to: .inactive))
        #expect(!ParticipationLevel.isDrift(from: .peripheral, to: .inactive))
        #expect(!ParticipationLevel.isDrift(from: .active, to: .core))
        #expect(!ParticipationLevel.isDrift(from: nil, to: .inactive))
    }

    @Test func movementBetweenTwoSnapshots() {
        let october: [Int64: ParticipationLevel] = [1: .core, 2: .active, 3: .active, 4: .peripheral, 5: .inactive]
        let november: [Int64: ParticipationLevel] = [1: .core, 2: .peripheral, 3: .peripheral, 4: .active, 6: .peripheral]
        let movement = Movement.between(october, november)
        #expect(movement.members(from: .core, to: .core) == 1)
        #expect(movement.members(from: .active, to: .peripheral) == 2)
        #expect(movement.members(from: .peripheral, to: .active) == 1)
        #expect(movement.members(from: nil, to: .peripheral) == 1)
        #expect(movement.moves.reduce(0) { $0 + $1.members } == november.count, "one move per member still there")
        #expect(movement.changed.count == 3)
        #expect(movement.reading(since: Month(year: 2026, number: 10)) == "2 members moved from active to peripheral since October.")
        let calm = Movement.between([1: .active], [1: .active, 2: .peripheral])
        #expect(calm.reading(since: Month(year: 2026, number: 10)) == "1 member joined since October.")
        #expect(Movement.between([1: .active], [1: .active]).reading(since: Month(year: 2026, number: 10)) == nil)
    }

    @Test func elephantFactor() {
        #expect(OrganisationShares.elephantFactor([]) == 0)
        #expect(OrganisationShares.elephantFactor([0, 0]) == 0)
        #expect(OrganisationShares.elephantFactor([90, 5, 5]) == 1)
        #expect(OrganisationShares.elephantFactor([50, 50]) == 1, "exactly half is enough")
        #expect(OrganisationShares.elephantFactor([10, 30, 20, 40]) == 2, "40 + 30 of 100")
        #expect(OrganisationShares.elephantFactor([25, 25, 25, 25]) == 2)
        #expect(OrganisationShares.elephantFactor([1, 1, 1, 1, 1]) == 3)
        let shares = [OrganisationShare(organisationID: 1, name: "A", members: 3, ideas: 0, votes: 0, comments: 0, seats: 0, contributions: 40),
                      OrganisationShare(organisationID: 2, name: "B", members: 2, ideas: 0, votes: 0, comments: 0, seats: 0, contributions: 60)]
        #expect(OrganisationShares.reading(shares) == "1 of 2 organisations accounts for half of the contributions (elephant factor 1).")
        #expect(OrganisationShares.percent(1, of: 3) == 33)
    }

    @Test func coAuthorshipMatrix() {
        // Idea 1 by A and B; idea 2 by A, B and C; idea 3 by A alone (twice the same organisation counts once).
        let pairs = CoWork.pairs(groups: [[1, 2], [2, 1, 3, 1], [1, 1]])
        #expect(pairs == [.init(a: 1, b: 2, together: 2), .init(a: 1, b: 3, together: 1), .init(a: 2, b: 3, together: 1)])
        let matrix = CoWork(organisations: [3, 2, 1], pairs: pairs)
        #expect(matrix.cells == [[0, 1, 1], [1, 0, 2], [1, 2, 0]])
        #expect(matrix.strongest?.together == 2)
        #expect(matrix.strongest.map { Set([$0.a, $0.b]) } == [1, 2])
        #expect(CoWork(organisations: [1], pairs: []).strongest == nil)
    }

    @Test func monthsAndThresholds() throws {
        let november = Month(Self.now)
        #expect(november.description == "2026-11")
        #expect(november.adding(2).description == "2027-01")
        #expect(november.adding(-11).label == "December 2025")
        #expect(Month(year: 2027, number: 1).months(since: november) == 2)
        #expect(Month(text: "2026-13") == nil)
        #expect(Month(text: "2026-02-01")?.end == Month(year: 2026, number: 3).start)
        let thresholds = try HealthThresholds.validate(["coreMonths": "2", "leadMonths": "4", "activeDays": "60",
                                                        "inactiveDays": "120", "newcomerDays": "30"])
        #expect(thresholds == HealthThresholds(coreMonths: 2, leadMonths: 4, activeDays: 60, inactiveDays: 120, newcomerDays: 30))
        #expect(throws: ValidationErrors.self) { try HealthThresholds.validate(["coreMonths": "0"]) }
        do {
            _ = try HealthThresholds.validate(["coreMonths": "3", "leadMonths": "6", "activeDays": "90",
                                               "inactiveDays": "60", "newcomerDays": "90"])
            Issue.record("active longer than inactive was accepted")
        } catch let invalid as ValidationErrors {
            #expect(invalid.message(for: "inactiveDays") != nil)
        }
    }
}
