import EyrieStore

/// What the session middleware uses, and nothing more.
struct MiddlewareDependencies: Sendable {
    let renderer: Renderer
    let config: AppConfiguration
    let sessions: SessionRepository
    let translations: Translations
    /// For a visitor with no language of their own: the community's.
    let communities: CommunityRepository
    let communityLanguages: TimedCache<String, String?>

    init(_ services: Services) {
        communities = services.communities
        communityLanguages = services.communityLanguages
        translations = services.translations
        renderer = services.renderer
        config = services.config
        sessions = services.sessions
    }
}
