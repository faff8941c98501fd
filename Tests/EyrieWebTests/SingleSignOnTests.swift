import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// Sign-in through an organisation's provider, against `ProviderDouble` (real HTTP, really signed tokens): the
/// first sign-in makes the member in the organisation, the second finds them; each bad token, code, state or
/// provider is refused with its reason in the log, a calm page and no session.
struct SingleSignOnTests {
    struct Setup: Sendable {
        let http: any TestClientProtocol
        let world: World
        let provider: ProviderDouble
        let issuer: String
        let secretKey: String
        var organisationID: Int64 { world.fixture.organisationIDs[0] }

        /// The platform admin connects Alpha Org's provider for acme.example.
        func connect(required: Bool = false) async throws {
            let admin = try await world.browser(world.fixture.adminID)
            let saved = try await admin.post(http, "/organisations/\(organisationID)/sign-in", [
                "issuer": issuer, "clientID": provider.clientID, "clientSecret": provider.clientSecret,
                "domains": "acme.example\nacme-labs.example", "required": required ? "on" : ""])
            #expect(saved.status == .seeOther, "\(saved.text.prefix(2000))")
        }

        /// From "Continue with Alpha Org" to the callback, as the provider's `claims`: the callback's response.
        func signIn(_ claims: ProviderDouble.Claims = .init(), browser: Browser? = nil) async throws -> TestResponse {
            let visitor = if let browser { browser } else { try await world.browser(nil) }
            let started = try await visitor.get(http, "/signin/with/\(organisationID)?next=/communities")
            #expect(started.status == .seeOther && started.location.hasPrefix(issuer + "/authorize?"))
            let state = try #require(Self.cookie("eyrie_sso", in: started))
            let back = await provider.authorize(started.location, as: claims)
            return try await Browser(cookie: visitor.cookie + "; eyrie_sso=\(state)", csrf: visitor.csrf).get(http, back)
        }

        /// The provider as the settings page saves it, written straight to the store (sealed with the app's key).
        func storeProvider() async throws {
            let box = try SecretBox(key: Data(base64Encoded: secretKey)!)
            try await SingleSignOnRepository(world.db).save(
                organisationID: organisationID,
                draft: IdentityProviderDraft(issuer: issuer, clientID: provider.clientID, clientSecret: provider.clientSecret,
                                             domains: ["acme.example"], required: false),
                sealedSecret: try box.seal(provider.clientSecret, context: String(organisationID)), by: world.fixture.adminID)
        }

        static func cookie(_ name: String, in response: TestResponse) -> String? {
            for header in response.headers[values: .setCookie] where header.hasPrefix(name + "=") {
                let value = header.dropFirst(name.count + 1).prefix { $0 != ";" }
                return value.isEmpty ? nil : String(value)
            }
            return nil
        }

        func count(_ sql: String) async throws -> Int64 {
            let rows = try await world.db.client.query(PostgresQuery(unsafeSQL: sql), logger: world.db.logger)
            for try await n in rows.decode(Int64.self) { return n }
            return -1
        }
    }

    static func run(timeout: Duration = .seconds(20), _ body: @escaping @Sendable (Setup) async throws -> Void) async throws {
        var bounded = Harness.configuration()
        bounded.signInProviderTimeout = timeout
        let configuration = bounded
        try await ProviderDouble.run { provider in
            let issuer = await provider.issuer
            try await Harness.run(configuration: configuration) { http, world in
                try await body(Setup(http: http, world: world, provider: provider, issuer: issuer, secretKey: configuration.secretKey!))
            }
        }
    }

    @Test func theFirstSignInMakesTheMemberInTheOrganisationAndTheSecondFindsThem() async throws {
        try await Self.run { s in
            try await s.connect()
            // the sign-in page offers the provider
            let page = try await s.world.browser(nil).get(s.http, "/signin")
            #expect(page.text.contains("Continue with Alpha Org"))
            // act: first sign-in
            let first = try await s.signIn()
            // check: a session, the member made in Alpha Org with the provider's name and address, no password
            #expect(first.status == .seeOther && first.location == "/communities", "\(first.text.prefix(800))")
            let token = try #require(AuthAccountTests.sessionToken(first))
            let session = try #require(try await SessionRepository(s.world.db).find(token: token))
            #expect(session.member.email == "ann@acme.example" && session.member.name == "Ann Acme")
            #expect(session.member.organisationID == s.organisationID)
            #expect(try await MemberRepository(s.world.db).credentials(email: "ann@acme.example")?.passwordHash == MemberRepository.noPassword)
            // act: second sign-in, the address changed at the provider (same subject, same organisation)
            let second = try await s.signIn(.init(email: "ann.acme@acme.example"))
            let secondToken = try #require(AuthAccountTests.sessionToken(second))
            let again = try #require(try await SessionRepository(s.world.db).find(token: secondToken))
            #expect(again.member.id == session.member.id)
            #expect(try await s.count("SELECT count(*)::int8 FROM members WHERE email LIKE '%acme.example'") == 1)
            #expect(try await s.count("SELECT count(*)::int8 FROM member_identities") == 1)
            // the password of an account made here opens nothing
            let password = try await s.world.browser(nil).post(s.http, "/signin", ["email": "ann@acme.example", "password": "!"])
            #expect(password.status == .unprocessableContent)
        }
    }

    @Test func everyBadTokenCodeOrStateIsRefusedWithNoSession() async throws {
        try await Self.run { s in
            try await s.connect()
            let cases: [(String, ProviderDouble.Claims)] = [
                ("wrong signing key", .init(strangerKey: true)),
                ("wrong audience", .init(audience: "someone-else")),
                ("wrong issuer", .init(issuer: "https://evil.example")),
                ("expired", .init(expiresIn: -600)),
                ("mismatched nonce", .init(nonce: "not-the-nonce")),
                ("address outside the domains", .init(email: "ann@elsewhere.example")),
            ]
            for (name, claims) in cases {
                let refused = try await s.signIn(claims)
                #expect(refused.status == .badRequest, "\(name): \(refused.status)")
                #expect(refused.text.contains("Sign-in could not be confirmed"), "\(name)")
                #expect(AuthAccountTests.sessionToken(refused) == nil, "\(name)")
            }
            #expect(try await s.count("SELECT count(*)::int8 FROM sessions WHERE via_organisation_id IS NOT NULL") == 0)
            #expect(try await s.count("SELECT count(*)::int8 FROM member_identities") == 0)
            // a state replayed: the first callback signs in, the same one again does not
            let visitor = try await s.world.browser(nil)
            let started = try await visitor.get(s.http, "/signin/with/\(s.organisationID)")
            let state = try #require(Setup.cookie("eyrie_sso", in: started))
            let back = await s.provider.authorize(started.location)
            let browser = Browser(cookie: visitor.cookie + "; eyrie_sso=\(state)", csrf: visitor.csrf)
            #expect(try await browser.get(s.http, back).status == .seeOther)
            let replayed = try await browser.get(s.http, back)
            #expect(replayed.status == .badRequest && replayed.text.contains("This sign-in has expired"))
            #expect(AuthAccountTests.sessionToken(replayed) == nil)
            // a code used twice (a new state, the old code): the provider refuses it
            let again = try await visitor.get(s.http, "/signin/with/\(s.organisationID)")
            let newState = try #require(Setup.cookie("eyrie_sso", in: again))
            let usedCode = URLComponents(string: back)!.queryItems!.first { $0.name == "code" }!.value!
            let reused = try await Browser(cookie: visitor.cookie + "; eyrie_sso=\(newState)", csrf: visitor.csrf)
                .get(s.http, "/signin/callback?state=\(newState)&code=\(usedCode)")
            #expect(reused.status == .badRequest && reused.text.contains("refused") && AuthAccountTests.sessionToken(reused) == nil)
            // a state that is not this browser's (login CSRF)
            let foreign = try await s.world.browser(nil).get(s.http, back)
            #expect(foreign.status == .badRequest && AuthAccountTests.sessionToken(foreign) == nil)
            // the provider said no
            let denied = try await Browser(cookie: visitor.cookie + "; eyrie_sso=\(newState)", csrf: visitor.csrf)
                .get(s.http, "/signin/callback?state=\(newState)&error=access_denied")
            #expect(denied.status == .badRequest)
        }
    }

    @Test func aRotatedKeyIsPickedUpWithoutARestart() async throws {
        try await Self.run { s in
            try await s.connect()
            #expect(try await s.signIn().status == .seeOther)
            let fetches = await s.provider.keyFetches
            _ = await s.provider.rotate()
            let after = try await s.signIn()
            #expect(after.status == .seeOther && AuthAccountTests.sessionToken(after) != nil, "\(after.text.prefix(600))")
            #expect(await s.provider.keyFetches == fetches + 1)
            // the keys are cached: another sign-in fetches nothing
            #expect(try await s.signIn().status == .seeOther)
            #expect(await s.provider.keyFetches == fetches + 1)
        }
    }

    @Test func aProviderThatHangsIsAnsweredWithinTheTimeout() async throws {
        try await Self.run(timeout: .seconds(2)) { s in
            // setup: the provider stored directly (saving checks the provider within the same short timeout, which a
            // busy test machine may miss), then its token endpoint hangs for ten seconds
            try await s.storeProvider()
            await s.provider.setTokenDelay(10)
            // act: the whole sign-in, each step bounded by the provider timeout
            let visitor = try await s.world.browser(nil)
            var answer = try await visitor.get(s.http, "/signin/with/\(s.organisationID)")
            if answer.status == .seeOther, let state = Setup.cookie("eyrie_sso", in: answer) {
                let back = await s.provider.authorize(answer.location)
                answer = try await Browser(cookie: visitor.cookie + "; eyrie_sso=\(state)", csrf: visitor.csrf).get(s.http, back)
            }
            // check: a calm 502 saying the provider is not answering, and no session. The provider answers ten seconds
            // late with a good token, which would have signed the visitor in: the page proves the timeout cut the wait
            // short (no stopwatch here: on a busy machine the database work around it adds its own seconds).
            #expect(answer.status == .badGateway && answer.text.contains("is not answering") && AuthAccountTests.sessionToken(answer) == nil)
        }
    }

    @Test func aRequiredProviderRefusesPasswordsAndAnEmptyPasswordLeadsThere() async throws {
        try await Self.run { s in
            try await s.connect(required: true)
            let visitor = try await s.world.browser(nil)
            // an address of the domain with a password: refused with where to sign in
            let refused = try await visitor.post(s.http, "/signin", ["email": "bob@acme.example", "password": "a long password"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("Continue with Alpha Org")
                    && refused.text.contains("signs its people in through its own sign-in"))
            // home-realm discovery: the address alone leads to the provider
            let led = try await visitor.post(s.http, "/signin", ["email": "bob@acme-labs.example", "next": "/communities"])
            #expect(led.status == .seeOther && led.location.hasPrefix("/signin/with/\(s.organisationID)?"))
            #expect(led.location.contains("email=bob@acme-labs.example") && led.location.contains("next=/communities"))
            // sign-up with the domain is refused too; another domain still signs up
            let signUp = try await visitor.post(s.http, "/signup", ["name": "Bob", "email": "bob@acme.example",
                                                                    "password": "a long password", "organisation": "independent"])
            #expect(signUp.status == .unprocessableContent && signUp.text.contains("field-error"))
            let other = try await visitor.post(s.http, "/signin", ["email": "nobody@other.example"])
            #expect(other.status == .unprocessableContent && other.text.contains("Enter your password"))
        }
    }

    @Test func anExistingAccountIsLinkedOnlyWithAVerifiedAddressAndItsPassword() async throws {
        try await Self.run { s in
            try await s.connect()
            let visitor = try await s.world.browser(nil)
            let made = try await visitor.post(s.http, "/signup", ["name": "Cleo", "email": "cleo@acme.example",
                                                                  "password": "cleo's long password", "organisation": "independent"])
            #expect(made.status == .seeOther)
            // an unverified address never links
            let unverified = try await s.signIn(.init(subject: "cleo", email: "cleo@acme.example", emailVerified: false))
            #expect(unverified.status == .badRequest && unverified.text.contains("not confirmed") && AuthAccountTests.sessionToken(unverified) == nil)
            // a verified one asks for the password
            let anonymous = try await s.world.browser(nil)
            let verified = try await s.signIn(.init(subject: "cleo", email: "cleo@acme.example"), browser: anonymous)
            #expect(verified.status == .seeOther && verified.location == "/signin/link" && AuthAccountTests.sessionToken(verified) == nil)
            let link = try #require(Setup.cookie("eyrie_link", in: verified))
            let linking = Browser(cookie: anonymous.cookie + "; eyrie_link=\(link)", csrf: anonymous.csrf)
            #expect(try await linking.get(s.http, "/signin/link").text.contains("cleo@acme.example"))
            let wrong = try await linking.post(s.http, "/signin/link", ["password": "not it"])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("field-error"))
            #expect(try await s.count("SELECT count(*)::int8 FROM member_identities") == 0)
            let right = try await linking.post(s.http, "/signin/link", ["password": "cleo's long password"])
            #expect(right.status == .seeOther && AuthAccountTests.sessionToken(right) != nil)
            #expect(try await s.count("SELECT count(*)::int8 FROM member_identities WHERE subject = 'cleo'") == 1)
            // the link is used up; the next sign-in through the provider finds the account directly
            #expect(try await linking.post(s.http, "/signin/link", ["password": "cleo's long password"]).status == .badRequest)
            let next = try await s.signIn(.init(subject: "cleo", email: "cleo@acme.example"))
            #expect(next.status == .seeOther && next.location == "/communities")
        }
    }

    @Test func anImportedMemberSignsInThroughTheProviderAndIsNotOfferedAPasswordWhereItIsRequired() async throws {
        try await Self.run { s in
            try await s.connect(required: true)
            let f = s.world.fixture
            let imported = try await MemberRepository(s.world.db).create(
                name: "Ida Imported", email: "ida@acme.example", passwordHash: InvitationRepository.importedPassword,
                organisationID: f.organisationIDs[1])
            // an invitation for the domain cannot set a password: the organisation signs its people in
            let token = try await InvitationRepository(s.world.db).create(memberID: imported, email: "ida@acme.example", invitedBy: nil)
            let refused = try await s.world.browser(nil).post(s.http, "/invitations/\(token)", ["password": "a long enough password"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("Continue with Alpha Org"))
            // through the provider (verified address, no password to ask for): signed in to the same account at once
            let arrived = try await s.signIn(.init(subject: "ida", email: "ida@acme.example", name: "Ida"))
            #expect(arrived.status == .seeOther && arrived.location == "/communities", "\(arrived.text.prefix(500))")
            let arrivedToken = try #require(AuthAccountTests.sessionToken(arrived))
            let session = try #require(try await SessionRepository(s.world.db).find(token: arrivedToken))
            #expect(session.member.id == imported && session.member.name == "Ida Imported")
            #expect(try await MemberRepository(s.world.db).credentials(email: "ida@acme.example")?.passwordHash == MemberRepository.noPassword)
        }
    }

    @Test func adminsSaveAProviderWhoseSecretIsSealedAndDomainsAreOwnedOnce() async throws {
        try await Self.run { s in
            let admin = try await s.world.browser(s.world.fixture.adminID)
            let path = "/organisations/\(s.organisationID)/sign-in"
            let form = try await admin.get(s.http, path)
            #expect(form.status == .ok && form.text.contains("/signin/callback"))
            // bad input beside its field
            let bad = try await admin.post(s.http, path, ["issuer": "ftp://x", "clientID": "", "domains": "not a domain!"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("issuer-error") && bad.text.contains("clientID-error")
                    && bad.text.contains("domains-error") && bad.text.contains("clientSecret-error"))
            // an issuer that does not answer as a provider
            let wrong = try await admin.post(s.http, path, ["issuer": s.issuer + "/nothing", "clientID": "c",
                                                            "clientSecret": "x", "domains": "acme.example"])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("could not use this provider"))
            try await s.connect()
            let sealed = try await s.world.db.client.query("SELECT client_secret FROM identity_providers", logger: s.world.db.logger)
            for try await bytes in sealed.decode(ByteBuffer.self) {
                #expect(!String(buffer: bytes).contains(s.provider.clientSecret) && bytes.readableBytes > 20)
            }
            #expect(!(try await admin.get(s.http, path).text.contains(s.provider.clientSecret)))
            // saving again without a secret keeps it (sign-in still works)
            let kept = try await admin.post(s.http, path, ["issuer": s.issuer, "clientID": s.provider.clientID,
                                                           "domains": "acme.example"])
            #expect(kept.status == .seeOther)
            #expect(try await s.signIn().status == .seeOther)
            // Beta Org may not claim acme.example
            let beta = try await admin.post(s.http, "/organisations/\(s.world.fixture.organisationIDs[1])/sign-in", [
                "issuer": s.issuer, "clientID": "b", "clientSecret": "b", "domains": "acme.example"])
            #expect(beta.status == .unprocessableContent && beta.text.contains("already led to another organisation"))
            // removed: the sign-in page no longer offers it
            #expect(try await admin.post(s.http, path + "/remove").status == .seeOther)
            #expect(!(try await s.world.browser(nil).get(s.http, "/signin").text.contains("Continue with Alpha Org")))
        }
    }

    @Test func signingOutOffersTheProvidersOwnSignOut() async throws {
        try await Self.run { s in
            try await s.connect()
            let signedIn = try await s.signIn()
            let token = try #require(AuthAccountTests.sessionToken(signedIn))
            let session = try #require(try await SessionRepository(s.world.db).find(token: token))
            let out = try await Browser(cookie: "eyrie_session=\(token)", csrf: session.csrf).post(s.http, "/signout")
            #expect(out.status == .ok && out.text.contains("Sign out of Alpha Org too") && out.text.contains("/logout?client_id="))
            #expect(try await SessionRepository(s.world.db).find(token: token) == nil)
        }
    }
}

/// Shared with AuthTests.
enum AuthAccountTests {
    static func sessionToken(_ response: TestResponse) -> String? { AuthTests.sessionToken(response) }
}
