import EyrieCore
import EyrieStore
import Foundation

/// Demo workshops for the onboarding challenge: one closed with its board (clusters, dots, a decision), one running
/// now with a brainstorm under way, and one upcoming that is full with a waiting list. Everything goes through the
/// same repositories (and rules) as the web app.
extension DemoData {
    /// Returns the closed workshop and the idea that came out of it.
    func loadWorkshops(communityID: Int64, challengeID: Int64, ideaIDs: [Int64],
                       people: [Int64]) async throws -> (workshop: Int64, idea: Int64?) {
        let workshops = WorkshopRepository(db)
        let registrations = RegistrationRepository(db)
        let agenda = AgendaRepository(db)
        let board = BoardRepository(db)
        let facilitator = people[1]
        let hour: TimeInterval = 3600
        func at(_ offset: TimeInterval) -> Date {
            Date(timeIntervalSince1970: ((Date().timeIntervalSince1970 + offset) / 900).rounded(.down) * 900)
        }
        func create(_ title: String, _ purpose: String, start: TimeInterval, hours: Double, capacity: Int,
                    place: String, call: String, ideas: [Int64]) async throws -> Int64 {
            let id = try await workshops.create(
                WorkshopDraft(title: title, purpose: purpose, challengeID: challengeID, startsAt: at(start),
                              endsAt: at(start + hours * hour), timeZone: "Europe/Paris", place: place, callLink: call,
                              capacity: capacity, ideaIDs: ideas, facilitatorIDs: [facilitator]),
                communityID: communityID, createdBy: facilitator)
            try await workshops.move(id: id, .schedule, actorID: facilitator, reason: "")
            return id
        }
        func activity(_ workshop: Int64, _ kind: ActivityKind, _ title: String, _ prompt: String = "", minutes: Int,
                      dots: Int = 5, perItem: Int = 3) async throws {
            try await agenda.add(ActivityDraft(kind: kind, title: title, prompt: prompt, minutes: minutes,
                                               dotsPerParticipant: dots, maxDotsPerItem: perItem),
                                 workshopID: workshop, actorID: facilitator)
        }
        func note(_ workshop: Int64, _ body: String, by member: Int64, cluster: Int64? = nil) async throws -> Int64 {
            try await board.apply(.addNote(body: body, clusterID: cluster, lane: nil), workshopID: workshop,
                                  actorID: member).note?.id ?? 0
        }

        // Closed: the board kept as the group left it.
        let closed = try await create(
            "Onboarding co-design day", "Map where new customers wait during set-up and agree which fixes to pilot first.",
            start: -10 * 24 * hour, hours: 3, capacity: 8, place: "Northwind offices, room 4, Lyon", call: "",
            ideas: Array(ideaIDs.prefix(3)))
        let team = Array(people[2..<9])
        for member in team { try await registrations.register(workshopID: closed, memberID: member) }
        try await workshops.move(id: closed, .start, actorID: facilitator, reason: "")
        try await activity(closed, .framing, "The question", "How might we get a new customer fully set up within two days?",
                           minutes: 10)
        try await activity(closed, .brainstorm, "Where do customers wait?", minutes: 20)
        try await activity(closed, .clustering, "Group the waits", minutes: 15)
        try await activity(closed, .dotVote, "What to fix first", minutes: 10, dots: 3, perItem: 2)
        try await activity(closed, .blueprint, "The first week, as a blueprint", minutes: 25)
        try await activity(closed, .decision, "Decide the pilots", minutes: 15)
        try await agenda.advance(workshopID: closed, actorID: facilitator)
        try await agenda.advance(workshopID: closed, actorID: facilitator)
        let waits = ["Waiting for the meter check before anything else", "Forms ask for the same details twice",
                     "No one tells the customer what happens next", "Credit check runs overnight only",
                     "Engineer visit booked by phone tag", "Welcome pack arrives after the first bill",
                     "Account number needed before online access", "Hand-off from sales to operations by email"]
        var notes: [Int64] = []
        for (i, text) in waits.enumerated() { notes.append(try await note(closed, text, by: team[i % team.count])) }
        try await agenda.advance(workshopID: closed, actorID: facilitator)
        let handoffs = try await board.apply(.createCluster(name: "Hand-offs between teams"), workshopID: closed,
                                             actorID: facilitator).cluster?.id
        let silence = try await board.apply(.createCluster(name: "Customers left in the dark"), workshopID: closed,
                                            actorID: facilitator).cluster?.id
        for (i, id) in notes.enumerated() {
            let cluster = [0, 3, 4, 7].contains(i) ? handoffs : [2, 5].contains(i) ? silence : nil
            _ = try await board.apply(.moveNote(id: id, clusterID: cluster, lane: nil, seen: 1), workshopID: closed,
                                      actorID: facilitator)
        }
        try await agenda.advance(workshopID: closed, actorID: facilitator)
        for (i, member) in team.enumerated() {
            let targets = ["cluster-\(handoffs ?? 0)", i % 2 == 0 ? "cluster-\(silence ?? 0)" : "note-\(notes[1])"]
            for target in targets { _ = try await board.apply(.placeDot(target: target), workshopID: closed, actorID: member) }
        }
        try await agenda.advance(workshopID: closed, actorID: facilitator)
        // The blueprint drafted together: notes placed in lanes, in time order.
        let drafted: [(BlueprintLane, String)] = [
            (.customer, "Signs up online"), (.frontstage, "Sales confirms the order"), (.backstage, "Order keyed into billing"),
            (.customer, "Waits for the meter check"), (.backstage, "Credit check runs overnight"),
            (.support, "Scheduling tool books the engineer"), (.customer, "Engineer visit"), (.evidence, "Welcome pack"),
            (.frontstage, "Call to check all works"),
        ]
        for (i, (lane, text)) in drafted.enumerated() {
            _ = try await board.apply(.addNote(body: text, clusterID: nil, lane: lane), workshopID: closed,
                                      actorID: team[i % team.count])
        }
        try await agenda.advance(workshopID: closed, actorID: facilitator)
        _ = try await board.apply(.recordDecision(body: "Pilot one shared hand-off checklist between sales and operations "
                                                  + "in the Lyon team for six weeks."), workshopID: closed, actorID: facilitator)
        _ = try await board.apply(.recordDecision(body: "Send a 'what happens next' message at each step of set-up."),
                                  workshopID: closed, actorID: facilitator)
        try await agenda.advance(workshopID: closed, actorID: facilitator)
        try await registrations.markAttendance(
            workshopID: closed, marks: Dictionary(uniqueKeysWithValues: team.enumerated().map { ($1, Optional($0 != 3)) }))
        try await workshops.move(id: closed, .close, actorID: facilitator, reason: "")
        // What came out of it: the winning cluster became an idea of the challenge, credited to its notes' authors.
        var output: Int64?
        if let handoffs, let challenge = try await ChallengeRepository(db).find(id: challengeID),
           let closedWorkshop = try await workshops.find(id: closed) {
            let body = waits.enumerated().filter { [0, 3, 4, 7].contains($0.offset) }.map { "- \($0.element)" }
                .joined(separator: "\n") + "\n\nFrom the workshop “Onboarding co-design day”."
            output = try await OutputRepository(db).idea(
                from: "cluster-\(handoffs)", workshop: closedWorkshop, challenge: challenge,
                draft: IdeaDraft(title: "One hand-off checklist from sales to operations",
                                 summary: "A shared checklist so nothing waits between sales, credit checks and the engineer visit.",
                                 body: body, tags: ["onboarding", "hand-offs"]),
                actorID: facilitator)
        }

        // Running now: a brainstorm under way.
        let running = try await create(
            "Service blueprint sprint", "Draw today's onboarding journey as a blueprint and mark where it fails.",
            start: -hour / 2, hours: 2, capacity: 10, place: "", call: "https://meet.example/eyrie-blueprint",
            ideas: Array(ideaIDs.dropFirst(3).prefix(2)))
        for member in people[2..<8] { try await registrations.register(workshopID: running, memberID: member) }
        try await workshops.move(id: running, .start, actorID: facilitator, reason: "")
        try await activity(running, .brainstorm, "Steps customers go through", minutes: 25)
        try await activity(running, .clustering, "Group the steps", minutes: 15)
        try await activity(running, .dotVote, "Worst fail points", minutes: 10, dots: 3, perItem: 2)
        try await agenda.advance(workshopID: running, actorID: facilitator)
        for (i, text) in ["Signs the contract online", "Waits for a call to book the visit", "Receives the welcome pack"]
            .enumerated() { _ = try await note(running, text, by: people[2 + i]) }

        // Upcoming and full: two on the waiting list.
        let upcoming = try await create(
            "Self-service test session", "Watch five customers try the new sign-up form and note every hesitation.",
            start: 9 * 24 * hour, hours: 1.5, capacity: 4, place: "Harbour Health Trust, usability lab",
            call: "https://meet.example/eyrie-usability", ideas: Array(ideaIDs.dropFirst(5).prefix(2)))
        try await activity(upcoming, .framing, "What we are testing", "How might we make sign-up obvious at first try?",
                           minutes: 10)
        try await activity(upcoming, .brainstorm, "Hesitations seen", minutes: 40)
        for member in people[3..<9] { try await registrations.register(workshopID: upcoming, memberID: member) }
        return (closed, output)
    }
}
