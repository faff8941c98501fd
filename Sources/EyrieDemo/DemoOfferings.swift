import EyrieCore
import EyrieStore
import Foundation

/// Demo offerings of the guild, one in each state, made from the onboarding challenge's ideas (one of them the idea
/// the closed workshop produced, another with a duplicate merged into it), with canvases, blueprints (one seeded from
/// the workshop's board), KPIs measured week by week, updates and milestones; and one in the private lab.
extension DemoData {
    /// Returns what the library links to: the checklist pilot, the welcome call and the welcome call's pilot update.
    @discardableResult
    func loadOfferings(communityID: Int64, ideaIDs: [Int64], workshopID: Int64, workshopIdea: Int64?, people: [Int64],
                       organisations: [Int64]) async throws -> DemoWork {
        let steward = people[0], facilitator = people[1]
        let ideas = IdeaRepository(db)
        let offerings = OfferingRepository(db)
        // The duplicate sign-up idea joins the first one before the review selects it.
        try await ideas.merge(sourceID: ideaIDs[24], targetID: ideaIDs[0], from: [.submitted], actorID: steward,
                              reason: "The same proposal as idea #\(ideaIDs[0]).")
        for id in [ideaIDs[0], ideaIDs[1], ideaIDs[4], ideaIDs[7]] + (workshopIdea.map { [$0] } ?? []) {
            try await select(id, by: steward)
        }
        func make(_ name: String, _ promise: String, _ segment: String, owner: Int64, org: Int, partners: [Int],
                  ideas: [Int64], workshops: [Int64] = []) async throws -> Int64 {
            try await offerings.create(
                OfferingDraft(details: OfferingDetails(name: name, promise: promise, segment: segment, ownerID: owner,
                                                       organisationID: organisations[org],
                                                       partnerIDs: partners.map { organisations[$0] }),
                              ideaIDs: ideas, workshopIDs: workshops),
                communityID: communityID, actorID: steward)
        }

        // Pilot: the hand-off checklist, from the workshop's idea and the shared inbox; its blueprint seeded from the board.
        let checklist = try await make(
            "Hand-off checklist", "Nothing waits between sales, credit checks and the engineer visit.",
            "New household customers in the Lyon region", owner: people[4], org: 0, partners: [2],
            ideas: [ideaIDs[4]] + (workshopIdea.map { [$0] } ?? []), workshops: [workshopID])
        try await canvas(checklist, [
            (.jobs, "Get power and heating working in a new home"), (.jobs, "Know when the engineer comes"),
            (.pains, "Repeating the same details to every team"), (.pains, "Days of silence after signing"),
            (.pains, "Missing a day of work for a visit that fails"), (.gains, "Working service within two days"),
            (.gains, "One person who knows my case"), (.products, "Shared hand-off checklist"),
            (.products, "One queue for sales and operations"), (.relievers, "Details captured once, passed on with the order"),
            (.relievers, "Status message at each step"), (.creators, "Named case owner from sign-up to first bill"),
        ], fits: [(10, 3), (11, 4), (12, 7)])
        _ = try await BlueprintRepository(db).seed(offeringID: checklist, workshopID: workshopID)
        try await BlueprintRepository(db).edit(offeringID: checklist) { blueprint in
            var next = blueprint
            for (index, step) in next.steps.enumerated() where step.body.contains("meter check") || step.body.contains("overnight") {
                next.steps[index].failPoint = true
                next.steps[index].waitMinutes = step.body.contains("overnight") ? 720 : 2880
            }
            guard next.steps.count >= 3 else { return next }
            // The stages of the first week, as the workshop named them.
            let names = ["Signs up", "Waits for checks", "First visit", "First week"]
            var form: [String: String] = [:]
            for (i, name) in names.enumerated() { form["stage\(i + 1)"] = name }
            return try next.adding(BlueprintArrow(from: next.steps[0].id, to: next.steps[1].id))
                .adding(BlueprintArrow(from: next.steps[1].id, to: next.steps[2].id)).naming(form)
        }
        _ = try await kpi(checklist, KpiDraft(name: "Days from sign-up to working service", unit: "days",
                                              direction: .lower, baseline: 11, target: 2),
                          values: [11, 10.5, 9, 8.5, 7, 6.5, 6, 5])
        _ = try await kpi(checklist, KpiDraft(name: "Customers told what happens next", unit: "%", direction: .higher,
                                              baseline: 35, target: 90), values: [35, 48, 61, 70, 74, 79])
        try await offerings.move(id: checklist, .pilot, reason: "Six weeks with the Lyon sales and operations teams.",
                                 actorID: steward)
        let progress = ProgressRepository(db)
        for (note, percent) in [("Checklist agreed with both teams; first 40 customers on it.", 20),
                                ("Credit checks now run twice a day; the overnight wait is gone for most orders.", 45),
                                ("Average set-up time down to five days. Engineers ask for the checklist in other regions.", 60)] {
            try await progress.post(ProgressDraft(note: note, percent: percent), offeringID: checklist, actorID: people[4])
        }
        for (title, due, done) in [("Checklist signed off by both teams", -30.0, true), ("Pilot review with Lyon teams", -3, false),
                                   ("Decision on a second region", 21, false)] {
            let id = try await progress.addMilestone(MilestoneDraft(title: title, due: day(due)), offeringID: checklist)
            if done { try await progress.setDone(milestoneID: id, done: true, offeringID: checklist) }
        }

        // Launched: the welcome call.
        let welcome = try await make(
            "Welcome call within a day", "A named advisor calls you the day after you sign up and stays your contact.",
            "Every new customer", owner: people[5], org: 1, partners: [0], ideas: [ideaIDs[1]])
        try await canvas(welcome, [
            (.jobs, "Check that nothing is missing"), (.pains, "Not knowing whom to ask"), (.gains, "Feeling looked after"),
            (.products, "Welcome call script"), (.relievers, "One named advisor"), (.creators, "Call at a time the customer chose"),
        ], fits: [(5, 2), (6, 3)])
        try await steps(welcome, [
            (.customer, "Signs up and picks a call time", false, nil), (.frontstage, "Advisor calls at that time", false, nil),
            (.backstage, "Advisor reads the order and notes", false, 5), (.customer, "Asks about the first bill", true, nil),
            (.support, "CRM keeps the advisor on the account", false, nil), (.evidence, "Text with the advisor's name", false, nil),
        ])
        _ = try await kpi(welcome, KpiDraft(name: "New customers called within a day", unit: "%", direction: .higher,
                                            baseline: 0, target: 95), values: [40, 72, 88, 93, 96])
        _ = try await kpi(welcome, KpiDraft(name: "Calls in the first month", unit: "calls per customer", direction: .lower,
                                            baseline: 3.2, target: 1.5), values: [3.2, 2.6, 2.1, 1.8])
        try await offerings.move(id: welcome, .pilot, reason: "Two advisors in the north region for a month.", actorID: steward)
        let pilotUpdate = try await progress.post(ProgressDraft(note: "Customers called within a day: 88 %. Repeat calls are down by a third.",
                                                                percent: 70), offeringID: welcome, actorID: people[5])
        try await offerings.move(id: welcome, .launch, reason: "The pilot met its targets; every region from this month.",
                                 actorID: steward)
        try await progress.post(ProgressDraft(note: "Live in every region; 96 % of new customers called within a day.",
                                              percent: 100), offeringID: welcome, actorID: people[5])

        // Concept: one sign-up form (its duplicate merged into it).
        let form = try await make(
            "One sign-up form", "Give your details once; every team that needs them gets them.",
            "Customers signing up online", owner: facilitator, org: 2, partners: [0, 1], ideas: [ideaIDs[0]])
        try await canvas(form, [(.jobs, "Sign up in one sitting"), (.pains, "Forms that ask twice"), (.relievers, "Details shared with each team")],
                         fits: [(3, 2)])

        // Retired: the video guides, replaced by the welcome call.
        let videos = try await make(
            "Video guides for the top ten tasks", "Two-minute videos for what customers phone about most.",
            "Customers using the website", owner: people[6], org: 1, partners: [], ideas: [ideaIDs[7]])
        try await offerings.move(id: videos, .retire, reason: "Few viewers; the welcome call answers the same questions.",
                                 actorID: steward)
        return DemoWork(workshop: workshopID, checklist: checklist, welcome: welcome, welcomeIdea: ideaIDs[1],
                        pilotUpdate: pilotUpdate)
    }

    /// The two ideas of the self-service challenge its review selects, by the demo member and Aisha Khan, waiting to
    /// become an offering.
    static let waitingIdeas: [(author: Int, title: String, summary: String)] = [
        (2, "Chat that remembers the last conversation", "Pick up where the customer left off, whoever answers."),
        (3, "Plain answers first on every help page", "Start each help page with the answer, then the details."),
    ]

    /// Selects the winners of the self-service challenge with a reason that states where the members' votes put them
    /// (worked out from the same results the results page shows).
    func selectWinners(_ ids: [Int64], challenge: Challenge, settings: VotingSettings, steward: Int64) async throws {
        let ideas = try await ResultsRepository(db).ideas(challengeID: challenge.id)
        let answers = try await PairwiseRepository(db).outcomes(challengeID: challenge.id)
        let cards = try await ReviewRepository(db).scores(challengeID: challenge.id)
        let results = ChallengeResults.build(ideas: ideas, pairwise: answers.map { (winner: $0.winner, loser: $0.loser) },
                                             scorecards: cards, settings: settings)
        let ranked = results.agreed.entries.count
        for id in ids {
            let rank = results.agreed.entries.first { $0.idea.id == id }?.rank
            let reason = rank.map { "Ranked \($0) of \(ranked) in the members' agreed ranking; the sponsor funds a three-month pilot." }
                ?? "The sponsor funds a three-month pilot."
            try await select(id, by: steward, from: [.submitted, .shortlisted], reason: reason)
        }
    }

    /// A concept in the private lab, for the privacy checks of the demo.
    func loadPrivateOffering(communityID: Int64, ideaID: Int64, people: [Int64], organisations: [Int64]) async throws {
        let steward = people[0]
        let state = try await IdeaRepository(db).find(id: ideaID)?.state
        if state == .submitted {
            try await IdeaRepository(db).transition(ideaID: ideaID, from: [.submitted], to: .shortlisted, actorID: steward, reason: "")
        }
        try await select(ideaID, by: steward, from: [.shortlisted])
        _ = try await OfferingRepository(db).create(
            OfferingDraft(details: OfferingDetails(name: "Right part, first visit", promise: "The engineer arrives with the part the job needs.",
                                                   segment: "Field engineers and their customers", ownerID: people[1],
                                                   organisationID: organisations[2], partnerIDs: []),
                          ideaIDs: [ideaID], workshopIDs: []),
            communityID: communityID, actorID: steward)
    }

    /// Through the funnel as a review would: shortlisted (unless it is already), into design, selected.
    private func select(_ id: Int64, by steward: Int64, from start: Set<IdeaState> = [.submitted],
                        reason: String = "Chosen in the review.") async throws {
        let ideas = IdeaRepository(db)
        if start.contains(.submitted), try await ideas.find(id: id)?.state == .submitted {
            try await ideas.transition(ideaID: id, from: [.submitted], to: .shortlisted, actorID: steward, reason: "Picked by the stewards for a co-design workshop.")
        }
        try await ideas.transition(ideaID: id, from: [.shortlisted], to: .inDesign, actorID: steward, reason: "Worth designing.")
        try await ideas.transition(ideaID: id, from: [.inDesign], to: .selected, actorID: steward, reason: reason)
    }

    private func canvas(_ offering: Int64, _ entries: [(CanvasSection, String)], fits: [(Int, Int)]) async throws {
        let repo = CanvasRepository(db)
        var ids: [Int64] = []
        for (section, body) in entries { ids.append(try await repo.add(CanvasEntryDraft(section: section, body: body), offeringID: offering)) }
        // Fits name entries by their 1-based place in `entries`.
        for (from, to) in fits { try await repo.link(from: ids[from - 1], to: ids[to - 1], offeringID: offering) }
    }

    private func steps(_ offering: Int64, _ steps: [(BlueprintLane, String, Bool, Int?)]) async throws {
        for (lane, body, fail, wait) in steps {
            try await BlueprintRepository(db).edit(offeringID: offering) {
                try $0.adding(BlueprintStepDraft(lane: lane, body: body, failPoint: fail, waitMinutes: wait),
                              id: BlueprintRepository.newStep, at: .end)
            }
        }
    }

    /// A KPI measured once a week up to today.
    private func kpi(_ offering: Int64, _ draft: KpiDraft, values: [Double]) async throws -> Int64 {
        let repo = KpiRepository(db)
        let id = try await repo.add(draft, offeringID: offering)
        for (i, value) in values.enumerated() {
            try await repo.measure(kpiID: id, MeasurementDraft(day: day(Double(-7 * (values.count - 1 - i))), value: value),
                                   offeringID: offering, actorID: nil)
        }
        return id
    }

    private func day(_ offset: Double) -> Date {
        Day.parse(Day.format(Date().addingTimeInterval(offset * 86400)))!
    }
}

/// The onboarding work the demo library points at.
struct DemoWork {
    var workshop: Int64
    var checklist: Int64
    var welcome: Int64
    var welcomeIdea: Int64
    var pilotUpdate: Int64
}
