import EyrieStore

/// What the discussions' pages use, and nothing more.
struct DiscussionDependencies: Sendable, ScopeLoading {
    let scopes: Scopes
    let renderer: Renderer
    let discussions: DiscussionRepository
    let challenges: ChallengeRepository
    let follows: FollowRepository

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        discussions = DiscussionRepository(services.db)
        challenges = services.challenges
        follows = services.follows
    }
}
