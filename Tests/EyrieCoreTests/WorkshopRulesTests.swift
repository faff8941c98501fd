import EyrieCore
import Foundation
import Testing

/// Workshops in EyrieCore: the permission and state table, the waiting list's order, times in named zones, the form.
struct WorkshopRulesTests {
    static let anonymous = Actor.anonymous
    static let outsider = Actor()
    static let member = Actor(role: .member)
    static let facilitator = Actor(role: .facilitator)
    static let steward = Actor(role: .steward)
    static let admin = Actor(isAdmin: true)

    enum Expect: Equatable { case allowed, signIn, forbidden, notNow, join }

    struct Row: Sendable, CustomTestStringConvertible {
        var action: WorkshopAction
        var actor: Actor
        var leads = false
        var state: WorkshopState
        var move: WorkshopMove?
        var expect: Expect
        var testDescription: String { "\(action) \(move.map { "\($0)" } ?? "") \(state) leads=\(leads) → \(expect)" }
    }

    static let rows: [Row] = [
        // Seeing: a draft only for its facilitators and stewards.
        Row(action: .view, actor: anonymous, state: .scheduled, expect: .allowed),
        Row(action: .view, actor: member, state: .draft, expect: .forbidden),
        Row(action: .view, actor: anonymous, state: .draft, expect: .signIn),
        Row(action: .view, actor: facilitator, leads: true, state: .draft, expect: .allowed),
        Row(action: .view, actor: facilitator, state: .draft, expect: .forbidden),
        Row(action: .view, actor: steward, state: .draft, expect: .allowed),
        Row(action: .view, actor: member, state: .cancelled, expect: .allowed),
        // Scheduling: facilitators and stewards of the community.
        Row(action: .create, actor: facilitator, state: .draft, expect: .allowed),
        Row(action: .create, actor: steward, state: .draft, expect: .allowed),
        Row(action: .create, actor: admin, state: .draft, expect: .allowed),
        Row(action: .create, actor: member, state: .draft, expect: .forbidden),
        Row(action: .create, actor: anonymous, state: .draft, expect: .signIn),
        // Registering: members, while the workshop is announced or under way.
        Row(action: .register, actor: member, state: .scheduled, expect: .allowed),
        Row(action: .register, actor: member, state: .running, expect: .allowed),
        Row(action: .register, actor: member, state: .draft, expect: .notNow),
        Row(action: .register, actor: member, state: .closed, expect: .notNow),
        Row(action: .register, actor: member, state: .cancelled, expect: .notNow),
        Row(action: .register, actor: outsider, state: .scheduled, expect: .join),
        Row(action: .register, actor: anonymous, state: .scheduled, expect: .signIn),
        // Its facilitators take part without a seat.
        Row(action: .register, actor: facilitator, leads: true, state: .scheduled, expect: .forbidden),
        Row(action: .register, actor: facilitator, state: .scheduled, expect: .allowed),
        Row(action: .withdraw, actor: member, state: .scheduled, expect: .allowed),
        Row(action: .withdraw, actor: member, state: .closed, expect: .notNow),
        // Editing: its facilitators (still members) and stewards, until it is over.
        Row(action: .edit, actor: facilitator, leads: true, state: .scheduled, expect: .allowed),
        Row(action: .edit, actor: member, leads: true, state: .running, expect: .allowed),
        Row(action: .edit, actor: outsider, leads: true, state: .scheduled, expect: .forbidden),
        Row(action: .edit, actor: facilitator, state: .scheduled, expect: .forbidden),
        Row(action: .edit, actor: steward, state: .draft, expect: .allowed),
        Row(action: .edit, actor: steward, state: .closed, expect: .notNow),
        Row(action: .edit, actor: steward, state: .cancelled, expect: .notNow),
        Row(action: .edit, actor: member, state: .scheduled, expect: .forbidden),
        // The state moves: draft → scheduled → running → closed, or cancelled before it runs.
        Row(action: .move, actor: facilitator, leads: true, state: .draft, move: .schedule, expect: .allowed),
        Row(action: .move, actor: facilitator, leads: true, state: .scheduled, move: .start, expect: .allowed),
        Row(action: .move, actor: facilitator, leads: true, state: .running, move: .close, expect: .allowed),
        Row(action: .move, actor: facilitator, leads: true, state: .draft, move: .cancel, expect: .allowed),
        Row(action: .move, actor: facilitator, leads: true, state: .scheduled, move: .cancel, expect: .allowed),
        Row(action: .move, actor: facilitator, leads: true, state: .draft, move: .start, expect: .notNow),
        Row(action: .move, actor: facilitator, leads: true, state: .scheduled, move: .close, expect: .notNow),
        Row(action: .move, actor: facilitator, leads: true, state: .running, move: .cancel, expect: .notNow),
        Row(action: .move, actor: facilitator, leads: true, state: .closed, move: .start, expect: .notNow),
        Row(action: .move, actor: facilitator, leads: true, state: .cancelled, move: .schedule, expect: .notNow),
        Row(action: .move, actor: facilitator, leads: true, state: .closed, move: .schedule, expect: .notNow),
        Row(action: .move, actor: steward, state: .running, move: .close, expect: .allowed),
        Row(action: .move, actor: member, state: .running, move: .close, expect: .forbidden),
        Row(action: .move, actor: anonymous, state: .running, move: .close, expect: .signIn),
        // Running the agenda, attendance and outputs.
        Row(action: .runAgenda, actor: facilitator, leads: true, state: .running, expect: .allowed),
        Row(action: .runAgenda, actor: facilitator, leads: true, state: .scheduled, expect: .notNow),
        Row(action: .runAgenda, actor: member, state: .running, expect: .forbidden),
        Row(action: .markAttendance, actor: facilitator, leads: true, state: .closed, expect: .allowed),
        Row(action: .markAttendance, actor: facilitator, leads: true, state: .scheduled, expect: .notNow),
        Row(action: .recordOutputs, actor: steward, state: .closed, expect: .allowed),
        Row(action: .recordOutputs, actor: steward, state: .running, expect: .notNow),
        Row(action: .recordOutputs, actor: member, state: .closed, expect: .forbidden),
    ]

    @Test(arguments: rows)
    func rule(_ row: Row) {
        let decision = WorkshopRules.check(row.action, actor: row.actor, isFacilitator: row.leads, state: row.state,
                                           move: row.move)
        let got: Expect = switch decision {
        case .allowed: .allowed
        case .signInRequired: .signIn
        case .notNow: .notNow
        case .forbidden: decision.asksToJoin ? .join : .forbidden
        }
        #expect(got == row.expect)
    }

    @Test func everyMoveLandsInItsTargetAndOnlyFromItsSources() {
        for move in WorkshopMove.allCases {
            for state in WorkshopState.allCases {
                let allowed = WorkshopRules.check(.move, actor: Self.steward, state: state, move: move).isAllowed
                #expect(allowed == move.sources.contains(state), "\(move) from \(state)")
            }
        }
        #expect(WorkshopMove.schedule.target == .scheduled && WorkshopMove.start.target == .running)
        #expect(WorkshopMove.close.target == .closed && WorkshopMove.cancel.target == .cancelled)
    }

    @Test func theWaitingListMovesUpInTheOrderPeopleAsked() {
        #expect(WaitingList.promotions(freeSeats: 2, queue: [7, 3, 9]) == [7, 3])
        #expect(WaitingList.promotions(freeSeats: 5, queue: [7, 3]) == [7, 3])
        #expect(WaitingList.promotions(freeSeats: 0, queue: [7]) == [])
        #expect(WaitingList.promotions(freeSeats: -1, queue: [7]) == [])
        #expect(WaitingList.placement(capacity: 3, seatsTaken: 2) == .registered)
        #expect(WaitingList.placement(capacity: 3, seatsTaken: 3) == .waiting)
    }

    @Test func aWallClockTimeIsReadInItsZoneAcrossClockChanges() throws {
        let paris = try #require(LocalTime.zone("Europe/Paris"))
        // Winter: UTC+1; summer: UTC+2.
        let winter = try #require(LocalTime.instant(day: "2026-12-01", clock: "14:00", in: paris))
        #expect(winter == Date(timeIntervalSince1970: 1_796_130_000))
        let summer = try #require(LocalTime.instant(day: "2026-07-01", clock: "14:00", in: paris))
        #expect(summer == Date(timeIntervalSince1970: 1_782_907_200))
        // 02:30 on the last Sunday of March does not exist in Paris.
        #expect(LocalTime.instant(day: "2026-03-29", clock: "02:30", in: paris) == nil)
        #expect(LocalTime.span(winter, winter + 5400, in: paris) == "Tue 1 Dec 2026, 14:00–15:30")
        let tokyo = try #require(LocalTime.zone("Asia/Tokyo"))
        #expect(LocalTime.span(winter, winter + 5400, in: tokyo) == "Tue 1 Dec 2026, 22:00–23:30")
        #expect(LocalTime.fields(winter, in: tokyo) == ("2026-12-01", "22:00"))
        #expect(LocalTime.zone("Mars/Olympus") == nil)
        #expect(LocalTime.zone("") == nil)
        // typed in the form: a city or an identifier in any case
        #expect(LocalTime.zone(typed: "paris")?.identifier == "Europe/Paris")
        #expect(LocalTime.zone(typed: "New York")?.identifier == "America/New_York")
        #expect(LocalTime.zone(typed: "europe/paris")?.identifier == "Europe/Paris")
        #expect(LocalTime.zone(typed: "Atlantis") == nil)
    }

    static let valid = ["title": "Onboarding co-design", "purpose": "Design the first day of a new customer.",
                        "date": "2026-12-01", "startTime": "14:00", "endTime": "16:30", "timeZone": "Europe/Paris",
                        "place": "Room 4", "capacity": "12", "facilitator-5": "on", "idea-9": "on", "idea-3": "on"]

    @Test func aValidFormBecomesADraftInUTC() throws {
        let draft = try WorkshopDraft.validate(Self.valid)
        #expect(draft.startsAt == Date(timeIntervalSince1970: 1_796_130_000))
        #expect(draft.endsAt.timeIntervalSince(draft.startsAt) == 9000)
        #expect(draft.ideaIDs == [3, 9] && draft.facilitatorIDs == [5])
        #expect(draft.challengeID == nil && draft.capacity == 12 && draft.timeZone == "Europe/Paris")
    }

    @Test(arguments: [
        (["title": ""], "title"), (["timeZone": "Nowhere/Else"], "timeZone"), (["date": "2026-02-30"], "date"),
        (["startTime": "25:00"], "startTime"), (["endTime": "13:00"], "endTime"), (["endTime": "14:00"], "endTime"),
        (["date": "2026-03-29", "startTime": "02:30"], "startTime"), (["place": "", "callLink": ""], "place"),
        (["callLink": "javascript:alert(1)"], "callLink"), (["capacity": "0"], "capacity"),
        (["capacity": "many"], "capacity"), (["facilitator-5": ""], "facilitators"), (["challenge": "x"], "challenge"),
        (["purpose": "short"], "purpose"), (["title": "Bad\u{0}title"], "title"),
    ])
    func aBadFieldIsNamed(_ change: [String: String], _ field: String) {
        let form = Self.valid.merging(change) { $1 }
        #expect(throws: ValidationErrors.self) { try WorkshopDraft.validate(form) }
        do { _ = try WorkshopDraft.validate(form) } catch let invalid as ValidationErrors {
            #expect(invalid.message(for: field) != nil, "\(invalid.errors)")
        } catch {}
    }
}
