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
    let library: LibraryRepository
    let discussions: DiscussionRepository
    let organisations: OrganisationRepository
    let memberDirectory: MemberDirectoryRepository
    let organisationCountCache: TimedCache<Int64, [MemberDirectoryRepository.OrganisationCount]>
    let communityLanguages: TimedCache<String, String?>
    let workshops: WorkshopRepository
    let singleSignOn: SingleSignOnRepository

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        challenges = services.challenges
        communities = services.communities
        ideaLists = services.ideaLists
        ideas = services.ideas
        offerings = services.offerings
        library = LibraryRepository(services.db)
        discussions = DiscussionRepository(services.db)
        organisations = services.organisations
        memberDirectory = services.memberDirectory
        organisationCountCache = services.organisationCounts
        communityLanguages = services.communityLanguages
        workshops = services.workshops
        singleSignOn = services.singleSignOn
    }
}

extension CommunitiesDependencies {
    /// The organisations of a community's active members with their counts, recounted at most every 30 s (and at
    /// once after a join or an approval made here).
    func organisationCounts(communityID: Int64) async throws -> [MemberDirectoryRepository.OrganisationCount] {
        try await organisationCountCache.value(for: communityID) {
            try await memberDirectory.organisations(communityID: communityID)
        }
    }
}
