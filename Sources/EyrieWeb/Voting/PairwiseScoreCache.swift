import EyrieCore

/// Fitted pairwise scores per challenge, kept until an answer arrives or the ideas change (in large surveys, for a
/// few seconds more while answers keep coming). The fit of a large
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
        var startedAt: ContinuousClock.Instant
        var fit: Task<Fit, any Error>
    }

    private var entries: [Int64: Entry] = [:]
    /// Below this many decided answers a fit is quick, and every new answer is fitted at once.
    let exactBelow: Int
    /// Above it, a fit is kept for this long while answers keep coming: during a busy survey the page then refits a
    /// few times a minute instead of on every view. The page says how many answers the scores come from.
    let refitAfter: Duration

    init(exactBelow: Int = 20_000, refitAfter: Duration = .seconds(15)) {
        self.exactBelow = exactBelow
        self.refitAfter = refitAfter
    }

    /// The scores for these ideas while the newest answer is `latestAnswer` (answers are append-only, so a new one
    /// always has a higher id); `load` fetches the decided answers when a fit is needed. Concurrent callers share one fit.
    func scores(challengeID: Int64, ideas: [IdeaSummary], latestAnswer: Int64,
                load: @escaping @Sendable () async throws -> [(winner: Int64, loser: Int64)]) async throws -> Fit {
        let ids = ideas.map(\.id)
        let now = ContinuousClock.now
        if let entry = entries[challengeID], entry.ideas == ids {
            if entry.latestAnswer == latestAnswer { return try await entry.fit.value }
            // A large survey: keep a recent fit (or the one being made) while answers arrive.
            if now - entry.startedAt < refitAfter {
                if let fit = try? await entry.fit.value, fit.answers >= exactBelow { return fit }
            }
        }
        let fit = Task {
            let answers = try await load()
            return Fit(scores: ChallengeResults.pairwiseScores(ideas: ideas, answers: answers), answers: answers.count)
        }
        entries[challengeID] = Entry(latestAnswer: latestAnswer, ideas: ids, startedAt: now, fit: fit)
        do {
            return try await fit.value
        } catch {
            entries[challengeID] = nil
            throw error
        }
    }
}
