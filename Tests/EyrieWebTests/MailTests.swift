import EyrieCore
import EyrieStore
import EyrieTestSupport
import EyrieWeb
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import Testing

/// The one-click unsubscribe over HTTP (no session, no CSRF token: the signed link is the key), the e-mail settings
/// page, following from a page, and a steward's nudge refused beside the field when it is empty.
struct MailTests {
    static func optedOut(_ db: Database, _ member: Int64) async throws -> Bool {
        try await MailSettings(db).frequency(memberID: member).optedOut
    }

    @Test func theOneClickUnsubscribeWorksWithoutASessionAndOnlyForItsMember() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let links = try await UnsubscribeLink.load(world.db)
            let token = links.token(memberID: f.memberIDs[0])
            // a mail client's RFC 8058 one-click POST: no cookie, no CSRF token
            let click = try await http.execute(uri: "/unsubscribe/\(token)", method: .post,
                                               headers: [.contentType: "application/x-www-form-urlencoded"],
                                               body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(click.status == .ok)
            #expect(try await Self.optedOut(world.db, f.memberIDs[0]))
            #expect(try await !Self.optedOut(world.db, f.memberIDs[1]), "another member is untouched")
            // the same signature with another member's id, or a changed signature: nothing happens
            let signature = token.split(separator: ".")[1]
            for forged in ["\(f.memberIDs[1]).\(signature)", "\(f.memberIDs[1]).AAAA", "x.y"] {
                let response = try await http.execute(uri: "/unsubscribe/\(forged)", method: .post,
                                                      headers: [.contentType: "application/x-www-form-urlencoded"],
                                                      body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(response.status == .notFound, "\(forged)")
            }
            #expect(try await !Self.optedOut(world.db, f.memberIDs[1]))
            // the link opened in a browser (or by a link scanner) only asks
            let page = try await http.execute(uri: "/unsubscribe/\(links.token(memberID: f.memberIDs[1]))", method: .get)
            #expect(page.status == .ok && page.text.contains("Stop e-mails"))
            #expect(try await !Self.optedOut(world.db, f.memberIDs[1]))
            // choosing a digest again lifts the opt-out
            let member = try await world.browser(f.memberIDs[0])
            #expect(try await member.post(http, "/account/mail", ["digest": "daily"]).status == .seeOther)
            #expect(try await !Self.optedOut(world.db, f.memberIDs[0]))
            #expect(try await MailSettings(world.db).frequency(memberID: f.memberIDs[0]).frequency == .daily)
            #expect(try await member.post(http, "/account/mail", ["digest": "hourly"]).status == .unprocessableContent)
            let settings = try await member.get(http, "/account/mail")
            #expect(settings.text.contains("id=\"digest-daily\" name=\"digest\" value=\"daily\" checked"))
        }
    }

    @Test func aMemberFollowsAnIdeaFromItsPageAndAStewardsEmptyNudgeIsRefused() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.memberIDs[0])
            let member = try await world.browser(f.memberIDs[1])
            let before = try await member.get(http, "/ideas/\(idea)")
            #expect(before.text.contains("action=\"/ideas/\(idea)/follow\""))
            #expect(try await member.post(http, "/ideas/\(idea)/follow").status == .seeOther)
            let after = try await member.get(http, "/ideas/\(idea)")
            #expect(after.text.contains("action=\"/ideas/\(idea)/unfollow\""))
            #expect(after.text.contains("2 following"), "the author and this member")
            let mail = try await member.get(http, "/account/mail")
            #expect(mail.text.contains("href=\"/ideas/\(idea)\""))
            // the steward's nudge without a message or anyone ticked: 422 beside the fields
            let steward = try await world.browser(f.stewardID)
            let refused = try await steward.post(http, "/communities/open-guild/health/nudges", ["message": " "])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("id=\"message-error\""))
            #expect(refused.text.contains("id=\"members-error\""))
            // a link outside the community's challenges and workshops: 422 beside the field
            let elsewhere = try await steward.post(http, "/communities/open-guild/health/nudges",
                                                   ["message": "Look here", "member-\(f.memberIDs[2])": "on",
                                                    "link": "https://evil.example/"])
            #expect(elsewhere.status == .unprocessableContent)
            #expect(elsewhere.text.contains("id=\"link-error\""))
            // a download of a table the dashboard does not have
            #expect(try await steward.get(http, "/communities/open-guild/health/download/members.csv").status == .notFound)
            #expect(try await steward.get(http, "/communities/open-guild/health/download/levels").status == .notFound)
            let sent = try await steward.post(http, "/communities/open-guild/health/nudges",
                                              ["message": "We would love your view on the new challenge.",
                                               "member-\(f.memberIDs[2])": "on", "link": "/challenges/\(f.challenge.id)"])
            #expect(sent.status == .seeOther)
            let again = try await steward.post(http, "/communities/open-guild/health/nudges",
                                               ["message": "Another one", "member-\(f.memberIDs[2])": "on"])
            #expect(again.status == .seeOther)
            let nudges = try await world.db.client.query(
                "SELECT count(*)::int8 FROM nudges WHERE member_id = \(f.memberIDs[2])", logger: world.db.logger)
            for try await n in nudges.decode(Int64.self) { #expect(n == 1, "the second within 30 days is left out") }
        }
    }
}
