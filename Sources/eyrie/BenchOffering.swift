import ArgumentParser
import EyrieCore
import EyrieStore
import Foundation

/// `eyrie bench offering`: a large offering for the offering page's benchmark (see bench/run.sh): made from 50
/// selected ideas of the challenge, with a canvas of 30 entries, a blueprint of 200 steps with arrows and fail points,
/// 20 KPIs of 100 measurements each, 20 updates and 10 milestones. Prints its id.
struct BenchOffering: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "offering", abstract: "Create a large offering.")
    @Option(help: "The challenge whose ideas it is made from.") var challenge: Int64 = 1
    @Option(help: "Source ideas.") var ideas: Int = 50
    @Option(help: "Blueprint steps.") var steps: Int = 200
    @Option(help: "KPIs.") var kpis: Int = 20
    @Option(help: "Measurements per KPI.") var measurements: Int = 100
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger()
        let (challengeID, ideaCount, stepCount, kpiCount, measurementCount) = (challenge, ideas, steps, kpis, measurements)
        let id = try await database.withDatabase(logger: logger) { client in
            let db = Database(client: client, logger: logger)
            guard let challenge = try await ChallengeRepository(db).find(id: challengeID) else {
                throw ValidationError("no challenge \(challengeID)")
            }
            let steward = try await client.query("""
                SELECT member_id FROM memberships WHERE community_id = \(challenge.communityID) AND role = 'steward'
                  AND status = 'active' ORDER BY member_id LIMIT 1
                """, logger: logger).decode(Int64.self).reduce(into: [Int64]()) { $0.append($1) }.first ?? 1
            let organisation = try await client.query("SELECT min(id) FROM organisations", logger: logger)
                .decode(Int64.self).reduce(into: [Int64]()) { $0.append($1) }.first ?? 1
            // The challenge's most recent submitted ideas, taken through the review to `selected`.
            let chosen = try await client.query("""
                SELECT id FROM ideas WHERE challenge_id = \(challengeID) AND state = 'submitted' AND hidden_reason IS NULL
                ORDER BY id DESC LIMIT \(ideaCount)
                """, logger: logger).decode(Int64.self).reduce(into: [Int64]()) { $0.append($1) }
            let ideas = IdeaRepository(db)
            for idea in chosen {
                try await ideas.transition(ideaID: idea, from: [.submitted], to: .shortlisted, actorID: steward, reason: "Bench")
                try await ideas.transition(ideaID: idea, from: [.shortlisted], to: .inDesign, actorID: steward, reason: "Bench")
                try await ideas.transition(ideaID: idea, from: [.inDesign], to: .selected, actorID: steward, reason: "Bench")
            }
            let offering = try await OfferingRepository(db).create(
                OfferingDraft(details: OfferingDetails(name: "Benchmark offering", promise: "A large offering to measure its page.",
                                                       segment: "Everyone", ownerID: steward, organisationID: organisation,
                                                       partnerIDs: []),
                              ideaIDs: chosen, workshopIDs: []),
                communityID: challenge.communityID, actorID: steward)
            let canvas = CanvasRepository(db)
            for section in CanvasSection.allCases {
                for n in 1...5 {
                    try await canvas.add(CanvasEntryDraft(section: section, body: "\(section.label) entry \(n) of the benchmark"),
                                         offeringID: offering)
                }
            }
            let entries = try await canvas.canvas(offeringID: offering)
            for (reliever, pain) in zip(entries.entries(in: .relievers), entries.entries(in: .pains)) {
                try await canvas.link(from: reliever.id, to: pain.id, offeringID: offering)
            }
            // The blueprint: lanes in turn, a new column every five steps; an arrow along each lane, a fail point in ten.
            let lanes = BlueprintLane.allCases
            let steps = (0..<stepCount).map { i in
                BlueprintStep(id: -Int64(i) - 1, lane: lanes[i % lanes.count], column: i / lanes.count + 1,
                              body: "Step \(i + 1): something happens in \(lanes[i % lanes.count].label.lowercased())",
                              failPoint: i % 10 == 3, waitMinutes: i % 7 == 0 ? (i % 90) + 5 : nil)
            }
            try await BlueprintRepository(db).edit(offeringID: offering) { _ in Blueprint(steps: steps) }
            let saved = try await BlueprintRepository(db).blueprint(offeringID: offering)
            try await BlueprintRepository(db).edit(offeringID: offering) { blueprint in
                var next = blueprint
                for step in saved.steps where step.column > 1 {
                    if let previous = saved.step(lane: step.lane, column: step.column - 1) {
                        next.arrows.append(BlueprintArrow(from: previous.id, to: step.id))
                    }
                }
                return next
            }
            let kpis = KpiRepository(db)
            let today = Day.parse(Day.format(Date()))!
            for k in 0..<kpiCount {
                let lower = k % 2 == 0
                let kpi = try await kpis.add(KpiDraft(name: "Measure \(k + 1)", unit: k % 3 == 0 ? "%" : "days",
                                                      direction: lower ? .lower : .higher, baseline: lower ? 40 : 10,
                                                      target: lower ? 10 : 40), offeringID: offering)
                for m in 0..<measurementCount {
                    let value = lower ? 40 - Double(m) * 0.25 : 10 + Double(m) * 0.25
                    try await kpis.measure(kpiID: kpi, MeasurementDraft(day: today.addingTimeInterval(-Double(measurementCount - m) * 86400),
                                                                        value: value), offeringID: offering, actorID: steward)
                }
            }
            let progress = ProgressRepository(db)
            for u in 1...20 {
                try await progress.post(ProgressDraft(note: "Update \(u) of the benchmark: what moved this week.", percent: u * 4),
                                        offeringID: offering, actorID: steward)
            }
            for m in 1...10 {
                _ = try await progress.addMilestone(MilestoneDraft(title: "Milestone \(m)", due: today.addingTimeInterval(Double(m - 5) * 7 * 86400)),
                                                    offeringID: offering)
            }
            return offering
        }
        print(id)
    }
}
