import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The practice in the JSON API: a community's library and discussions, read through the same scopes as their pages
/// (a private community's are not there for anyone outside it; a hidden discussion only for its asker and moderators;
/// hidden replies only for moderators).
extension ApiController {
    func registerPractice(on api: some RouterMethods<AppContext>) {
        api.get(Site.api.resources, use: resources)
        api.get(Site.api.resource, use: resource)
        api.get(Site.api.discussions, use: discussions)
        api.get(Site.api.discussion, use: discussion)
    }

    /// `?q=` words, `kind=`, `tag=`, `sort=newest|useful|updated`: as on the library page.
    @Sendable func resources(_ request: Request, context: AppContext) async throws -> Response {
        let community = try await deps.communityScope(request, context: context).community
        let cards = try await deps.standby(context) {
            try await deps.libraryPages.library.list(communityID: community.id, query: LibraryController.query(request))
        }
        return try ApiJSON.ok(ApiResources.List(items: cards.map {
            ApiResources.ResourceItem($0.resource, community: community.slug, authors: $0.authorNames)
        }))
    }

    @Sendable func resource(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.libraryPages.resourceScope(request, context: context)
        let r = scope.resource
        async let attachments = deps.libraryPages.attachments.list(resourceID: r.id)
        async let links = deps.libraryPages.workLinks.links(resourceID: r.id)
        let item = ApiResources.ResourceItem(r, community: scope.community.slug, authors: scope.visit.authors.map(\.name))
        return try await ApiJSON.ok(ApiResources.ResourceDetail(item, body: r.body, attachments: attachments, links: links))
    }

    /// `?filter=all|questions|unanswered`, `q=` words: as on the discussions page.
    @Sendable func discussions(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        let params = request.uri.queryParameters
        let filter = params.get("filter").flatMap { DiscussionFilter(rawValue: String($0)) } ?? .all
        let typed: String = params.get("q").map { String($0) } ?? ""
        let words = String(typed.trimmingWhitespace().prefix(200))
        let list = try await deps.standby(context) {
            try await deps.discussionPages.discussions.list(communityID: scope.community.id, filter: filter, words: words,
                                                            includeHidden: scope.check(.moderate).isAllowed)
        }
        return try ApiJSON.ok(ApiResources.List(items: list.map { ApiResources.DiscussionItem($0, community: scope.community.slug) }))
    }

    @Sendable func discussion(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.discussionPages.discussionScope(request, context: context)
        let replies = try await deps.discussionPages.discussions.replies(discussionID: scope.discussion.id)
            .filter { $0.hiddenReason == nil || scope.canModerate }
        return try ApiJSON.ok(ApiResources.DiscussionDetail(scope.discussion, community: scope.community.slug, replies: replies))
    }
}
