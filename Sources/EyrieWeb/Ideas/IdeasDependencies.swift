import EyrieStore

/// What idea pages and their buttons use, and nothing more.
struct IdeasDependencies: Sendable, ScopeLoading {
    let scopes: Scopes
    let renderer: Renderer
    let comments: CommentRepository
    let dots: DotRepository
    let follows: FollowRepository
    let ideaLists: IdeaListRepository
    let ideas: IdeaRepository
    let members: MemberRepository
    let offerings: OfferingRepository
    let outputs: OutputRepository
    let supports: SupportRepository
    let voting: IdeaVoting
    let votingSettings: VotingSettingsRepository
    let discussions: DiscussionRepository
    let workLinks: WorkLinkRepository

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        comments = services.comments
        dots = services.dots
        follows = services.follows
        ideaLists = services.ideaLists
        ideas = services.ideas
        members = services.members
        offerings = services.offerings
        outputs = services.outputs
        supports = services.supports
        voting = IdeaVoting(services.db)
        votingSettings = services.votingSettings
        discussions = DiscussionRepository(services.db)
        workLinks = WorkLinkRepository(services.db)
    }
}
