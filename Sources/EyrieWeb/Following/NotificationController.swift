import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A member's notifications: the list, newest first, unread ones marked; opening one marks it read.
struct NotificationController {
    let deps: FollowingDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.accounts.notifications, use: list)
        router.post(Site.accounts.readAllNotifications, use: readAll)
        router.post(Site.accounts.readNotification, use: read)
    }

    struct Line { var id: Int64; var readAction: String; var body: String; var link: String; var when: String; var unread: Bool }
    struct View { var items: [Line]; var hasItems: Bool; var unread: Int; var hasUnread: Bool }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        async let itemsRead = deps.notifications.list(memberID: viewer.member.id)
        async let unreadRead = deps.notifications.unreadCount(memberID: viewer.member.id)
        let (items, unread) = try await (itemsRead, unreadRead)
        let view = View(items: items.map { Line(id: $0.id, readAction: Site.accounts.readNotification($0.id), body: say($0.body), link: $0.link, when: Dates.time($0.at), unread: !$0.read) },
                        hasItems: !items.isEmpty, unread: unread, hasUnread: unread > 0)
        return try deps.renderer.page("following/notifications", view, context: context, title: "Notifications")
    }

    /// Marks one read and opens what it is about (only the member's own; another's is a 404).
    @Sendable func read(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        let id = try context.parameters.id()
        guard let link = try await deps.notifications.markRead(id: id, memberID: viewer.member.id) else {
            throw HTTPError(.notFound)
        }
        return redirect(to: SafePath.from(link))
    }

    @Sendable func readAll(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        try await deps.notifications.markAllRead(memberID: viewer.member.id)
        return redirect(to: Site.accounts.notifications(), flash: "All notifications marked as read.")
    }
}
