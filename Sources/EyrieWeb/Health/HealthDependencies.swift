import EyrieStore

/// What the health dashboard uses, and nothing more.
struct HealthDependencies: Sendable, ScopeLoading {
    /// Reads that tolerate a little lag, from a standby when there is one.
    let standby: StandbyReads
    let scopes: Scopes
    let renderer: Renderer
    let challenges: ChallengeRepository
    let config: AppConfiguration
    let db: Database
    let health: HealthRepository
    let healthSnapshots: HealthSnapshot
    let nudges: NudgeRepository
    let workshops: WorkshopRepository

    init(_ services: Services) {
        standby = services.standbyReads
        scopes = services.scopes
        renderer = services.renderer
        challenges = services.challenges
        config = services.config
        db = services.db
        health = services.health
        healthSnapshots = services.healthSnapshots
        nudges = services.nudges
        workshops = services.workshops
    }
}
