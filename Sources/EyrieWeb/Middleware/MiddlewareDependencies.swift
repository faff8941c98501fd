import EyrieStore

/// What the session middleware uses, and nothing more.
struct MiddlewareDependencies: Sendable {
    let renderer: Renderer
    let config: AppConfiguration
    let sessions: SessionRepository
    let translations: Translations

    init(_ services: Services) {
        translations = services.translations
        renderer = services.renderer
        config = services.config
        sessions = services.sessions
    }
}
