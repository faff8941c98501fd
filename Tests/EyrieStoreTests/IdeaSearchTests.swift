import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// The challenge page's search and "Newest" order.
struct IdeaSearchTests {
    @Test func searchFindsATagsWordAndAnAuthorsName() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: the word "digital" appears only in tags
            let fixture = try await Fixture.make(db)
            let tagged = try await fixture.idea(db, by: fixture.memberIDs[0], title: "Upload documents once",
                                                tags: ["digital-services", "forms"])
            let other = try await fixture.idea(db, by: fixture.memberIDs[1], title: "Welcome call within a day")
            _ = try await db.client.query("UPDATE members SET name = 'Ana Ruiz' WHERE id = \(fixture.memberIDs[1])",
                                          logger: db.logger)
            let lists = IdeaListRepository(db)
            // act
            let byTag = try await lists.page(challengeID: fixture.challenge.id, query: IdeaQuery(search: "digital"))
            let byAuthor = try await lists.page(challengeID: fixture.challenge.id, query: IdeaQuery(search: "ruiz"))
            let neither = try await lists.page(challengeID: fixture.challenge.id, query: IdeaQuery(search: "telescope"))
            // check: found with the right totals, and nothing else
            #expect(byTag.ideas.map(\.id) == [tagged] && byTag.total == 1)
            #expect(byAuthor.ideas.map(\.id) == [other] && byAuthor.total == 1)
            #expect(neither.ideas.isEmpty && neither.total == 0)
        }
    }

    @Test func newestOrdersByTheDateTheCardsShowAcrossPages() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: ideas whose dates are not in the order of their rows, as an import leaves them (two share a date)
            let fixture = try await Fixture.make(db)
            let days = [5, 300, 40, 40, 1, 120, 7]
            var ids: [Int64] = []
            for (n, day) in days.enumerated() {
                let id = try await fixture.idea(db, by: fixture.memberIDs[n % 3], title: "Imported idea \(n)")
                _ = try await db.client.query("""
                    UPDATE ideas SET created_at = now() - \(day) * interval '1 day' - interval '0.000123 s' WHERE id = \(id)
                    """, logger: db.logger)
                ids.append(id)
            }
            let lists = IdeaListRepository(db)
            // act: walk "Newest" two at a time
            var seen: [IdeaSummary] = []
            var query = IdeaQuery(sort: .new, limit: 2)
            repeat {
                let page = try await lists.page(challengeID: fixture.challenge.id, query: query)
                seen += page.ideas
                query.after = page.next
            } while query.after != nil
            // check: every idea once, newest date first, the two of the same date by id
            #expect(seen.count == days.count && Set(seen.map(\.id)).count == days.count)
            let dates = seen.map(\.createdAt)
            #expect(dates == dates.sorted(by: >))
            let expected = days.enumerated().sorted { $0.element != $1.element ? $0.element < $1.element : ids[$0.offset] > ids[$1.offset] }
                .map { ids[$0.offset] }
            #expect(seen.map(\.id) == expected)
        }
    }
}
