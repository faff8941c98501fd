import EyrieCore
import EyrieStore

/// What the library's pages use, and nothing more.
struct LibraryDependencies: Sendable, ScopeLoading {
    let scopes: Scopes
    let renderer: Renderer
    let library: LibraryRepository
    let attachments: AttachmentRepository
    let attachmentLimits: AttachmentLimits
    let workLinks: WorkLinkRepository
    let follows: FollowRepository

    init(_ services: Services) {
        scopes = services.scopes
        renderer = services.renderer
        library = LibraryRepository(services.db)
        attachments = AttachmentRepository(services.db)
        attachmentLimits = services.config.attachmentLimits
        workLinks = WorkLinkRepository(services.db)
        follows = services.follows
    }
}
