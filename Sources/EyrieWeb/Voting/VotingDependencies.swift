import EyrieStore

/// What voting settings, the pairwise survey, reviews and results use, and nothing more.
struct VotingDependencies: Sendable, ScopeLoading {
    /// Reads that tolerate a little lag, from a standby when there is one.
    let standby: StandbyReads
    let scopes: Scopes
    let renderer: Renderer
    let ideas: IdeaRepository
    let members: MemberRepository
    let pairwise: PairwiseRepository
    let portfolio: PortfolioRepository
    let results: ResultsRepository
    let resultsReader: ResultsReader
    let reviews: ReviewRepository
    let voting: IdeaVoting
    let votingSettings: VotingSettingsRepository

    init(_ services: Services) {
        standby = services.standbyReads
        scopes = services.scopes
        renderer = services.renderer
        ideas = services.ideas
        members = services.members
        pairwise = services.pairwise
        portfolio = services.portfolio
        results = services.results
        resultsReader = ResultsReader(services)
        reviews = services.reviews
        voting = IdeaVoting(services.db)
        votingSettings = services.votingSettings
    }
}
