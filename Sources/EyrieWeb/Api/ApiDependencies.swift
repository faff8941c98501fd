import EyrieStore

/// What the JSON API, its tokens and its reference page use, and nothing more.
struct ApiDependencies: Sendable, ScopeLoading {
    /// Reads that tolerate a little lag, from a standby when there is one.
    let standby: StandbyReads
    let scopes: Scopes
    let renderer: Renderer
    let apiTokens: ApiTokenRepository
    let challenges: ChallengeRepository
    let comments: CommentRepository
    let communities: CommunityRepository
    let config: AppConfiguration
    let dots: DotRepository
    let ideaLists: IdeaListRepository
    let ideas: IdeaRepository
    let members: MemberRepository
    let offerings: OfferingRepository
    let pairwise: PairwiseRepository
    let resultsReader: ResultsReader
    let supports: SupportRepository
    let translations: Translations
    let voting: IdeaVoting
    let workshops: WorkshopRepository
    /// The library's and the discussions' own scopes and repositories.
    let libraryPages: LibraryDependencies
    let discussionPages: DiscussionDependencies

    init(_ services: Services) {
        standby = services.standbyReads
        scopes = services.scopes
        renderer = services.renderer
        apiTokens = services.apiTokens
        challenges = services.challenges
        comments = services.comments
        communities = services.communities
        config = services.config
        dots = services.dots
        ideaLists = services.ideaLists
        ideas = services.ideas
        members = services.members
        offerings = services.offerings
        pairwise = services.pairwise
        resultsReader = ResultsReader(services)
        supports = services.supports
        translations = services.translations
        voting = IdeaVoting(services.db)
        workshops = services.workshops
        libraryPages = LibraryDependencies(services)
        discussionPages = DiscussionDependencies(services)
    }
}
