import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

struct AccountTests {
    @Test func emailsAreUniqueWhateverTheCase() async throws {
        try await TestDatabase.withDatabase { db in
            // setup
            let org = try await OrganisationRepository(db).ensure(name: "Org")
            let members = MemberRepository(db)
            _ = try await members.create(name: "Ada", email: "ada@example.org", passwordHash: "h", organisationID: org)
            // act / check
            await #expect(throws: StoreError.conflict("email")) {
                try await members.create(name: "Ada 2", email: "ADA@example.org", passwordHash: "h", organisationID: org)
            }
            #expect(try await members.credentials(email: "Ada@Example.org")?.member.name == "Ada")
        }
    }

    @Test func unknownOrganisationIsRefused() async throws {
        try await TestDatabase.withDatabase { db in
            await #expect(throws: StoreError.conflict("organisation")) {
                try await MemberRepository(db).create(name: "Ada", email: "a@b.co", passwordHash: "h", organisationID: 999)
            }
        }
    }

    @Test func sessionsStoreOnlyAHashAndEndOnDelete() async throws {
        try await TestDatabase.withDatabase { db in
            // setup
            let fixture = try await Fixture.make(db)
            let sessions = SessionRepository(db)
            let session = try await sessions.create(memberID: fixture.stewardID, lifetime: 3600)
            // check: the raw token is nowhere in the table
            let rows = try await db.client.query("SELECT count(*)::int8 FROM sessions WHERE encode(token_hash, 'escape') LIKE \("%" + session.token + "%")", logger: db.logger)
            for try await n in rows.decode(Int64.self) { #expect(n == 0) }
            #expect(try await sessions.find(token: session.token)?.member.id == fixture.stewardID)
            // act
            try await sessions.delete(token: session.token)
            // check
            #expect(try await sessions.find(token: session.token) == nil)
        }
    }

    @Test func expiredSessionsDoNotOpen() async throws {
        try await TestDatabase.withDatabase { db in
            let fixture = try await Fixture.make(db)
            let session = try await SessionRepository(db).create(memberID: fixture.stewardID, lifetime: -1)
            #expect(try await SessionRepository(db).find(token: session.token) == nil)
        }
    }

    @Test func failedSignInsAreCountedPerAccountAndAddress() async throws {
        try await TestDatabase.withDatabase { db in
            let sessions = SessionRepository(db)
            for _ in 0..<3 { try await sessions.recordFailure(email: "a@b.co", address: "10.0.0.1") }
            try await sessions.recordFailure(email: "c@d.co", address: "10.0.0.1")
            let counts = try await sessions.recentFailures(email: "a@b.co", address: "10.0.0.1", window: 900)
            #expect(counts.email == 3 && counts.address == 4)
            try await sessions.clearFailures(email: "a@b.co")
            #expect(try await sessions.recentFailures(email: "a@b.co", address: "10.0.0.2", window: 900).email == 0)
        }
    }
}

struct CommunityStoreTests {
    @Test func creatorIsStewardAndJoiningIsIdempotent() async throws {
        try await TestDatabase.withDatabase { db in
            let fixture = try await Fixture.make(db)
            let communities = CommunityRepository(db)
            #expect(try await communities.membership(communityID: fixture.community.id, memberID: fixture.stewardID)?.role == .steward)
            // act: a member asks twice to join the private community, then is approved
            try await communities.join(communityID: fixture.privateCommunity.id, memberID: fixture.outsiderID, status: .pending)
            try await communities.join(communityID: fixture.privateCommunity.id, memberID: fixture.outsiderID, status: .pending)
            #expect(try await communities.membership(communityID: fixture.privateCommunity.id, memberID: fixture.outsiderID)?.status == .pending)
            #expect(try await communities.approve(communityID: fixture.privateCommunity.id, memberID: fixture.outsiderID))
            #expect(try await !communities.approve(communityID: fixture.privateCommunity.id, memberID: fixture.outsiderID))
            // joining again never demotes a steward
            try await communities.join(communityID: fixture.community.id, memberID: fixture.stewardID, status: .active)
            #expect(try await communities.membership(communityID: fixture.community.id, memberID: fixture.stewardID)?.role == .steward)
            #expect(try await communities.setRole(communityID: fixture.community.id, memberID: fixture.memberIDs[0], role: .facilitator))
            #expect(try await !communities.setRole(communityID: fixture.community.id, memberID: fixture.outsiderID, role: .steward))
        }
    }
}
