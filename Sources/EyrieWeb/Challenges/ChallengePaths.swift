/// Challenges: created in a community, shown with their ideas, moved through their phases.
struct ChallengePaths: Sendable {
    let new = Path1<String>("/communities/:slug/challenges/new")
    let create = Path1<String>("/communities/:slug/challenges")
    let show = Path1<Int64>("/challenges/:id")
    let phase = Path1<Int64>("/challenges/:id/phase")
}
