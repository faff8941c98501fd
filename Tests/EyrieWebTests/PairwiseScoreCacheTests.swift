import EyrieCore
import Foundation
import EyrieStore
@testable import EyrieWeb
import Testing

/// Small surveys are refitted on every new answer; large ones keep a fit for a few seconds while answers keep coming.
struct PairwiseScoreCacheTests {
    static let ideas = [1, 2].map {
        ResultIdea(id: $0, title: "Idea \($0)", state: .submitted)
    }

    /// Fits after answers 1…n (idea 1 always wins), then asks again after one more answer; returns the answers the
    /// second fit came from.
    static func secondFit(_ cache: PairwiseScoreCache, answers n: Int) async throws -> Int {
        let first = Array(repeating: PairwiseRepository.Decided(winner: 1, loser: 2), count: n)
        _ = try await cache.scores(challengeID: 1, ideas: ideas, latestAnswer: Int64(n)) { first }
        return try await cache.scores(challengeID: 1, ideas: ideas, latestAnswer: Int64(n + 1)) { first + [PairwiseRepository.Decided(winner: 1, loser: 2)] }.answers
    }

    @Test func aSmallSurveyIsRefittedOnEveryAnswer() async throws {
        #expect(try await Self.secondFit(PairwiseScoreCache(exactBelow: 100, refitAfter: .seconds(60)), answers: 5) == 6)
    }

    @Test func aLargeSurveyKeepsARecentFit() async throws {
        #expect(try await Self.secondFit(PairwiseScoreCache(exactBelow: 5, refitAfter: .seconds(60)), answers: 5) == 5)
    }

    @Test func aLargeSurveyIsRefittedOnceTheFitIsOldWhileTheLastFitIsServed() async throws {
        // setup: a large survey whose fit is old at once
        let cache = PairwiseScoreCache(exactBelow: 5, refitAfter: .zero)
        let answers = Array(repeating: PairwiseRepository.Decided(winner: 1, loser: 2), count: 5)
        _ = try await cache.scores(challengeID: 1, ideas: Self.ideas, latestAnswer: 5) { answers }
        // act: a new answer; the refit's reading of the answers is held back until released
        let gate = AsyncStream<Void>.makeStream()
        let served = try await cache.scores(challengeID: 1, ideas: Self.ideas, latestAnswer: 6) {
            for await _ in gate.stream { break }
            return answers + [PairwiseRepository.Decided(winner: 1, loser: 2)]
        }
        gate.continuation.yield()
        // check: the page got the last fit without waiting; once the refit is done, the next view gets it
        #expect(served.answers == 5)
        var next = 5
        for _ in 0..<100 where next == 5 {
            try await Task.sleep(for: .milliseconds(10))
            next = try await cache.scores(challengeID: 1, ideas: Self.ideas, latestAnswer: 6) { answers + [PairwiseRepository.Decided(winner: 1, loser: 2)] }.answers
        }
        #expect(next == 6)
    }
}
