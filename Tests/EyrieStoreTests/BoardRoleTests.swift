import EyrieCore
@testable import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

/// The board's role is worked out in SQL where the board changes (`BoardRepository.roleSQL`, under the workshop's
/// lock) and in Swift where the page is drawn (`BoardRules.role`): both say the same for every kind of person.
struct BoardRoleTests {
    @Test func theRoleInSQLIsTheCoreRuleForEveryKindOfPerson() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: members 0 and 1 seated; the outsider seated too (not a member) and made a facilitator of the
            // workshop without being a member (neither counts)
            let f = try await Fixture.make(db, members: 3)
            let workshop = try await f.workshop(db, state: .running)
            for member in [f.memberIDs[0], f.memberIDs[1], f.outsiderID] {
                _ = try await RegistrationRepository(db).register(workshopID: workshop, memberID: member)
            }
            try await db.client.query("""
                INSERT INTO workshop_facilitators (workshop_id, member_id) VALUES (\(workshop), \(f.outsiderID))
                """, logger: db.logger)
            let people = [f.adminID, f.stewardID, f.facilitatorID, f.memberIDs[0], f.memberIDs[1], f.memberIDs[2], f.outsiderID]
            var seen: Set<BoardRules.Role> = []
            for id in people {
                // act
                let inSQL = try await db.transaction { connection in
                    try await BoardRepository.standing(connection, workshopID: workshop, actorID: id, locking: false,
                                                       logger: db.logger).role
                }
                let visit = try #require(try await WorkshopRepository(db).visit(id: workshop, viewerID: id))
                let member = try #require(try await MemberRepository(db).find(id: id))
                let inSwift = BoardRules.role(actor: Actor(isAdmin: member.isAdmin, role: visit.role),
                                              isFacilitator: visit.isFacilitator,
                                              isRegistered: visit.registration == .registered)
                // check
                #expect(inSQL == inSwift, "member \(id)")
                seen.insert(inSQL)
            }
            #expect(seen == [.facilitator, .participant, .viewer])
        }
    }
}
