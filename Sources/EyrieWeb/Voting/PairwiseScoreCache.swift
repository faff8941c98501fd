import EyrieCore
import EyrieStore

/// Fitted pairwise scores per challenge, kept until an answer arrives or the ideas change (in large surveys, for a
/// few seconds more while answers keep coming). The fit of a large survey takes a good part of a second (reading the
/// answers most of it), and results pages are read far more often than answers come in. Derived state only: a new
/// instance (or a restart) simply fits again.
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
        /// The newest finished fit for these ideas: a large survey serves it while the next one is made.
        var last: Fit?
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
    /// always has a higher id); `load` fetches the decided answers when a fit is needed. Concurrent callers share one
    /// fit. In a large survey nobody waits for a refit: the previous fit is served while the next one is made, so the
    /// page never stalls (nor runs into the request deadline) every time the fit is renewed.
    func scores(challengeID: Int64, ideas: [ResultIdea], latestAnswer: Int64,
                load: @escaping @Sendable () async throws -> [PairwiseRepository.Decided]) async throws -> Fit {
        let ids = ideas.map(\.id)
        let now = ContinuousClock.now
        if let entry = entries[challengeID], entry.ideas == ids {
            let large = entry.last.map { $0.answers >= exactBelow } ?? false
            if entry.latestAnswer == latestAnswer || now - entry.startedAt < refitAfter {
                // The fit asked for, or a recent one in a large survey: served as soon as there is one.
                if large, let last = entry.last { return last }
                if entry.latestAnswer == latestAnswer { return try await entry.fit.value }
                if let fit = try? await entry.fit.value, fit.answers >= exactBelow { return fit }
            } else if large, let last = entry.last {
                start(challengeID, ideas: ideas, latestAnswer: latestAnswer, at: now, load: load, last: last)
                return last
            }
        }
        let fit = start(challengeID, ideas: ideas, latestAnswer: latestAnswer, at: now, load: load,
                        last: entries[challengeID].flatMap { $0.ideas == ids ? $0.last : nil })
        do {
            return try await fit.value
        } catch {
            entries[challengeID] = nil
            throw error
        }
    }

    @discardableResult
    private func start(_ challengeID: Int64, ideas: [ResultIdea], latestAnswer: Int64, at now: ContinuousClock.Instant,
                       load: @escaping @Sendable () async throws -> [PairwiseRepository.Decided], last: Fit?)
        -> Task<Fit, any Error> {
        // Detached: the fit (a fraction of a second of arithmetic) must not hold the actor that serves the last one.
        let fit = Task.detached {
            let answers = try await load()
            let fit = Fit(scores: ChallengeResults.pairwiseScores(ideas: ideas, answers: answers.map { ($0.winner, $0.loser) }),
                          answers: answers.count)
            await self.finished(challengeID, ideas: ideas.map(\.id), fit: fit)
            return fit
        }
        entries[challengeID] = Entry(latestAnswer: latestAnswer, ideas: ideas.map(\.id), startedAt: now, fit: fit, last: last)
        return fit
    }

    private func finished(_ challengeID: Int64, ideas: [Int64], fit: Fit) {
        guard entries[challengeID]?.ideas == ideas else { return }
        if (entries[challengeID]?.last?.answers ?? -1) <= fit.answers { entries[challengeID]?.last = fit }
    }
}
