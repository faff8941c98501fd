import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

/// Workshops over a real PostgreSQL: the capacity under concurrent registrations, the waiting list's order, edits.
struct WorkshopStoreTests {
    @Test func thirtyMembersRacingForTheLastThreeSeatsGetExactlyThree() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 10 seats, 7 taken
            let f = try await Fixture.make(db, members: 37)
            let workshop = try await f.workshop(db, capacity: 10)
            let registrations = RegistrationRepository(db)
            for member in f.memberIDs.prefix(7) { try await registrations.register(workshopID: workshop, memberID: member) }
            // act: 30 members register at the same moment
            let racers = Array(f.memberIDs.dropFirst(7))
            let outcomes = try await withThrowingTaskGroup(of: RegistrationStatus.self) { group in
                for member in racers { group.addTask { try await registrations.register(workshopID: workshop, memberID: member) } }
                return try await group.reduce(into: [RegistrationStatus]()) { $0.append($1) }
            }
            // check: 3 seats, 27 on the waiting list, and the kept counts agree with the rows
            #expect(outcomes.filter { $0 == .registered }.count == 3)
            #expect(outcomes.filter { $0 == .waiting }.count == 27)
            let w = try #require(try await WorkshopRepository(db).find(id: workshop))
            #expect(w.seatsTaken == 10 && w.waiting == 27)
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }

    @Test func freedSeatsGoToTheWaitingListInTheOrderPeopleAsked() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 2 seats; members 0 and 1 seated; 2, 3, 4 waiting in that order
            let f = try await Fixture.make(db, members: 5)
            let workshop = try await f.workshop(db, capacity: 2)
            let registrations = RegistrationRepository(db)
            for member in f.memberIDs { try await registrations.register(workshopID: workshop, memberID: member) }
            let m = f.memberIDs
            // act: member 1 gives the seat back
            #expect(try await registrations.withdraw(workshopID: workshop, memberID: m[1]))
            // check: the first in the queue moves up, the others move one place
            var people = try await registrations.participants(workshopID: workshop)
            #expect(people.filter { $0.status == .registered }.map(\.memberID) == [m[0], m[2]])
            #expect(people.filter { $0.status == .waiting }.map(\.memberID) == [m[3], m[4]])
            #expect(people.compactMap(\.waitingPosition) == [1, 2])
            // act: the one who left asks again (back of the queue); a waiting member leaves the queue
            #expect(try await registrations.register(workshopID: workshop, memberID: m[1]) == .waiting)
            #expect(try await registrations.withdraw(workshopID: workshop, memberID: m[3]))
            people = try await registrations.participants(workshopID: workshop)
            #expect(people.filter { $0.status == .waiting }.map(\.memberID) == [m[4], m[1]])
            // act: the facilitator adds a seat
            let workshops = WorkshopRepository(db)
            let w = try #require(try await workshops.find(id: workshop))
            try await workshops.update(id: workshop, draft(w, capacity: 3, facilitator: f.facilitatorID),
                                       communityID: f.community.id, actorID: f.facilitatorID)
            people = try await registrations.participants(workshopID: workshop)
            #expect(people.filter { $0.status == .registered }.map(\.memberID) == [m[0], m[2], m[4]])
            // check: a capacity below the seats taken is refused
            await #expect(throws: StoreError.conflict("capacity")) {
                try await workshops.update(id: workshop, draft(w, capacity: 2, facilitator: f.facilitatorID),
                                           communityID: f.community.id, actorID: f.facilitatorID)
            }
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }

    @Test func aSecondRegistrationChangesNothingAndAClosedWorkshopTakesNone() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let workshop = try await f.workshop(db, capacity: 5)
            let registrations = RegistrationRepository(db)
            #expect(try await registrations.register(workshopID: workshop, memberID: f.memberIDs[0]) == .registered)
            #expect(try await registrations.register(workshopID: workshop, memberID: f.memberIDs[0]) == .registered)
            #expect(try await WorkshopRepository(db).find(id: workshop)?.seatsTaken == 1)
            #expect(try await registrations.withdraw(workshopID: workshop, memberID: f.memberIDs[1]) == false)
            let draft = try await f.workshop(db, title: "Not yet published", state: .draft)
            await #expect(throws: StoreError.conflict("state")) {
                try await registrations.register(workshopID: draft, memberID: f.memberIDs[0])
            }
            let closed = try await f.workshop(db, title: "Already over", state: .closed)
            await #expect(throws: StoreError.conflict("state")) {
                try await registrations.register(workshopID: closed, memberID: f.memberIDs[0])
            }
            await #expect(throws: StoreError.notFound) {
                try await registrations.register(workshopID: 999_999, memberID: f.memberIDs[0])
            }
        }
    }

    @Test func withdrawalsAndRegistrationsRacingAtAFullWorkshopKeepEveryCount() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 5 seats, all taken, 5 waiting
            let f = try await Fixture.make(db, members: 20)
            let workshop = try await f.workshop(db, capacity: 5)
            let registrations = RegistrationRepository(db)
            for member in f.memberIDs.prefix(10) { try await registrations.register(workshopID: workshop, memberID: member) }
            // act: the seated five leave while ten newcomers register
            try await withThrowingTaskGroup(of: Void.self) { group in
                for member in f.memberIDs.prefix(5) {
                    group.addTask { try await registrations.withdraw(workshopID: workshop, memberID: member) }
                }
                for member in f.memberIDs.dropFirst(10) {
                    group.addTask { try await registrations.register(workshopID: workshop, memberID: member) }
                }
                try await group.waitForAll()
            }
            // check: the five who waited first hold the seats, whatever the interleaving; counts agree
            let people = try await registrations.participants(workshopID: workshop)
            #expect(Set(people.filter { $0.status == .registered }.map(\.memberID)) == Set(f.memberIDs[5..<10]))
            #expect(people.filter { $0.status == .waiting }.count == 10)
            #expect(try await CounterCheck(db).mismatches() == [])
        }
    }

    @Test func attendanceForEveryoneAtOnceLeavesOutPeopleWithoutASeatAndTwoSavesAtOnceBothLand() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: six seated, one who only asked and withdrew
            let f = try await Fixture.make(db, members: 8)
            let workshop = try await f.workshop(db, capacity: 6)
            let registrations = RegistrationRepository(db)
            for member in f.memberIDs.prefix(7) { try await registrations.register(workshopID: workshop, memberID: member) }
            try await registrations.withdraw(workshopID: workshop, memberID: f.memberIDs[6])
            let seated = Array(f.memberIDs.prefix(6))
            // act: twenty saves of everyone at once (half saying all came, half all missed), each with an outsider
            let written = try await withThrowingTaskGroup(of: Set<Int64>.self) { group in
                for i in 0..<20 {
                    var marks: [Int64: Bool?] = [f.memberIDs[6]: true, f.memberIDs[7]: true]
                    for member in (i % 2 == 0 ? seated : seated.reversed()) { marks.updateValue(i % 2 == 0, forKey: member) }
                    group.addTask { [marks] in try await registrations.markAttendance(workshopID: workshop, marks: marks) }
                }
                return try await group.reduce(into: [Set<Int64>]()) { $0.append($1) }
            }
            // check: every save wrote exactly the seated; the last one wrote everybody's mark (all one way)
            #expect(written.allSatisfy { $0 == Set(seated) })
            let marks = try await registrations.participants(workshopID: workshop).filter { $0.status == .registered }.map(\.attended)
            #expect(marks.count == 6)
            #expect(Set(marks).count == 1 && marks.allSatisfy { $0 != nil })
            let none = try await registrations.markAttendance(workshopID: workshop, marks: [f.memberIDs[7]: false])
            #expect(none.isEmpty)
        }
    }

    @Test func movesAreCheckedUnderTheLockAndRaiseTheCalendarSequence() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let workshops = WorkshopRepository(db)
            let id = try await f.workshop(db, state: .draft)
            try await workshops.move(id: id, .schedule, actorID: f.facilitatorID, reason: "")
            // Two facilitators press "Start" at once: one start, one conflict.
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 {
                    group.addTask { (try? await workshops.move(id: id, .start, actorID: f.facilitatorID, reason: "")) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
            var w = try #require(try await workshops.find(id: id))
            #expect(w.state == .running && w.sequence == 2)
            // Moving the time raises the sequence again; a title change alone does not.
            var changed = draft(w, capacity: w.capacity, facilitator: f.facilitatorID)
            changed.title = "Renamed workshop"
            try await workshops.update(id: id, changed, communityID: f.community.id, actorID: f.facilitatorID)
            #expect(try await workshops.find(id: id)?.sequence == 2)
            changed.startsAt += 3600
            changed.endsAt += 3600
            try await workshops.update(id: id, changed, communityID: f.community.id, actorID: f.facilitatorID)
            w = try #require(try await workshops.find(id: id))
            #expect(w.sequence == 3 && w.title == "Renamed workshop")
            // Facilitators must be the community's facilitators or stewards; ideas must belong to the challenge.
            var bad = changed
            bad.facilitatorIDs = [f.memberIDs[0]]
            await #expect(throws: StoreError.conflict("facilitators")) {
                try await workshops.update(id: id, bad, communityID: f.community.id, actorID: f.facilitatorID)
            }
            bad = changed
            bad.ideaIDs = [999_999]
            await #expect(throws: StoreError.conflict("ideas")) {
                try await workshops.update(id: id, bad, communityID: f.community.id, actorID: f.facilitatorID)
            }
        }
    }

    func draft(_ w: Workshop, capacity: Int, facilitator: Int64) -> WorkshopDraft {
        WorkshopDraft(title: w.title, purpose: w.purpose, challengeID: w.challengeID, startsAt: w.startsAt,
                      endsAt: w.endsAt, timeZone: w.timeZone, place: w.place, callLink: w.callLink, capacity: capacity,
                      ideaIDs: [], facilitatorIDs: [facilitator])
    }
}
