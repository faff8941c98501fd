import EyrieStore

/// What the pages for signing in and up, profiles and invitations use, and nothing more.
struct AccountsDependencies: Sendable, ScopeLoading {
    let scopes: Scopes
    let renderer: Renderer
    let comments: CommentRepository
    let communities: CommunityRepository
    let config: AppConfiguration
    let ideaLists: IdeaListRepository
    let ideas: IdeaRepository
    let invitations: InvitationRepository
    let inviteRights: InvitationRights
    let lineage: LineageRepository
    let members: MemberRepository
    let organisations: OrganisationRepository
    let sessions: SessionRepository
    let workshops: WorkshopRepository
    let singleSignOn: SingleSignOnRepository
    let providers: OpenIDProviders
    let secrets: SecretBox?
    let passwords: PasswordCheck

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        comments = services.comments
        communities = services.communities
        config = services.config
        ideaLists = services.ideaLists
        ideas = services.ideas
        invitations = services.invitations
        inviteRights = InvitationRights(services.db)
        lineage = services.lineage
        members = services.members
        organisations = services.organisations
        sessions = services.sessions
        workshops = services.workshops
        singleSignOn = services.singleSignOn
        providers = services.providers
        secrets = services.secrets
        passwords = PasswordCheck(members: services.members, sessions: services.sessions, config: services.config)
    }
}
