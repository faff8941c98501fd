import EyrieStore

/// What challenge pages use, and nothing more.
struct ChallengesDependencies: Sendable, ScopeLoading {
    let scopes: Scopes
    let renderer: Renderer
    let challenges: ChallengeRepository
    let communities: CommunityRepository
    let follows: FollowRepository
    let ideaLists: IdeaListRepository
    let organisations: OrganisationRepository
    let votingSettings: VotingSettingsRepository
    let workshops: WorkshopRepository

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        challenges = services.challenges
        communities = services.communities
        follows = services.follows
        ideaLists = services.ideaLists
        organisations = services.organisations
        votingSettings = services.votingSettings
        workshops = services.workshops
    }
}
