import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// The member list: search, filters, keyset paging by name, and bulk changes that race.
struct MemberDirectoryTests {
    @Test func pagesCoverEveryMatchOnceInNameOrderWithFiltersAndSearch() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 120 more members in the open community, a few waiting, names that sort out of id order
            let fixture = try await Fixture.make(db)
            let members = MemberRepository(db)
            let communities = CommunityRepository(db)
            for n in 0..<120 {
                let id = try await members.create(name: "Person \(String(format: "%03d", (n * 37) % 120))",
                                                  email: "p\(n)@dir.example", passwordHash: "h",
                                                  organisationID: fixture.organisationIDs[n % 2])
                try await communities.join(communityID: fixture.community.id, memberID: id,
                                           status: n % 10 == 0 ? .pending : .active)
            }
            let directory = MemberDirectoryRepository(db)
            // act: walk all pages of 25
            var seen: [MemberDirectoryRepository.Row] = []
            var query = MemberQuery(limit: 25)
            var total = 0
            repeat {
                let page = try await directory.page(communityID: fixture.community.id, query: query, searchEmails: true)
                total = page.total
                seen += page.rows
                query.after = page.next
            } while query.after != nil
            // check: everyone once, by name
            let all = try await communities.members(communityID: fixture.community.id)
            #expect(seen.count == all.count && total == all.count && Set(seen.map(\.memberID)).count == all.count)
            #expect(seen.map(\.name) == seen.map(\.name).sorted())
            // filters and search
            let waiting = try await directory.page(communityID: fixture.community.id, query: MemberQuery(status: .pending), searchEmails: true)
            #expect(waiting.total == 12 && waiting.rows.allSatisfy { $0.status == .pending })
            let named = try await directory.page(communityID: fixture.community.id, query: MemberQuery(search: "person 04"), searchEmails: false)
            #expect(named.rows.map(\.name) == (40...49).map { "Person 0\($0)" })
            let byMail = MemberQuery(search: "p7@dir")
            #expect(try await directory.page(communityID: fixture.community.id, query: byMail, searchEmails: false).total == 0)
            #expect(try await directory.page(communityID: fixture.community.id, query: byMail, searchEmails: true).total == 1)
            let wild = try await directory.page(communityID: fixture.community.id, query: MemberQuery(search: "%"), searchEmails: true)
            #expect(wild.total == 0)
            let org = try await directory.page(communityID: fixture.community.id,
                                               query: MemberQuery(organisationID: fixture.organisationIDs[1], limit: 500), searchEmails: true)
            #expect(org.rows.allSatisfy { $0.organisationID == fixture.organisationIDs[1] } && org.total == org.rows.count)
            let facilitators = try await directory.page(communityID: fixture.community.id, query: MemberQuery(role: .facilitator), searchEmails: true)
            #expect(facilitators.rows.map(\.memberID) == [fixture.facilitatorID])
        }
    }

    @Test func bulkChangesThatOverlapRaceToTheRightCounts() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 40 members, 20 of them waiting
            let fixture = try await Fixture.make(db)
            let communities = CommunityRepository(db)
            var ids: [Int64] = []
            for n in 0..<40 {
                let id = try await MemberRepository(db).create(name: "Racer \(n)", email: "r\(n)@dir.example", passwordHash: "h",
                                                               organisationID: fixture.organisationIDs[0])
                try await communities.join(communityID: fixture.community.id, memberID: id, status: n < 20 ? .pending : .active)
                ids.append(id)
            }
            let directory = MemberDirectoryRepository(db)
            let (community, picked) = (fixture.community.id, ids)
            // act: approvals of overlapping halves, and role changes of overlapping sets, all at once
            let results = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                group.addTask { ("approve", try await directory.approve(communityID: community, memberIDs: Array(picked[0..<15]))) }
                group.addTask { ("approve", try await directory.approve(communityID: community, memberIDs: Array(picked[5..<20]))) }
                group.addTask { ("role", try await directory.setRole(.facilitator, communityID: community, memberIDs: Array(picked[20..<35]))) }
                group.addTask {
                    ("role", try await directory.setRole(.facilitator, communityID: community, memberIDs: Array(picked[25..<40].reversed())))
                }
                var all: [(String, Int)] = []
                for try await result in group { all.append(result) }
                return all
            }
            // check: each request was approved once, each role changed once, and the rows say so
            #expect(results.filter { $0.0 == "approve" }.map(\.1).reduce(0, +) == 20)
            #expect(results.filter { $0.0 == "role" }.map(\.1).reduce(0, +) == 20)
            let rows = try await communities.members(communityID: fixture.community.id).filter { ids.contains($0.memberID) }
            #expect(rows.filter { $0.status == .active }.count == 40)
            #expect(rows.filter { $0.role == .facilitator }.count == 20)
        }
    }
}
