/// A challenge's voting settings, the pairwise survey, reviewers' scorecards and the results.
struct VotingPaths: Sendable {
    let settings = Path1<Int64>("/challenges/:id/settings")
    let pairwise = Path1<Int64>("/challenges/:id/pairwise")
    let pairwiseIdeas = Path1<Int64>("/challenges/:id/pairwise/ideas")
    let approve = Path1<Int64>("/ideas/:id/approve")
    let results = Path1<Int64>("/challenges/:id/results")
    let resultsCSV = Path1<Int64>("/challenges/:id/results.csv")
    let publish = Path1<Int64>("/challenges/:id/results/publish")
    let reviews = Path1<Int64>("/challenges/:id/reviews")
    let reviewers = Path1<Int64>("/challenges/:id/reviewers")
    let removeReviewer = Path2<Int64, Int64>("/challenges/:id/reviewers/:member/remove")
    let scorecard = Path1<Int64>("/ideas/:id/scorecard")
}
