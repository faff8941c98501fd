import EyrieStore

/// What offerings, their canvas, blueprint and progress and the portfolio use, and nothing more.
struct OfferingsDependencies: Sendable, ScopeLoading {
    /// Reads that tolerate a little lag, from a standby when there is one.
    let standby: StandbyReads
    let scopes: Scopes
    let renderer: Renderer
    let blueprints: BlueprintRepository
    let canvases: CanvasRepository
    let follows: FollowRepository
    let kpis: KpiRepository
    let lineage: LineageRepository
    let offeringChoices: OfferingChoices
    let offerings: OfferingRepository
    let organisations: OrganisationRepository
    let portfolio: PortfolioRepository
    let progress: ProgressRepository
    let workLinks: WorkLinkRepository

    init(_ services: Services) {
        standby = services.standbyReads
        scopes = services.scopes
        renderer = services.renderer
        blueprints = services.blueprints
        canvases = services.canvases
        follows = services.follows
        kpis = services.kpis
        lineage = services.lineage
        offeringChoices = services.offeringChoices
        offerings = services.offerings
        organisations = services.organisations
        portfolio = services.portfolio
        progress = services.progress
        workLinks = WorkLinkRepository(services.db)
    }
}
