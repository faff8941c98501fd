import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import Testing

/// The library linked to the work in PostgreSQL: links stay inside the resource's community, a double click is one
/// link, and a workshop's summary or an offering's update kept by several people at once is one resource, its authors
/// credited.
struct WorkLinkStoreTests {
    @Test func linksStayInTheCommunityAndTwiceIsOnce() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let links = WorkLinkRepository(db)
            let resource = try await f.resource(db, title: "Onboarding lessons")
            let idea = try await f.idea(db, by: f.memberIDs[1], title: "Welcome call within a day")
            let workshop = try await f.workshop(db, title: "Welcome design day")
            let offering = try await f.offering(db, name: "Welcome desk")
            for work in [WorkReference(.idea, idea), WorkReference(.workshop, workshop), WorkReference(.offering, offering)] {
                #expect(try await links.link(resourceID: resource, communityID: f.community.id, to: work, actorID: f.memberIDs[0]))
                #expect(try await links.resources(for: work).map(\.id) == [resource])
            }
            let listed = try await links.links(resourceID: resource)
            #expect(listed.map(\.title) == ["Welcome call within a day", "Welcome design day", "Welcome desk"])
            #expect(listed.allSatisfy { $0.linkedBy == f.memberIDs[0] && !$0.madeFromIt })
            // Eight clicks at once on the same link: one row.
            let again = try await f.idea(db, by: f.memberIDs[2], title: "Buddy for the first week")
            let made = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        try await links.link(resourceID: resource, communityID: f.community.id, to: WorkReference(.idea, again),
                                             actorID: f.memberIDs[n % 3])
                    }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(made == 1)
            #expect(try await db.count("SELECT count(*) FROM resource_links WHERE idea_id = \(again)") == 1)
            // Work of another community, a draft, a hidden idea, work that does not exist: refused alike.
            let privateOffering = try await f.privateOffering(db)
            let draft = try await f.idea(db, by: f.memberIDs[1], title: "Not submitted yet", state: .draft)
            let hidden = try await f.idea(db, by: f.memberIDs[1], title: "Hidden one")
            try await IdeaRepository(db).setHidden(ideaID: hidden, reason: "Spam", actorID: f.stewardID)
            for work in [WorkReference(.offering, privateOffering), WorkReference(.idea, draft), WorkReference(.idea, hidden),
                         WorkReference(.workshop, 999_999)] {
                await #expect(throws: StoreError.notFound) {
                    try await links.link(resourceID: resource, communityID: f.community.id, to: work, actorID: f.memberIDs[0])
                }
            }
            // Unlinking removes the link only; an idea hidden later drops out of the resource's list.
            try await links.unlink(id: listed[1].id, resourceID: resource)
            #expect(try await links.resources(for: WorkReference(.workshop, workshop)).isEmpty)
            try await IdeaRepository(db).setHidden(ideaID: idea, reason: "Duplicate", actorID: f.stewardID)
            #expect(try await links.links(resourceID: resource).map(\.title) == ["Welcome desk", "Buddy for the first week"])
            #expect(try await db.count("SELECT count(*) FROM resources WHERE id = \(resource)") == 1)
        }
    }

    @Test func aSummaryKeptByManyAtOnceIsOneResourceCreditingItsFacilitators() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let links = WorkLinkRepository(db)
            let workshop = try await f.workshop(db, title: "Welcome design day", state: .closed)
            let keeping = WorkLinkRepository.Keeping(title: "Workshop summary: Welcome design day", body: "# Notes\n\n- Call fast",
                                                     language: "en")
            let kept = try await withThrowingTaskGroup(of: (id: Int64, isNew: Bool).self) { group in
                for actor in [f.stewardID, f.facilitatorID, f.stewardID, f.facilitatorID, f.adminID, f.stewardID] {
                    group.addTask { try await links.keepSummary(workshopID: workshop, keeping, actorID: actor) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(kept.map(\.id)).count == 1 && kept.filter(\.isNew).count == 1)
            let id = kept[0].id
            #expect(try await db.count("SELECT count(*) FROM resources WHERE title LIKE 'Workshop summary%'") == 1)
            #expect(try await db.count("SELECT count(*) FROM resource_versions WHERE resource_id = \(id)") == 1)
            let visit = try await LibraryRepository(db).visit(id: id, viewerID: nil)
            #expect(visit?.resource.kind == .lesson && visit?.resource.body == "# Notes\n\n- Call fast")
            // The facilitator is credited whoever clicked first.
            #expect(visit?.authors.map(\.id).contains(f.facilitatorID) == true)
            #expect(try await links.resources(for: WorkReference(.workshop, workshop)).map(\.isSummary) == [true])
            #expect(try await links.links(resourceID: id).map(\.madeFromIt) == [true])
            await #expect(throws: StoreError.notFound) {
                try await links.keepSummary(workshopID: 999_999, keeping, actorID: f.stewardID)
            }
        }
    }

    @Test func anUpdateKeptTwiceIsOneResourceCreditingItsAuthor() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            let links = WorkLinkRepository(db)
            let offering = try await f.offering(db, name: "Welcome desk")
            let other = try await f.offering(db, name: "Other desk")
            let update = try await ProgressRepository(db).post(ProgressDraft(note: "Ten customers called within a day.", percent: 30),
                                                               offeringID: offering, actorID: f.memberIDs[0])
            let keeping = WorkLinkRepository.Keeping(title: "Progress of “Welcome desk”", body: "Ten customers called within a day.",
                                                     language: nil)
            // The update is not the other offering's.
            await #expect(throws: StoreError.notFound) {
                try await links.keepUpdate(updateID: update, offeringID: other, keeping, actorID: f.stewardID)
            }
            let kept = try await withThrowingTaskGroup(of: (id: Int64, isNew: Bool).self) { group in
                for _ in 0..<6 { group.addTask { try await links.keepUpdate(updateID: update, offeringID: offering, keeping, actorID: f.stewardID) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(kept.map(\.id)).count == 1 && kept.filter(\.isNew).count == 1)
            let visit = try await LibraryRepository(db).visit(id: kept[0].id, viewerID: nil)
            #expect(Set(visit?.authors.map(\.id) ?? []) == [f.memberIDs[0], f.stewardID])
            #expect(visit?.resource.language == "en")
            #expect(try await links.keptUpdates(offeringID: offering) == [update: kept[0].id])
            #expect(try await links.resources(for: WorkReference(.offering, offering)).map(\.id) == [kept[0].id])
        }
    }
}
