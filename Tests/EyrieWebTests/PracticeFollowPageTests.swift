import EyrieCore
import EyrieStore
import EyrieTestSupport
import EyrieWeb
import Foundation
import HummingbirdTesting
import Testing

/// The follow button on a resource and a discussion: authors and askers follow from the start, anyone else who reads
/// it follows with one click, and the account's mail page lists what they follow.
struct PracticeFollowPageTests {
    @Test func aMemberFollowsAResourceAndADiscussionFromTheirPages() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Welcome call script", by: f.memberIDs[0])
            let (discussion, _) = try await f.question(world.db, title: "How do you welcome new members?")
            let author = try await world.browser(f.memberIDs[0])
            #expect(try await author.get(http, "/resources/\(resource)").text.contains("action=\"/resources/\(resource)/unfollow\""))
            let reader = try await world.browser(f.memberIDs[2])
            for (page, follow) in [("/resources/\(resource)", "/resources/\(resource)/follow"),
                                   ("/discussions/\(discussion)", "/discussions/\(discussion)/follow")] {
                #expect(try await reader.get(http, page).text.contains("action=\"\(follow)\""))
                let sent = try await reader.post(http, follow)
                #expect(sent.status == .seeOther && sent.location == page)
                #expect(try await reader.get(http, page).text.contains("action=\"\(follow.replacingOccurrences(of: "follow", with: "unfollow"))\""))
            }
            let mail = try await reader.get(http, "/account/mail")
            #expect(mail.text.contains("href=\"/resources/\(resource)\"") && mail.text.contains("href=\"/discussions/\(discussion)\""))
            // anonymous visitors get no button
            #expect(!(try await world.browser(nil).get(http, "/resources/\(resource)")).text.contains("/follow\""))
        }
    }
}
