import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

struct AuthTests {
    /// The session cookie's value from a response.
    static func sessionToken(_ response: TestResponse) -> String? {
        for header in response.headers[values: .setCookie] where header.hasPrefix("eyrie_session=") {
            let value = header.dropFirst("eyrie_session=".count).prefix { $0 != ";" }
            return value.isEmpty ? nil : String(value)
        }
        return nil
    }

    @Test func signUpSignOutAndTheCopiedCookieStopsWorking() async throws {
        try await Harness.run { http, world in
            let visitor = try await world.browser(nil)
            // act: sign up
            let signup = try await visitor.post(http, "/signup", [
                "name": "New Person", "email": "new@example.org", "password": "a long password",
                "organisation": String(world.fixture.organisationIDs[0]), "next": "/communities"])
            // check
            #expect(signup.status == .seeOther && signup.location == "/communities")
            let token = try #require(Self.sessionToken(signup))
            let cookies = signup.headers[values: .setCookie].first { $0.hasPrefix("eyrie_session=") } ?? ""
            #expect(cookies.contains("HttpOnly") && cookies.contains("SameSite=Lax"))
            let session = try #require(try await SessionRepository(world.db).find(token: token))
            let member = Browser(cookie: "eyrie_session=\(token)", csrf: session.csrf)
            #expect(try await member.get(http, "/").text.contains("New Person"))
            // act: sign out
            let signout = try await member.post(http, "/signout")
            #expect(signout.status == .seeOther)
            // check: the old cookie opens nothing any more
            #expect(try await SessionRepository(world.db).find(token: token) == nil)
            #expect(!(try await member.get(http, "/").text.contains("New Person")))
        }
    }

    @Test func duplicateEmailIsA422() async throws {
        try await Harness.run { http, world in
            let response = try await world.browser(nil).post(http, "/signup", [
                "name": "Someone", "email": "STEWARD-PERSON@test.example", "password": "a long password",
                "organisation": String(world.fixture.organisationIDs[0])])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains("already exists"))
        }
    }

    @Test func signInReplacesTheSessionAndHonoursOnlyLocalNext() async throws {
        try await Harness.run { http, world in
            // setup: an account with a real password
            let visitor = try await world.browser(nil)
            let signup = try await visitor.post(http, "/signup", [
                "name": "Pat", "email": "pat@example.org", "password": "a long password",
                "organisation": String(world.fixture.organisationIDs[0])])
            let first = try #require(Self.sessionToken(signup))
            // act
            let signin = try await visitor.post(http, "/signin", ["email": "PAT@example.org", "password": "a long password",
                                                                   "next": "//evil.example/steal"])
            // check
            #expect(signin.status == .seeOther && signin.location == "/")
            let second = try #require(Self.sessionToken(signin))
            #expect(first != second)
            let wrong = try await visitor.post(http, "/signin", ["email": "pat@example.org", "password": "nope nope nope"])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("not right"))
        }
    }

    @Test func repeatedFailuresAreRateLimited() async throws {
        try await Harness.run { http, world in
            let visitor = try await world.browser(nil)
            _ = try await visitor.post(http, "/signup", [
                "name": "Pat", "email": "pat@example.org", "password": "a long password",
                "organisation": String(world.fixture.organisationIDs[0])])
            for _ in 0..<5 {
                let response = try await visitor.post(http, "/signin", ["email": "pat@example.org", "password": "wrong password"])
                #expect(response.status == .unprocessableContent)
            }
            // even the right password is refused while the account is locked
            let locked = try await visitor.post(http, "/signin", ["email": "pat@example.org", "password": "a long password"])
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("Too many failed attempts"))
        }
    }

    @Test func pagesThatNeedAnAccountRedirectToSignIn() async throws {
        try await Harness.run { http, world in
            let response = try await world.browser(nil).get(http, "/members/\(world.fixture.stewardID)")
            #expect(response.status == .seeOther)
            #expect(response.location == "/signin?next=%2Fmembers%2F\(world.fixture.stewardID)")
        }
    }
}
