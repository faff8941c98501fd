import EyrieCore
import Foundation

/// The votes of the demo: each challenge uses different methods, with enough answers for the results to look real.
extension DemoData {
    static let settings = [
        VotingSettings(supports: true, autoShortlistAt: 14),
        VotingSettings(supports: true, dots: true, dotsPerMember: 10, maxDotsPerIdea: 3),
        VotingSettings(supports: true, scorecards: true),
    ]

    func loadVotes(challenge: Challenge, settings: VotingSettings, ideaIDs: [Int64], pool: [Int64], stewardID: Int64,
                   random: inout SplitMix64) async throws {
        if settings.dots {
            let dots = DotRepository(db)
            for member in pool {
                // Most members spend most of their dots, favouring a few ideas as real groups do.
                for _ in 0..<random.next(settings.dotsPerMember + 1) {
                    let idea = ideaIDs[min(random.next(ideaIDs.count), random.next(ideaIDs.count))]
                    do {
                        try await dots.add(ideaID: idea, memberID: member, challengeID: challenge.id,
                                           communityID: challenge.communityID, budget: settings.dotsPerMember,
                                           maxPerIdea: settings.maxDotsPerIdea)
                    } catch StoreError.limitReached {
                        continue
                    }
                }
            }
        }
        if challenge.phase() == .review {
            // The funnel moves on: two shortlisted ideas go into design, one of them is selected.
            let ideas = IdeaRepository(db)
            var advanced = 0
            for id in ideaIDs where advanced < 2 {
                guard try await ideas.find(id: id)?.state == .shortlisted else { continue }
                try await ideas.transition(ideaID: id, from: [.shortlisted], to: .inDesign, actorID: stewardID,
                                           reason: "Taken into the March co-design workshop.")
                if advanced == 0 {
                    try await ideas.transition(ideaID: id, from: [.inDesign], to: .selected, actorID: stewardID,
                                               reason: "Funded for a three-month pilot in the north region.")
                }
                advanced += 1
            }
        }
    }
}
