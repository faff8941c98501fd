import EyrieCore
import EyrieStore
import Hummingbird

/// Supports and dots as the viewer, after the rule allowed them: the store call and the refusals in words, shared
/// by the idea pages' buttons and the JSON API; and the survey's next pair.
struct IdeaVoting: Sendable {
    let supports: SupportRepository
    let dots: DotRepository
    let pairwise: PairwiseRepository
    let ideaLists: IdeaListRepository

    init(_ db: Database) {
        supports = .init(db)
        dots = .init(db)
        pairwise = .init(db)
        ideaLists = .init(db)
    }

    func support(_ scope: IdeaScope, memberID: Int64) async throws {
        let rules = SupportRepository.Rules(challengeID: scope.challenge.id, communityID: scope.community.id)
        do {
            try await supports.support(ideaID: scope.idea.id, memberID: memberID, rules: rules)
        } catch StoreError.limitReached {
            let all = scope.settings.supportBudget.map { "all \($0) of your supports" } ?? "all your supports"
            throw HTTPError(.unprocessableContent, message: "You have given \(all) in this challenge. "
                + "Withdraw one to support this idea.")
        } catch StoreError.conflict {
            throw IdeaActionController.changedMeanwhile
        }
    }

    /// Puts one dot on the idea; returns how many the member has left.
    func addDot(_ scope: IdeaScope, memberID: Int64) async throws -> Int {
        do {
            return try await dots.add(ideaID: scope.idea.id, memberID: memberID, challengeID: scope.challenge.id,
                                      communityID: scope.community.id)
        } catch StoreError.limitReached(let limit) {
            throw HTTPError(.unprocessableContent, message: limit == "dots_per_idea_exceeded"
                ? "You can put at most \(scope.settings.maxDotsPerIdea) dots on one idea."
                : "You have spent all \(scope.settings.dotsPerMember) of your dots. Take one back from another idea first.")
        } catch StoreError.conflict {
            throw IdeaActionController.changedMeanwhile
        }
    }

    /// The next pair of the pairwise survey for the member, shown (so that its answer counts) with its prompt, if
    /// any is left; and how many answers the member has given.
    func nextPair(challengeID: Int64, communityID: Int64, memberID: Int64)
        async throws -> (pair: (prompt: String, left: IdeaSummary, right: IdeaSummary)?, answered: Int) {
        let survey = try await pairwise.survey(challengeID: challengeID, memberID: memberID)
        var random = SystemRandomNumberGenerator()
        guard let pair = PairChooser.choose(from: survey.candidates, lastPair: survey.lastPair, using: &random) else {
            return (nil, survey.answered)
        }
        let ideas = try await ideaLists.summaries(ids: [pair.0, pair.1])
        guard ideas.count == 2 else { return (nil, survey.answered) }
        let prompt = try await pairwise.show(challengeID: challengeID, communityID: communityID, memberID: memberID, pair: pair)
        return ((prompt, ideas[0], ideas[1]), survey.answered)
    }
}
