import EyrieCore
@testable import EyrieStore
@testable import EyrieWeb
import Foundation
import Hummingbird
import Testing

/// The workshop page's model, built from reads without a database: who is offered what, the
/// seats by organisation, and every address printed by `Site`.
struct WorkshopPageModelTests {
    static let now = Date()
    static let community = Community(id: 3, slug: "open-guild", name: "Open Guild", domain: "A domain.", visibility: .open,
                                     inviteCode: "code", memberCount: 12)

    static func workshop(_ state: WorkshopState, seatsTaken: Int = 3) -> Workshop {
        Workshop(id: 5, communityID: 3, challengeID: 7, challengeTitle: "Faster onboarding", title: "Design day",
                 purpose: "Draw the first week.", startsAt: now + 86_400, endsAt: now + 90_000, timeZone: "Europe/Paris",
                 place: "Room 2", callLink: "https://call.example/room", capacity: 4, seatsTaken: seatsTaken, waiting: 0,
                 state: state, cancelReason: nil, sequence: 1, createdAt: now, updatedAt: now)
    }

    static func scope(_ actor: Actor, state: WorkshopState = .scheduled, facilitates: Bool = false,
                      registration: RegistrationStatus? = nil) -> WorkshopScope {
        WorkshopScope(visit: WorkshopRepository.Visit(workshop: workshop(state), community: community, role: actor.role,
                                                      isFacilitator: facilitates, registration: registration,
                                                      waitingPosition: nil),
                      actor: actor)
    }

    static let reads = WorkshopPage.Reads(
        ideas: [WorkshopRepository.WorkshopIdea(id: 11, title: "Welcome call", state: .shortlisted)],
        facilitators: [WorkshopRepository.Person(id: 2, name: "Fay", organisationName: "Osprey")],
        participants: [
            Registration(memberID: 21, memberName: "Zoe", organisationName: "Northwind", status: .registered,
                         waitingPosition: nil, attended: nil),
            Registration(memberID: 22, memberName: "Ann", organisationName: "Harbour", status: .registered,
                         waitingPosition: nil, attended: true),
            Registration(memberID: 23, memberName: "Bob", organisationName: "Northwind", status: .registered,
                         waitingPosition: nil, attended: false),
        ],
        agenda: [Activity(id: 31, position: 1, kind: .brainstorm, title: "Ideas", prompt: "", minutes: 10,
                          dotsPerParticipant: 5, maxDotsPerItem: 3, state: .pending, endsAt: nil, secondsLeft: nil)],
        outputs: [], decisions: [], follow: nil)

    @Test func seatsAreGroupedByOrganisationAndAddressesComeFromSite() {
        // act
        let page = WorkshopPage(Self.scope(Actor(role: .facilitator), facilitates: true), reads: Self.reads, zone: nil)
        // check
        #expect(page.participants.map(\.organisation) == ["Harbour", "Northwind"])
        #expect(page.participants.last?.people.map(\.name) == ["Zoe", "Bob"])
        #expect(page.participants.first?.people.first?.cameChecked == true)
        #expect(page.participantCount == "3 people have a seat")
        #expect(page.links.registration == "/workshops/5/registration")
        #expect(page.agenda.first?.moveAction == "/workshops/5/agenda/31/move")
        #expect(page.ideas.first?.value == "/ideas/11")
        #expect(page.challengeLink == "/challenges/7")
        #expect(page.boardLink == "/workshops/5/board")
    }

    @Test func eachKindOfVisitorIsOfferedWhatTheRulesAllow() {
        // setup: (visitor, facilitates, registration, may register, may withdraw, leads, sees the call link)
        let table: [(String, Actor, Bool, RegistrationStatus?, Bool, Bool, Bool, Bool)] = [
            ("anonymous", .anonymous, false, nil, false, false, false, false),
            ("outsider", Actor(), false, nil, false, false, false, false),
            ("member", Actor(role: .member), false, nil, true, false, false, false),
            ("seated member", Actor(role: .member), false, .registered, false, true, false, true),
            ("facilitator", Actor(role: .facilitator), true, nil, false, false, true, true),
            ("another facilitator", Actor(role: .facilitator), false, nil, true, false, false, false),
            ("steward", Actor(role: .steward), false, nil, true, false, true, true),
        ]
        for (name, actor, facilitates, registration, register, withdraw, leads, call) in table {
            // act
            let page = WorkshopPage(Self.scope(actor, facilitates: facilitates, registration: registration),
                                    reads: Self.reads, zone: nil)
            // check
            #expect(page.canRegister == register, "\(name)")
            #expect(page.canWithdraw == withdraw, "\(name)")
            #expect(page.leads == leads, "\(name)")
            #expect((page.callLink != nil) == call, "\(name)")
            #expect(page.callHidden == !call, "\(name)")
            #expect((page.signInLink != nil) == (name == "anonymous"), "\(name)")
            #expect((page.join != nil) == (name == "outsider"), "\(name)")
            #expect(page.agenda.first?.canChange == leads, "\(name)")
        }
    }

    @Test func aClosedWorkshopOffersItsLeadsAnOfferingMadeFromIt() {
        // act
        let closed = WorkshopPage(Self.scope(Actor(role: .facilitator), state: .closed, facilitates: true),
                                  reads: Self.reads, zone: nil)
        let member = WorkshopPage(Self.scope(Actor(role: .member), state: .closed), reads: Self.reads, zone: nil)
        // check
        #expect(closed.offeringLink == "/communities/open-guild/offerings/new?workshop=5")
        #expect(member.offeringLink == nil)
        #expect(!closed.canRegister)
        // A closed workshop's board is kept to read, and a past event gets no calendar file.
        #expect(member.boardLabel == "See the board (closed)")
        #expect(member.calendarLink == nil)
        #expect(WorkshopPage(Self.scope(Actor(role: .member)), reads: Self.reads, zone: nil).calendarLink
            == "/workshops/5/calendar.ics")
    }

    @Test func agendaLinesMoveOnlyWhereThereIsSomewhereToGo() {
        // setup: one activity done, three to come
        func activity(_ id: Int64, _ state: ActivityState) -> Activity {
            Activity(id: id, position: Int(id), kind: .brainstorm, title: "A\(id)", prompt: "", minutes: 10,
                     dotsPerParticipant: 5, maxDotsPerItem: 3, state: state, endsAt: nil, secondsLeft: nil)
        }
        let agenda = [activity(1, .done), activity(2, .pending), activity(3, .pending), activity(4, .pending)]
        // act
        let lines = WorkshopPage.AgendaLine.lines(agenda, workshopID: 5, canEdit: true)
        // check
        #expect(lines.map(\.canMoveUp) == [false, false, true, true])
        #expect(lines.map(\.canMoveDown) == [false, true, true, false])
        #expect(WorkshopPage.AgendaLine.lines(agenda, workshopID: 5, canEdit: false).allSatisfy { !$0.canMoveUp && !$0.canMoveDown })
    }

    @Test func attendanceIsReadFromOneFormForEveryoneOrOnePerson() throws {
        // act
        let all = try RegistrationController.attendanceMarks(["attended-21": "yes", "attended-22": "no", "attended-23": "unknown",
                                                              "_csrf": "x"])
        let one = try RegistrationController.attendanceMarks(["member": "21", "attended": "no"])
        // check
        let expected: [Int64: Bool?] = [21: true, 22: false, 23: Bool?.none]
        #expect(all == expected)
        #expect(one == [21: Bool?(false)])
        #expect(throws: HTTPError.self) { try RegistrationController.attendanceMarks(["attended-21": "maybe"]) }
        #expect(throws: HTTPError.self) { try RegistrationController.attendanceMarks(["_csrf": "x"]) }
    }
}
