import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// Sign-up with an organisation that is not listed, "independent", and an admin's confirm and merge.
struct NewcomerStoreTests {
    func organisation(of member: Int64, _ db: Database) async throws -> (id: Int64, name: String, confirmed: Bool) {
        let rows = try await db.client.query("""
            SELECT o.id, o.name, o.confirmed FROM members m JOIN organisations o ON o.id = m.organisation_id WHERE m.id = \(member)
            """, logger: db.logger)
        for try await row in rows.decode((Int64, String, Bool).self) { return row }
        throw StoreError.notFound
    }

    @Test func anUnlistedOrganisationIsCreatedOnceUnconfirmedAndFoundAgainByItsName() async throws {
        try await TestDatabase.withDatabase { db in
            // setup
            let members = MemberRepository(db)
            // act: two newcomers of the same new organisation at once, a third spelling it differently
            async let first = members.signUp(name: "Ada", email: "ada@acme.example", passwordHash: "h",
                                             organisation: .unlisted(name: "Acme Care"))
            async let second = members.signUp(name: "Bo", email: "bo@acme.example", passwordHash: "h",
                                              organisation: .unlisted(name: "Acme Care"))
            let (a, b) = try await (first, second)
            let c = try await members.signUp(name: "Cy", email: "cy@acme.example", passwordHash: "h",
                                             organisation: .unlisted(name: "ACME  care."))
            // check: one organisation, unconfirmed, holding all three
            let orgs = try await [organisation(of: a, db), organisation(of: b, db), organisation(of: c, db)]
            #expect(Set(orgs.map(\.id)).count == 1)
            #expect(orgs[0].name == "Acme Care" && !orgs[0].confirmed)
            #expect(try await OrganisationRepository(db).all().filter { $0.name == "Acme Care" }.count == 1)
        }
    }

    @Test func anAddressInUseLeavesNoOrganisationBehind() async throws {
        try await TestDatabase.withDatabase { db in
            let members = MemberRepository(db)
            _ = try await members.signUp(name: "Ada", email: "ada@x.example", passwordHash: "h", organisation: .independent)
            await #expect(throws: StoreError.conflict("email")) {
                try await members.signUp(name: "Ada", email: "ADA@x.example", passwordHash: "h",
                                         organisation: .unlisted(name: "Ghost Org"))
            }
            #expect(try await OrganisationRepository(db).all().map(\.name) == ["Independent"])
            await #expect(throws: StoreError.conflict("organisation")) {
                try await members.signUp(name: "Bo", email: "bo@x.example", passwordHash: "h", organisation: .listed(999))
            }
        }
    }

    @Test func mergingMovesMembersChallengesAndOfferingsAndRemembersTheName() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: a newcomer's organisation sponsoring a challenge, and the confirmed one it stands for
            let fixture = try await Fixture.make(db)
            let members = MemberRepository(db)
            let organisations = OrganisationRepository(db)
            let newcomer = try await members.signUp(name: "Ada", email: "ada@n.example", passwordHash: "h",
                                                    organisation: .unlisted(name: "North Water"))
            let gone = try await organisation(of: newcomer, db).id
            let target = fixture.organisationIDs[0]
            _ = try await db.client.query("UPDATE challenges SET sponsor_id = \(gone) WHERE id = \(fixture.challenge.id)",
                                          logger: db.logger)
            let before = try await organisations.all().first { $0.id == target }!.memberCount
            // act
            try await organisations.merge(gone, into: target)
            // check: everything points at the target, the old one is gone, and its name now leads there
            #expect(try await organisation(of: newcomer, db).id == target)
            #expect(try await organisations.all().first { $0.id == target }!.memberCount == before + 1)
            #expect(try await organisations.all().contains { $0.id == gone } == false)
            var sponsors: [Int64] = []
            let rows = try await db.client.query("SELECT sponsor_id FROM challenges WHERE id = \(fixture.challenge.id)",
                                                 logger: db.logger)
            for try await id in rows.decode(Int64.self) { sponsors.append(id) }
            #expect(sponsors == [target])
            let later = try await members.signUp(name: "Bo", email: "bo@n.example", passwordHash: "h",
                                                 organisation: .unlisted(name: "north water"))
            #expect(try await organisation(of: later, db).id == target)
            // a confirmed organisation is not merged away
            await #expect(throws: StoreError.conflict("organisation")) {
                try await organisations.merge(fixture.organisationIDs[1], into: target)
            }
            await #expect(throws: StoreError.notFound) { try await organisations.merge(987_654, into: target) }
        }
    }
}
