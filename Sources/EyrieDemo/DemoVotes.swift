import EyrieCore
import EyrieStore
import Foundation

/// The votes of the demo: each challenge uses different methods, with enough answers for the results to look real.
extension DemoData {
    static let settings = [
        VotingSettings(supports: true, autoShortlistAt: 14),
        // Every method at once, with a results page that shows them all.
        VotingSettings(supports: true, autoShortlistAt: 12, dots: true, dotsPerMember: 10, maxDotsPerIdea: 3,
                       pairwise: true, scorecards: true, blindReview: true),
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
                                           communityID: challenge.communityID)
                    } catch StoreError.limitReached {
                        continue
                    }
                }
            }
        }
        if settings.pairwise {
            // 1,200 answers drawn from hidden strengths, so that the fitted scores have a real order to find.
            let pairwise = PairwiseRepository(db)
            // The first ideas of a challenge are its strongest (the self-service review selects its first two).
            let strength = ideaIDs.indices.map { $0 < 2 ? 45 : Double(1 + random.next(40)) }
            for n in 0..<1200 {
                let member = pool[n % pool.count]
                let survey = try await pairwise.survey(challengeID: challenge.id, memberID: member)
                guard let pair = PairChooser.choose(from: survey.candidates, lastPair: survey.lastPair, using: &random),
                      let a = ideaIDs.firstIndex(of: pair.0), let b = ideaIDs.firstIndex(of: pair.1) else { continue }
                let token = try await pairwise.show(challengeID: challenge.id, communityID: challenge.communityID,
                                                    memberID: member, pair: pair)
                let leftWins = Double(random.next(1000)) / 1000 < strength[a] / (strength[a] + strength[b])
                let choice: PairwiseChoice = n % 25 == 0 ? .skip : leftWins ? .left : .right
                _ = try await pairwise.answer(challengeID: challenge.id, memberID: member, token: token,
                                              answer: PairwiseAnswer(choice: choice,
                                                                     reason: choice == .skip ? UndecidedReason.likeBoth.rawValue : ""))
            }
        }
        if settings.scorecards {
            // Three reviewers score every shortlisted idea; on some ideas they disagree.
            let reviews = ReviewRepository(db)
            let reviewers = Array(pool.filter { $0 != stewardID }.prefix(3))
            for reviewer in reviewers {
                try await reviews.assign(challengeID: challenge.id, communityID: challenge.communityID, memberID: reviewer)
            }
            for id in ideaIDs {
                guard try await IdeaRepository(db).find(id: id)?.state == .shortlisted else { continue }
                let base = 2 + random.next(3)
                for reviewer in reviewers {
                    let scores = settings.criteria.map { _ in min(5, max(1, base + random.next(3) - 1)) }
                    try await reviews.submit(ideaID: id, reviewerID: reviewer, challengeID: challenge.id,
                                             communityID: challenge.communityID,
                                             draft: ScorecardDraft(scores: scores, comment: ""))
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
