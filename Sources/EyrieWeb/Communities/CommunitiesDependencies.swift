import EyrieStore

/// What the home page, communities and organisations use, and nothing more.
struct CommunitiesDependencies: Sendable, ScopeLoading {
    let scopes: Scopes
    let renderer: Renderer
    let challenges: ChallengeRepository
    let communities: CommunityRepository
    let ideaLists: IdeaListRepository
    let ideas: IdeaRepository
    let offerings: OfferingRepository
    let organisations: OrganisationRepository
    let memberDirectory: MemberDirectoryRepository
    let workshops: WorkshopRepository

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        challenges = services.challenges
        communities = services.communities
        ideaLists = services.ideaLists
        ideas = services.ideas
        offerings = services.offerings
        organisations = services.organisations
        memberDirectory = services.memberDirectory
        workshops = services.workshops
    }
}
