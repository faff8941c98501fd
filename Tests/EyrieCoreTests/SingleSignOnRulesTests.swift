import EyrieCore
import Foundation
import Testing

struct SingleSignOnRulesTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func claims(_ change: (inout IDTokenClaims) -> Void = { _ in }) -> IDTokenClaims {
        var claims = IDTokenClaims(issuer: "https://login.acme.example", subject: "248289761001", audiences: ["eyrie"],
                                   expires: now.addingTimeInterval(300), issuedAt: now, nonce: "n-0S6_WzA2Mj",
                                   email: "ann@acme.example", emailVerified: true, name: "Ann Acme")
        change(&claims)
        return claims
    }

    static func problem(_ claims: IDTokenClaims) -> IDTokenProblem? {
        do {
            try IDTokenCheck.check(claims, issuer: "https://login.acme.example/", clientID: "eyrie", nonce: "n-0S6_WzA2Mj",
                                   domains: ["acme.example"], now: now)
            return nil
        } catch {
            return error
        }
    }

    @Test func aGoodTokenPassesAndEachBrokenClaimIsNamed() {
        #expect(Self.problem(Self.claims()) == nil)
        #expect(Self.problem(Self.claims { $0.issuer = "https://login.acme.example.evil" }) == .wrongIssuer("https://login.acme.example.evil"))
        #expect(Self.problem(Self.claims { $0.audiences = ["other"] }) == .wrongAudience)
        #expect(Self.problem(Self.claims { $0.audiences = ["eyrie", "other"]; $0.authorizedParty = "other" }) == .wrongAudience)
        #expect(Self.problem(Self.claims { $0.audiences = ["eyrie", "other"]; $0.authorizedParty = "eyrie" }) == nil)
        #expect(Self.problem(Self.claims { $0.nonce = nil }) == .nonceMismatch)
        #expect(Self.problem(Self.claims { $0.subject = "" }) == .noSubject)
        #expect(Self.problem(Self.claims { $0.email = nil }) == .noEmail)
        #expect(Self.problem(Self.claims { $0.email = "ann@ACME.example" }) == nil)
        #expect(Self.problem(Self.claims { $0.email = "ann@sub.acme.example" }) == .emailOutsideDomains("ann@sub.acme.example"))
    }

    @Test func timesAllowTwoMinutesOfClockSkewAndNoMore() {
        #expect(Self.problem(Self.claims { $0.expires = Self.now.addingTimeInterval(-119) }) == nil)
        #expect(Self.problem(Self.claims { $0.expires = Self.now.addingTimeInterval(-121) }) == .expired)
        #expect(Self.problem(Self.claims { $0.issuedAt = Self.now.addingTimeInterval(119) }) == nil)
        #expect(Self.problem(Self.claims { $0.issuedAt = Self.now.addingTimeInterval(121) }) == .issuedInTheFuture)
    }

    @Test func theNameComesFromTheClaimsInOrder() {
        #expect(Self.claims().displayName == "Ann Acme")
        #expect(Self.claims { $0.name = " "; $0.givenName = "Ann"; $0.familyName = "Acme" }.displayName == "Ann Acme")
        #expect(Self.claims { $0.name = nil }.displayName == "ann")
        #expect(Self.claims { $0.name = String(repeating: "x", count: 200) }.displayName.count == 80)
    }

    @Test func providerSettingsAreCheckedFieldByField() throws {
        let good = try IdentityProviderDraft.validate([
            "issuer": "https://login.acme.example/realms/staff/", "clientID": "eyrie", "clientSecret": "s",
            "domains": "Acme.example, @acme-labs.example\nacme.example", "required": "on"], hasSecret: false)
        #expect(good == IdentityProviderDraft(issuer: "https://login.acme.example/realms/staff", clientID: "eyrie",
                                              clientSecret: "s", domains: ["acme.example", "acme-labs.example"], required: true))
        // a stored secret may be kept; http only on this machine
        #expect(try IdentityProviderDraft.validate(["issuer": "http://127.0.0.1:9000", "clientID": "c", "domains": "a.example"],
                                                   hasSecret: true).clientSecret == "")
        let cases: [([String: String], String)] = [
            (["issuer": "http://login.acme.example", "clientID": "c", "clientSecret": "s", "domains": "a.example"], "issuer"),
            (["issuer": "https://login.acme.example?x=1", "clientID": "c", "clientSecret": "s", "domains": "a.example"], "issuer"),
            (["issuer": "https://login.acme.example", "clientID": "", "clientSecret": "s", "domains": "a.example"], "clientID"),
            (["issuer": "https://login.acme.example", "clientID": "c", "clientSecret": "", "domains": "a.example"], "clientSecret"),
            (["issuer": "https://login.acme.example", "clientID": "c", "clientSecret": "s", "domains": ""], "domains"),
            (["issuer": "https://login.acme.example", "clientID": "c", "clientSecret": "s", "domains": "localhost"], "domains"),
            (["issuer": "https://login.acme.example", "clientID": "c", "clientSecret": "s", "domains": "-a.example"], "domains"),
        ]
        for (form, field) in cases {
            #expect(throws: ValidationErrors.self, "\(form)") {
                try IdentityProviderDraft.validate(form, hasSecret: false)
            }
            do { _ = try IdentityProviderDraft.validate(form, hasSecret: false) } catch let errors as ValidationErrors {
                #expect(errors.message(for: field) != nil, "\(form) → \(errors.errors)")
            }
        }
        #expect(emailDomain("Ann@Acme.Example") == "acme.example" && emailDomain("nobody") == "")
    }
}
