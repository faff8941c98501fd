import EyrieCore
import Foundation
import Testing

/// What counts as a contribution, with worked examples of members whose only work is in the library or the
/// discussions.
struct ParticipationKindTests {
    @Test func theTableSaysWhatIsAContribution() {
        #expect(ParticipationKind.contributions == [.idea, .comment, .review, .seat, .note, .update, .library, .reply, .answer])
        #expect(Set(ParticipationKind.allCases.map(\.column)).count == ParticipationKind.allCases.count, "one column each")
        #expect(ParticipationKind.contributed([.answer: 1]))
        #expect(ParticipationKind.contributed([.library: 2, .vote: 3]))
        #expect(!ParticipationKind.contributed([.vote: 5, .visit: 2, .lead: 1]))
        #expect(!ParticipationKind.contributed([.reply: 0]))
    }

    /// A level from a member's months (0 is the month of the level), as the snapshot reads them.
    func level(_ months: [Int: [ParticipationKind: Int]], lastContribution: Date?, lead: Date? = nil, seen: Date? = nil,
               asOf: Date) -> ParticipationLevel {
        let activity = MemberActivity(contributedMonthsAgo: Set(months.filter { ParticipationKind.contributed($0.value) }.keys),
                                      lastContribution: lastContribution, lastLead: lead, lastSeen: seen,
                                      joinedAt: asOf - 400 * 86_400)
        return ParticipationRules.level(activity, asOf: asOf, monthUnderWay: false)
    }

    @Test func workedExamples() {
        let asOf = Month(Date(timeIntervalSince1970: 1_780_000_000)).end
        let day: TimeInterval = 86_400
        // Lina answers a question every month (one of them accepted) and owns an offering: core.
        #expect(level([0: [.reply: 2, .answer: 1], 1: [.reply: 1], 2: [.reply: 3]], lastContribution: asOf - 2 * day,
                      lead: asOf - 10 * day, asOf: asOf) == .core)
        // Omar improved a guide in the library ten days ago and did nothing else: active.
        #expect(level([0: [.library: 1]], lastContribution: asOf - 10 * day, asOf: asOf) == .active)
        // Pia only votes and follows discussions: peripheral.
        #expect(level([0: [.vote: 4, .visit: 3]], lastContribution: nil, seen: asOf - 3 * day, asOf: asOf) == .peripheral)
        // Quentin's last reply was a year ago and he has not been seen since: inactive.
        #expect(level([:], lastContribution: asOf - 365 * day, seen: asOf - 365 * day, asOf: asOf) == .inactive)
    }
}
