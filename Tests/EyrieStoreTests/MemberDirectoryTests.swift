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

    @Test func sponsorMarksGoOnAndOffOnceAndLeaveWaitingMembersAlone() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: 30 members, the first 10 waiting
            let fixture = try await Fixture.make(db)
            let communities = CommunityRepository(db)
            var ids: [Int64] = []
            for n in 0..<30 {
                let id = try await MemberRepository(db).create(name: "Sponsor \(n)", email: "s\(n)@dir.example", passwordHash: "h",
                                                               organisationID: fixture.organisationIDs[1])
                try await communities.join(communityID: fixture.community.id, memberID: id, status: n < 10 ? .pending : .active)
                ids.append(id)
            }
            let directory = MemberDirectoryRepository(db)
            let (community, picked) = (fixture.community.id, ids)
            // act: two overlapping "sponsor on" requests at once, each also naming waiting members
            let marked = try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await directory.setSponsor(true, communityID: community, memberIDs: Array(picked[0..<22])) }
                group.addTask { try await directory.setSponsor(true, communityID: community, memberIDs: Array(picked[5..<30].reversed())) }
                return try await group.reduce(0, +)
            }
            // check: every active member marked once; no waiting member became a sponsor
            #expect(marked == 20)
            var rows = try await communities.members(communityID: community).filter { picked.contains($0.memberID) }
            #expect(rows.filter(\.isSponsor).map(\.memberID).sorted() == Array(picked[10..<30]))
            // act: off for some, twice; a role change and an approval keep the marks they found
            #expect(try await directory.setSponsor(false, communityID: community, memberIDs: Array(picked[10..<15])) == 5)
            #expect(try await directory.setSponsor(false, communityID: community, memberIDs: Array(picked[10..<15])) == 0)
            #expect(try await directory.setRole(.steward, communityID: community, memberIDs: Array(picked[20..<22])) == 2)
            #expect(try await directory.approve(communityID: community, memberIDs: Array(picked[0..<3])) == 3)
            #expect(try await directory.approve(communityID: community, memberIDs: Array(picked[0..<3])) == 0)
            rows = try await communities.members(communityID: community).filter { picked.contains($0.memberID) }
            #expect(rows.filter(\.isSponsor).map(\.memberID).sorted() == Array(picked[15..<30]))
            #expect(rows.filter { $0.role == .steward }.map(\.memberID).sorted() == Array(picked[20..<22]))
            #expect(rows.filter { picked[0..<3].contains($0.memberID) }.allSatisfy { $0.status == .active && !$0.isSponsor && $0.role == .member })
        }
    }
}
