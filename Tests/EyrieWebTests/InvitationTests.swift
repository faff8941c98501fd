import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Members an import made sign in only through an invitation: a steward of their community makes the link, the link
/// works once, and nobody can invite an account that signs in already.
struct InvitationTests {
    /// An imported member (no password, placeholder address) in the fixture's open community.
    func imported(_ world: World) async throws -> Int64 {
        let f = world.fixture
        let id = try await MemberRepository(world.db).create(
            name: "Faceless", email: "imported-1-99@members.invalid", passwordHash: InvitationRepository.importedPassword,
            organisationID: f.organisationIDs[0])
        try await CommunityRepository(world.db).join(communityID: f.community.id, memberID: id, status: .active)
        return id
    }

    @Test func aStewardInvitesAnImportedMemberWhoChoosesAPasswordOnce() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let member = try await imported(world)
            let steward = try await world.browser(f.stewardID)
            // act
            let profile = try await steward.get(http, "/members/\(member)")
            let invited = try await steward.post(http, "/members/\(member)/invite", ["email": "faceless@example.org"])
            // the steward does not see the link; the e-mail in the outbox carries it, to the address given
            #expect(!String(buffer: invited.body).contains("/invitations/") && String(buffer: invited.body).contains("on its way"))
            let outbox = Outbox(world.db)
            let mails = try await outbox.lease()
            let mail = try #require(mails.first { $0.kind == "invitation" })
            #expect(mail.recipient == "faceless@example.org" && mail.subject.contains("invites you to Eyrie"))
            let link = try #require(mail.body.firstMatch(of: /invitations\/([A-Za-z0-9_-]+)/).map { String($0.1) })
            // once sent, the body (and its link) is not kept
            #expect(try await outbox.sent(mail))
            let kept = try await world.db.client.query("SELECT body FROM outbox WHERE kind = 'invitation'", logger: world.db.logger)
            for try await body in kept.decode(String.self) { #expect(!body.contains(link)) }
            let visitor = try await world.browser(nil)
            let page = try await visitor.get(http, "/invitations/\(link)")
            let short = try await visitor.post(http, "/invitations/\(link)", ["password": "short"])
            let accepted = try await visitor.post(http, "/invitations/\(link)", ["password": "a long enough password"])
            let again = try await visitor.post(http, "/invitations/\(link)", ["password": "another long password"])
            // check
            #expect(String(buffer: profile.body).contains("Send an invitation"))
            #expect(invited.status == .ok)
            #expect(page.status == .ok && String(buffer: page.body).contains("faceless@example.org"))
            #expect(short.status == .unprocessableContent)
            #expect(accepted.status == .seeOther)
            #expect(accepted.headers[values: .setCookie].contains { $0.hasPrefix("eyrie_session=") })
            #expect(again.status == .notFound)
            let signIn = try await MemberRepository(world.db).credentials(email: "faceless@example.org")
            #expect(signIn?.member.id == member && signIn?.passwordHash.hasPrefix("$2") == true)
        }
    }

    @Test func onlyStewardsOfTheirCommunityInviteAndNeverAnAccountThatSignsIn() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let member = try await imported(world)
            let otherMember = try await world.browser(f.memberIDs[1])
            let outsider = try await world.browser(f.outsiderID)
            let steward = try await world.browser(f.stewardID)
            #expect(try await otherMember.post(http, "/members/\(member)/invite", ["email": "x@example.org"]).status == .forbidden)
            #expect(try await outsider.post(http, "/members/\(member)/invite", ["email": "x@example.org"]).status == .forbidden)
            // A member who signs in already cannot be invited (the link would take over their account).
            #expect(try await steward.post(http, "/members/\(f.memberIDs[0])/invite", ["email": "x@example.org"]).status == .forbidden)
            await #expect(throws: InvitationRepository.Refusal.notImported) {
                _ = try await InvitationRepository(world.db).create(memberID: f.memberIDs[0], email: "x@example.org", invitedBy: nil)
            }
            // Nor with an address another account uses.
            let taken = try await steward.post(http, "/members/\(member)/invite", ["email": "member-0@test.example"])
            #expect(taken.status == .unprocessableContent)
        }
    }

    @Test func twoAcceptancesAtOnceSetThePasswordOnce() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 1)
            let id = try await MemberRepository(db).create(name: "Faceless", email: "imported-1-98@members.invalid",
                                                           passwordHash: InvitationRepository.importedPassword,
                                                           organisationID: f.organisationIDs[0])
            let token = try await InvitationRepository(db).create(memberID: id, email: "race@example.org", invitedBy: nil)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        do { _ = try await InvitationRepository(db).accept(token: token, passwordHash: "$2b$04$hash\(n)"); return true }
                        catch is InvitationRepository.Refusal { return false }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await InvitationRepository(db).find(token: token) == nil)
        }
    }
}
