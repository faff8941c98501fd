import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// Offerings over a real PostgreSQL: converting ideas all or nothing (also against a concurrent withdrawal or a
/// second offering), lineage and credit through merges, notifications once per contributor, and the design parts
/// written and read back.
struct OfferingStoreTests {
    static func details(_ f: Fixture, name: String = "Onboarding desk") -> OfferingDetails {
        OfferingDetails(name: name, promise: "Working in two days, with one person to call.",
                        segment: "New small-business customers", ownerID: f.memberIDs[0],
                        organisationID: f.organisationIDs[0], partnerIDs: [f.organisationIDs[1]])
    }

    func selected(_ db: Database, _ f: Fixture, by author: Int64, _ title: String, coAuthors: [Int64] = []) async throws -> Int64 {
        try await IdeaRepository(db).create(
            IdeaDraft(title: title, summary: "A summary that is long enough.", body: "Body.", tags: []),
            challenge: f.challenge, authorID: author, coAuthorIDs: coAuthors, state: .selected, submissionKey: UUID().uuidString)
    }

    func count(_ db: Database, _ sql: PostgresQuery) async throws -> Int64 {
        try await db.client.query(sql, logger: db.logger).decode(Int64.self).reduce(0) { $0 + $1 }
    }

    @Test func convertingIsAllOrNothingWhenAnIdeaIsWithdrawnAtTheSameTime() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 3)
            for round in 0..<12 {
                // setup: two selected ideas; the second one's author pulls it out while a steward converts both
                let a = try await selected(db, f, by: f.memberIDs[0], "Idea A \(round)")
                let b = try await selected(db, f, by: f.memberIDs[1], "Idea B \(round)")
                let draft = OfferingDraft(details: Self.details(f, name: "Offering \(round)"), ideaIDs: [a, b], workshopIDs: [])
                // act
                async let creating: Int64? = {
                    do { return try await OfferingRepository(db).create(draft, communityID: f.community.id, actorID: f.stewardID) }
                    catch is OfferingRepository.Unavailable { return nil }
                }()
                async let withdrawing: Bool = {
                    do {
                        try await IdeaRepository(db).transition(ideaID: b, from: IdeaAction.withdraw.sources, to: .withdrawn,
                                                                actorID: f.memberIDs[1], reason: "")
                        return true
                    } catch StoreError.conflict { return false }
                }()
                let (offering, pulled) = try await (creating, withdrawing)
                // check: exactly one of them won, and the ideas say which
                #expect((offering != nil) != pulled)
                let pointing = try await count(db, "SELECT count(*) FROM ideas WHERE id IN (\(a), \(b)) AND offering_id IS NOT NULL")
                let converted = try await count(db, "SELECT count(*) FROM ideas WHERE id IN (\(a), \(b)) AND state = 'converted'")
                if let offering {
                    #expect(pointing == 2 && converted == 2)
                    #expect(try await count(db, "SELECT count(*) FROM ideas WHERE offering_id = \(offering)") == 2)
                } else {
                    #expect(pointing == 0 && converted == 0)
                    #expect(try await count(db, "SELECT count(*) FROM offerings WHERE name = \("Offering \(round)")") == 0)
                }
            }
        }
    }

    @Test func twoOfferingsRacingForOneIdeaGetItOnce() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 2)
            let idea = try await selected(db, f, by: f.memberIDs[0], "Callback within the hour")
            let results = try await withThrowingTaskGroup(of: Int64?.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        let draft = OfferingDraft(details: Self.details(f, name: "Racer \(i)"), ideaIDs: [idea], workshopIDs: [])
                        do { return try await OfferingRepository(db).create(draft, communityID: f.community.id, actorID: f.stewardID) }
                        catch is OfferingRepository.Unavailable { return nil }
                    }
                }
                return try await group.reduce(into: [Int64?]()) { $0.append($1) }
            }
            let winners = results.compactMap { $0 }
            #expect(winners.count == 1)
            #expect(try await count(db, "SELECT count(*) FROM offerings") == 1)
            #expect(try await count(db, "SELECT count(*) FROM idea_events WHERE idea_id = \(idea) AND kind = 'converted'") == 1)
        }
    }

    @Test func ideasThatAreNotSelectedOrNotOfTheCommunityAreRefusedByName() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 2)
            let submitted = try await f.idea(db, by: f.memberIDs[0], title: "Still submitted")
            let ok = try await selected(db, f, by: f.memberIDs[1], "Selected one")
            let repo = OfferingRepository(db)
            await #expect(throws: OfferingRepository.Unavailable(field: "ideas",
                message: "“Still submitted” is submitted now, no longer selected: it cannot become part of an offering")) {
                _ = try await repo.create(OfferingDraft(details: Self.details(f), ideaIDs: [ok, submitted], workshopIDs: []),
                                          communityID: f.community.id, actorID: f.stewardID)
            }
            // An idea of another community (the steward also stewards the private one, so the owner is fine there).
            var elsewhere = Self.details(f)
            elsewhere.ownerID = f.stewardID
            await #expect(throws: OfferingRepository.Unavailable(field: "ideas", message: "Choose ideas of this community")) {
                _ = try await repo.create(OfferingDraft(details: elsewhere, ideaIDs: [ok], workshopIDs: []),
                                          communityID: f.privateCommunity.id, actorID: f.stewardID)
            }
            var outsider = Self.details(f)
            outsider.ownerID = f.outsiderID
            await #expect(throws: OfferingRepository.Unavailable(field: "owner", message: "Choose an owner among the community's members")) {
                _ = try await repo.create(OfferingDraft(details: outsider, ideaIDs: [ok], workshopIDs: []),
                                          communityID: f.community.id, actorID: f.stewardID)
            }
            let open = try await f.workshop(db, state: .running)
            await #expect(throws: OfferingRepository.Unavailable.self) {
                _ = try await repo.create(OfferingDraft(details: Self.details(f), ideaIDs: [ok], workshopIDs: [open]),
                                          communityID: f.community.id, actorID: f.stewardID)
            }
            // Nothing was written by the refusals.
            #expect(try await count(db, "SELECT count(*) FROM offerings") == 0)
            #expect(try await count(db, "SELECT count(*) FROM ideas WHERE state = 'converted'") == 0)
        }
    }

    @Test func lineageAndNotificationsReachExactlyTheContributorsOnce() async throws {
        try await TestDatabase.withDatabase { db in
            // setup: A (by member 0 with member 1), B (by member 0 again) selected; C by member 2 merged into B
            let f = try await Fixture.make(db, members: 4)
            let (ann, bob, cat, dan) = (f.memberIDs[0], f.memberIDs[1], f.memberIDs[2], f.memberIDs[3])
            let a = try await selected(db, f, by: ann, "Shared inbox", coAuthors: [bob])
            let b = try await selected(db, f, by: ann, "Callback service")
            let c = try await f.idea(db, by: cat, title: "Call me back")
            try await IdeaRepository(db).merge(sourceID: c, targetID: b, from: IdeaAction.merge.sources, actorID: f.stewardID,
                                               reason: "Same idea")
            _ = try await f.idea(db, by: dan, title: "Unrelated")
            let workshop = try await f.workshop(db, state: .closed)
            let repo = OfferingRepository(db)
            let id = try await repo.create(OfferingDraft(details: Self.details(f), ideaIDs: [a, b], workshopIDs: [workshop]),
                                           communityID: f.community.id, actorID: f.stewardID)
            // act: a state move and a progress update
            try await repo.move(id: id, .pilot, reason: "Ten customers in Lyon", actorID: f.stewardID)
            try await ProgressRepository(db).post(ProgressDraft(note: "The first ten customers are live.", percent: 40),
                                                 offeringID: id, actorID: f.stewardID)
            // check: lineage lists the two ideas and the merged one, the workshop, and exactly the three contributors
            let lineage = try await LineageRepository(db).lineage(offeringID: id)
            #expect(lineage.ideas.map(\.id) == [a, b, c])
            #expect(lineage.ideas.last?.mergedIntoID == b)
            #expect(lineage.workshops.map(\.id) == [workshop])
            #expect(Set(lineage.contributors.map(\.id)) == [ann, bob, cat])
            // check: each contributor was told three times (converted, moved, update), once each; nobody else was
            var told: [Int64: Int64] = [:]
            for try await (member, n) in try await db.client.query("""
                SELECT member_id, count(*)::int8 FROM notifications WHERE offering_id = \(id) GROUP BY 1
                """, logger: db.logger).decode((Int64, Int64).self) { told[member] = n }
            #expect(told == [ann: 3, bob: 3, cat: 3])
            let notes = NotificationRepository(db)
            // and Cat, who follows her idea, was also told when it was merged
            #expect(try await notes.unreadCount(memberID: cat) == 4)
            let items = try await notes.list(memberID: cat)
            #expect(items.first?.body.description.contains("40 %") == true)
            #expect(items.first?.link == "/offerings/\(id)")
            // Reading one of someone else's changes nothing; reading all clears the count.
            #expect(try await notes.markRead(id: items[0].id, memberID: dan) == nil)
            #expect(try await notes.unreadCount(memberID: cat) == 4)
            try await notes.markAllRead(memberID: cat)
            #expect(try await notes.unreadCount(memberID: cat) == 0)
            // check: what became of Cat's idea (merged into B): the offering, its state and its latest update
            let fates = try await LineageRepository(db).fates(memberID: cat)
            #expect(fates.map(\.ideaID) == [c])
            #expect(fates.first?.offeringState == .pilot && fates.first?.progress == 40)
            #expect(fates.first?.lastUpdate == "The first ten customers are live.")
            #expect(try await LineageRepository(db).fates(memberID: dan).isEmpty)
            // check: the history keeps the making and the move with its reason
            let history = try await repo.history(offeringID: id)
            #expect(history.map(\.kind) == ["created", "moved"])
            #expect(history.last?.reason == "Ten customers in Lyon" && history.last?.to == .pilot)
        }
    }

    @Test func aRetiredOfferingNoLongerChangesAndMovesAreCheckedUnderTheLock() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 2)
            let idea = try await selected(db, f, by: f.memberIDs[0], "Idea")
            let repo = OfferingRepository(db)
            let id = try await repo.create(OfferingDraft(details: Self.details(f), ideaIDs: [idea], workshopIDs: []),
                                           communityID: f.community.id, actorID: f.stewardID)
            await #expect(throws: StoreError.conflict("state")) {
                try await repo.move(id: id, .launch, reason: "Too early", actorID: f.stewardID)
            }
            // Two stewards retire it at once: one move is recorded.
            async let first: Bool = { do { try await repo.move(id: id, .retire, reason: "Stopped", actorID: f.stewardID); return true } catch { return false } }()
            async let second: Bool = { do { try await repo.move(id: id, .retire, reason: "Stopped", actorID: f.adminID); return true } catch { return false } }()
            let moved = try await [first, second].filter { $0 }.count
            #expect(moved == 1)
            #expect(try await count(db, "SELECT count(*) FROM offering_events WHERE offering_id = \(id) AND kind = 'moved'") == 1)
            await #expect(throws: StoreError.conflict("state")) {
                try await CanvasRepository(db).add(CanvasEntryDraft(section: .pains, body: "Too late"), offeringID: id)
            }
        }
    }

    @Test func theDesignIsWrittenAndReadBack() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db, members: 2)
            let idea = try await selected(db, f, by: f.memberIDs[0], "Idea")
            let id = try await OfferingRepository(db).create(OfferingDraft(details: Self.details(f), ideaIDs: [idea], workshopIDs: []),
                                                             communityID: f.community.id, actorID: f.stewardID)
            // Canvas: entries in order, a fit, a move
            let canvases = CanvasRepository(db)
            let pain = try await canvases.add(CanvasEntryDraft(section: .pains, body: "On hold for ages"), offeringID: id)
            let pain2 = try await canvases.add(CanvasEntryDraft(section: .pains, body: "Forms twice"), offeringID: id)
            let reliever = try await canvases.add(CanvasEntryDraft(section: .relievers, body: "Callback"), offeringID: id)
            try await canvases.link(from: reliever, to: pain, offeringID: id)
            await #expect(throws: ValidationErrors([FieldError("to", "These two are linked already")])) {
                try await canvases.link(from: reliever, to: pain, offeringID: id)
            }
            try await canvases.move(entryID: pain2, by: -1, offeringID: id)
            let canvas = try await canvases.canvas(offeringID: id)
            #expect(canvas.entries(in: .pains).map(\.id) == [pain2, pain])
            #expect(canvas.fits == [CanvasFit(from: reliever, to: pain)])
            // Blueprint: three steps, an arrow, a new first column, one removed
            let blueprints = BlueprintRepository(db)
            let new = BlueprintRepository.newStep
            for (lane, body) in [(BlueprintLane.customer, "Calls"), (.frontstage, "Answers"), (.backstage, "Opens the file")] {
                try await blueprints.edit(offeringID: id) { try $0.adding(BlueprintStepDraft(lane: lane, body: body), id: new, at: .end) }
            }
            var blueprint = try await blueprints.blueprint(offeringID: id)
            let ids = blueprint.steps.map(\.id)
            try await blueprints.edit(offeringID: id) { try $0.adding(BlueprintArrow(from: ids[0], to: ids[1])) }
            try await blueprints.edit(offeringID: id) {
                try $0.adding(BlueprintStepDraft(lane: .evidence, body: "Letter", failPoint: true, waitMinutes: 30), id: new, at: .before(1))
            }
            await #expect(throws: ValidationErrors.self) {
                try await blueprints.edit(offeringID: id) { try $0.adding(BlueprintArrow(from: ids[1], to: ids[0])).adding(BlueprintArrow(from: ids[0], to: ids[1])) }
            }
            try await blueprints.edit(offeringID: id) { try $0.removing(ids[2]) }
            blueprint = try await blueprints.blueprint(offeringID: id)
            #expect(blueprint.steps.map { "\($0.body)@\($0.lane.rawValue)\($0.column)" } == ["Letter@evidence1", "Calls@customer2", "Answers@frontstage3"])
            #expect(blueprint.steps.first?.failPoint == true && blueprint.steps.first?.waitMinutes == 30)
            #expect(blueprint.arrows == [BlueprintArrow(from: ids[0], to: ids[1])])
            #expect(blueprint.problems().isEmpty)
            // KPIs: a measurement corrected on the same day
            let kpis = KpiRepository(db)
            let kpi = try await kpis.add(KpiDraft(name: "Days to first use", unit: "days", direction: .lower, baseline: 9, target: 2),
                                         offeringID: id)
            let day = Day.parse("2026-11-02")!
            try await kpis.measure(kpiID: kpi, MeasurementDraft(day: day, value: 7), offeringID: id, actorID: f.stewardID)
            try await kpis.measure(kpiID: kpi, MeasurementDraft(day: day, value: 6), offeringID: id, actorID: f.stewardID)
            try await kpis.measure(kpiID: kpi, MeasurementDraft(day: Day.parse("2026-11-20")!, value: 4), offeringID: id, actorID: f.stewardID)
            let read = try await kpis.kpis(offeringID: id)
            #expect(read.first?.measurements.map(\.value) == [6, 4])
            #expect(read.first?.measurements.first?.day == day)
            #expect(read.first?.progress.map { ($0 * 100).rounded() / 100 } == 71.43)
            // Milestones come back by due day, with their day intact
            let progress = ProgressRepository(db)
            let late = try await progress.addMilestone(MilestoneDraft(title: "Pilot in Lyon", due: Day.parse("2027-01-15")!), offeringID: id)
            _ = try await progress.addMilestone(MilestoneDraft(title: "Contract signed", due: Day.parse("2026-12-20")!), offeringID: id)
            try await progress.setDone(milestoneID: late, done: true, offeringID: id)
            let milestones = try await progress.milestones(offeringID: id)
            #expect(milestones.map(\.title) == ["Contract signed", "Pilot in Lyon"])
            #expect(milestones.map { Day.format($0.due) } == ["2026-12-20", "2027-01-15"])
            #expect(milestones.last?.doneAt != nil)
        }
    }
}
