import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HummingbirdTesting
import Testing

struct SupportConcurrencyTests {
    @Test func fiftyMembersAndRepeatedClicksCountExactly() async throws {
        try await Harness.run(members: 50) { http, world in
            // setup
            let f = world.fixture
            let idea = try await f.idea(world.db, by: f.stewardID)
            var browsers: [Browser] = []
            for member in f.memberIDs { browsers.append(try await world.browser(member)) }
            let repeated = browsers[0]
            // act: 50 members at once, and the first member clicking ten more times
            try await withThrowingTaskGroup(of: Int.self) { group in
                for browser in browsers {
                    group.addTask { try await browser.post(http, "/ideas/\(idea)/support").status.code }
                }
                for _ in 0..<10 {
                    group.addTask { try await repeated.post(http, "/ideas/\(idea)/support").status.code }
                }
                for try await status in group { #expect(status == 303) }
            }
            // check
            #expect(try await IdeaRepository(world.db).find(id: idea)?.supportCount == 50)
            #expect(try await SupportRepository(world.db).count(ideaID: idea) == 50)
            let page = try await repeated.get(http, "/ideas/\(idea)").text
            #expect(page.contains("50 supports") && page.contains("Withdraw my support"))
        }
    }
}
