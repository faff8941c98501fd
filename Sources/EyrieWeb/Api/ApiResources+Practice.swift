import EyrieCore
import EyrieStore
import Foundation

/// The practice in the JSON API: the library's resources and the discussions, in `web/api/openapi.json`'s names.
extension ApiResources {
    struct ResourceItem: Encodable {
        var id: Int64
        var community: String
        var kind: String
        var title: String
        var tags: [String]
        var language: String
        var version: Int
        var useful: Int
        var authors: [String]
        var created_at: Date
        var updated_at: Date

        init(_ r: Resource, community: String, authors: [String]) {
            id = r.id; self.community = community; kind = r.kind.key; title = r.title; tags = r.tags; language = r.language
            version = r.version; useful = r.usefulCount; self.authors = authors; created_at = r.createdAt; updated_at = r.updatedAt
        }
    }

    struct AttachmentItem: Encodable {
        var id: Int64
        var name: String
        var type: String
        var size: Int
        /// Where the file itself is downloaded (a page of the site, not of the API).
        var url: String
    }

    struct WorkItem: Encodable {
        var kind: String
        var id: Int64
        var title: String
    }

    struct ResourceDetail: Encodable {
        var id: Int64
        var community: String
        var kind: String
        var title: String
        var tags: [String]
        var language: String
        var version: Int
        var useful: Int
        var authors: [String]
        var created_at: Date
        var updated_at: Date
        /// Markdown, as written: render it safely.
        var body: String
        var attachments: [AttachmentItem]
        var linked_to: [WorkItem]

        init(_ item: ResourceItem, body: String, attachments: [Attachment], links: [WorkLink]) {
            id = item.id; community = item.community; kind = item.kind; title = item.title; tags = item.tags
            language = item.language; version = item.version; useful = item.useful; authors = item.authors
            created_at = item.created_at; updated_at = item.updated_at; self.body = body
            self.attachments = attachments.map {
                AttachmentItem(id: $0.id, name: $0.name, type: $0.type.mediaType, size: $0.size, url: Site.library.attachment($0.id))
            }
            linked_to = links.map { WorkItem(kind: $0.work.kind.rawValue, id: $0.work.id, title: $0.title) }
        }
    }

    struct DiscussionItem: Encodable {
        var id: Int64
        var community: String
        var challenge_id: Int64?
        var kind: String
        var title: String
        var author: String?
        var replies: Int
        var answered: Bool
        var locked: Bool
        var created_at: Date
        var last_post_at: Date

        init(_ d: Discussion, community: String) {
            id = d.id; self.community = community; challenge_id = d.challengeID; kind = d.kind.rawValue; title = d.title
            author = d.authorName; replies = d.replyCount; answered = d.isAnswered; locked = d.isLocked
            created_at = d.createdAt; last_post_at = d.lastPostAt
        }
    }

    struct ReplyItem: Encodable {
        var id: Int64
        var parent_id: Int64?
        var quote_id: Int64?
        var author: String?
        var body: String
        var language: String
        var is_answer: Bool
        var created_at: Date
    }

    struct DiscussionDetail: Encodable {
        var id: Int64
        var community: String
        var challenge_id: Int64?
        var kind: String
        var title: String
        var author: String?
        var replies: Int
        var answered: Bool
        var locked: Bool
        var created_at: Date
        var last_post_at: Date
        /// Markdown, as written: render it safely.
        var body: String
        var language: String
        var posts: [ReplyItem]

        init(_ d: Discussion, community: String, replies list: [DiscussionReply]) {
            let item = DiscussionItem(d, community: community)
            id = item.id; self.community = item.community; challenge_id = item.challenge_id; kind = item.kind
            title = item.title; author = item.author; replies = item.replies; answered = item.answered; locked = item.locked
            created_at = item.created_at; last_post_at = item.last_post_at; body = d.body; language = d.language
            posts = list.map {
                ReplyItem(id: $0.id, parent_id: $0.parentID, quote_id: $0.quoteID, author: $0.authorName, body: $0.body,
                          language: $0.language, is_answer: $0.id == d.acceptedReplyID, created_at: $0.createdAt)
            }
        }
    }
}
