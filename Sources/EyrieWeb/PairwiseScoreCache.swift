import EyrieCore

/// Fitted pairwise scores per challenge, kept until the decided answers or the ideas change. The fit of a large
/// survey takes a good part of a second, and results pages are read far more often than answers come in. Derived
/// state only: a new instance (or a restart) simply fits again.
actor PairwiseScoreCache {
    private struct Entry {
        var answers: Int
        var ideas: [Int64]
        var fit: Task<[Int64: BradleyTerry.Score], any Error>
    }

    private var entries: [Int64: Entry] = [:]

    /// The scores for these ideas and this many decided answers; `load` fetches the answers when a fit is needed.
    /// Concurrent callers share one fit.
    func scores(challengeID: Int64, ideas: [IdeaSummary], answers: Int,
                load: @escaping @Sendable () async throws -> [(winner: Int64, loser: Int64)]) async throws -> [Int64: BradleyTerry.Score] {
        let ids = ideas.map(\.id)
        if let entry = entries[challengeID], entry.answers == answers, entry.ideas == ids {
            return try await entry.fit.value
        }
        let fit = Task { ChallengeResults.pairwiseScores(ideas: ideas, answers: try await load()) }
        entries[challengeID] = Entry(answers: answers, ideas: ids, fit: fit)
        do {
            return try await fit.value
        } catch {
            entries[challengeID] = nil
            throw error
        }
    }
}
