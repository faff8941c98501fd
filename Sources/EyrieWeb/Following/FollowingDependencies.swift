import EyrieStore

/// What following, notifications and mail settings use, and nothing more.
struct FollowingDependencies: Sendable, ScopeLoading {
    let scopes: Scopes
    let renderer: Renderer
    let config: AppConfiguration
    let db: Database
    let follows: FollowRepository
    let mail: MailSettings
    let notifications: NotificationRepository
    /// Where a discussion's or a resource's visibility is decided, for following them.
    let discussionPages: DiscussionDependencies
    let libraryPages: LibraryDependencies

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        config = services.config
        db = services.db
        follows = services.follows
        mail = services.mail
        notifications = services.notifications
        discussionPages = DiscussionDependencies(services)
        libraryPages = LibraryDependencies(services)
    }
}
