import EyrieStore

/// What workshop pages, the agenda, registrations, the board and its socket use, and nothing more.
struct WorkshopsDependencies: Sendable, ScopeLoading {
    let scopes: Scopes
    let renderer: Renderer
    let agenda: AgendaRepository
    let board: BoardRepository
    let challenges: ChallengeRepository
    let config: AppConfiguration
    let follows: FollowRepository
    let outputs: OutputRepository
    let registrations: RegistrationRepository
    let sessions: SessionRepository
    let workshopChoices: WorkshopChoices
    let workshops: WorkshopRepository
    let workLinks: WorkLinkRepository

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        agenda = services.agenda
        board = services.board
        challenges = services.challenges
        config = services.config
        follows = services.follows
        outputs = services.outputs
        registrations = services.registrations
        sessions = services.sessions
        workshopChoices = services.workshopChoices
        workshops = services.workshops
        workLinks = WorkLinkRepository(services.db)
    }
}
