import EyrieCore

/// Fitted pairwise scores per challenge, kept until an answer arrives or the ideas change. The fit of a large
/// survey takes a good part of a second, and results pages are read far more often than answers come in. Derived
/// state only: a new instance (or a restart) simply fits again.
actor PairwiseScoreCache {
    /// The scores and how many decided answers they were fitted from.
    struct Fit: Sendable {
        var scores: [Int64: BradleyTerry.Score]
        var answers: Int
    }

    private struct Entry {
        var latestAnswer: Int64
        var ideas: [Int64]
        var fit: Task<Fit, any Error>
    }

    private var entries: [Int64: Entry] = [:]

    /// The scores for these ideas while the newest answer is `latestAnswer` (answers are append-only, so a new one
    /// always has a higher id); `load` fetches the decided answers when a fit is needed. Concurrent callers share one fit.
    func scores(challengeID: Int64, ideas: [IdeaSummary], latestAnswer: Int64,
                load: @escaping @Sendable () async throws -> [(winner: Int64, loser: Int64)]) async throws -> Fit {
        let ids = ideas.map(\.id)
        if let entry = entries[challengeID], entry.latestAnswer == latestAnswer, entry.ideas == ids {
            return try await entry.fit.value
        }
        let fit = Task {
            let answers = try await load()
            return Fit(scores: ChallengeResults.pairwiseScores(ideas: ideas, answers: answers), answers: answers.count)
        }
        entries[challengeID] = Entry(latestAnswer: latestAnswer, ideas: ids, fit: fit)
        do {
            return try await fit.value
        } catch {
            entries[challengeID] = nil
            throw error
        }
    }
}
