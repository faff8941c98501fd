import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

struct SingleSignOnStoreTests {
    static func provider(_ db: Database, _ fixture: Fixture, org: Int = 0, domains: [String] = ["acme.example"]) async throws {
        let box = try SecretBox(key: Data(base64Encoded: SecretBox.newKey())!)
        let id = fixture.organisationIDs[org]
        try await SingleSignOnRepository(db).save(
            organisationID: id,
            draft: IdentityProviderDraft(issuer: "https://login.acme.example", clientID: "eyrie", clientSecret: "s",
                                         domains: domains, required: false),
            sealedSecret: try box.seal("s", context: String(id)), by: fixture.adminID)
    }

    static func count(_ db: Database, _ sql: String) async throws -> Int64 {
        let rows = try await db.client.query(PostgresQuery(unsafeSQL: sql), logger: db.logger)
        for try await n in rows.decode(Int64.self) { return n }
        return -1
    }

    @Test func manyFirstSignInsOfOnePersonAtOnceMakeOneAccount() async throws {
        try await TestDatabase.withDatabase { db in
            // setup
            let fixture = try await Fixture.make(db)
            try await Self.provider(db, fixture)
            let repo = SingleSignOnRepository(db)
            let org = fixture.organisationIDs[0]
            // act: eight first sign-ins of the same subject at once (eight tabs), across "no account yet"
            let arrivals = try await withThrowingTaskGroup(of: SingleSignOnRepository.Arrival.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await repo.arrive(organisationID: org, subject: "s-1", email: "dee@acme.example", name: "Dee") }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // check: one account made, everyone else found it; the counts agree with COUNT(*)
            let ids = Set(arrivals.map { arrival -> Int64 in
                switch arrival { case .known(let id), .created(let id), .existing(let id): id }
            })
            #expect(ids.count == 1)
            #expect(arrivals.filter { if case .created = $0 { true } else { false } }.count == 1)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM members WHERE email = 'dee@acme.example'") == 1)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM member_identities WHERE subject = 's-1'") == 1)
        }
    }

    @Test func aStateIsTakenOnceAndAPendingLinkIsUsedOnce() async throws {
        try await TestDatabase.withDatabase { db in
            let fixture = try await Fixture.make(db)
            try await Self.provider(db, fixture)
            let repo = SingleSignOnRepository(db)
            let org = fixture.organisationIDs[0]
            try await repo.begin(state: "state-1", attempt: .init(organisationID: org, nonce: "n", codeVerifier: "v", next: "/x"))
            // two callbacks with the same state at once: exactly one gets the attempt
            async let a = repo.take(state: "state-1")
            async let b = repo.take(state: "state-1")
            let taken = [try await a, try await b].compactMap { $0 }
            #expect(taken == [.init(organisationID: org, nonce: "n", codeVerifier: "v", next: "/x")])
            // a pending link, completed twice at once: linked once
            let member = fixture.memberIDs[0]
            let token = try await repo.holdLink(.init(memberID: member, organisationID: org, subject: "s-9", next: "/"))
            async let c = repo.completeLink(token: token)
            async let d = repo.completeLink(token: token)
            #expect([try await c, try await d].compactMap { $0 }.count == 1)
            #expect(try await Self.count(db, "SELECT count(*)::int8 FROM member_identities WHERE subject = 's-9'") == 1)
            // an identity linked to one member is not taken over by another's link
            let other = try await repo.holdLink(.init(memberID: fixture.memberIDs[1], organisationID: org, subject: "s-9", next: "/"))
            #expect(try await repo.completeLink(token: other)?.memberID == fixture.memberIDs[1])
            let owner = try await db.client.query("SELECT member_id FROM member_identities WHERE subject = 's-9'", logger: db.logger)
            #expect(try await owner.collect().map { try $0.decode(Int64.self) } == [member])
        }
    }

    @Test func aDomainBelongsToOneProviderAndSavingKeepsTheSecret() async throws {
        try await TestDatabase.withDatabase { db in
            let fixture = try await Fixture.make(db)
            try await Self.provider(db, fixture, domains: ["acme.example", "acme-labs.example"])
            let repo = SingleSignOnRepository(db)
            await #expect(throws: StoreError.conflict("domains")) {
                try await Self.provider(db, fixture, org: 1, domains: ["beta.example", "acme.example"])
            }
            // the refused save left nothing behind for Beta Org
            #expect(try await repo.provider(organisationID: fixture.organisationIDs[1]) == nil)
            #expect(try await repo.provider(email: "x@ACME-labs.example")?.organisationID == fixture.organisationIDs[0])
            // saved again with fewer domains and no new secret: the secret stays, the dropped domain is free
            let before = try await repo.provider(organisationID: fixture.organisationIDs[0])!.sealedSecret
            try await repo.save(organisationID: fixture.organisationIDs[0],
                                draft: .init(issuer: "https://login.acme.example", clientID: "eyrie2", clientSecret: "",
                                             domains: ["acme.example"], required: true),
                                sealedSecret: nil, by: fixture.adminID)
            let after = try await repo.provider(organisationID: fixture.organisationIDs[0])!
            #expect(after.sealedSecret == before && after.clientID == "eyrie2" && after.required && after.domains == ["acme.example"])
            #expect(try await repo.provider(email: "x@acme-labs.example") == nil)
        }
    }
}
