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

    /// A resource's list fields, then its text, files and links, in one object.
    struct ResourceDetail: Encodable {
        var item: ResourceItem
        /// Markdown, as written: render it safely.
        var body: String
        var attachments: [AttachmentItem]
        var linked_to: [WorkItem]

        init(_ item: ResourceItem, body: String, attachments: [Attachment], links: [WorkLink]) {
            self.item = item
            self.body = body
            self.attachments = attachments.map {
                AttachmentItem(id: $0.id, name: $0.name, type: $0.type.mediaType, size: $0.size, url: Site.library.attachment($0.id))
            }
            linked_to = links.map { WorkItem(kind: $0.work.kind.rawValue, id: $0.work.id, title: $0.title) }
        }

        enum CodingKeys: String, CodingKey { case body, attachments, linked_to }

        func encode(to encoder: any Encoder) throws {
            try item.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(body, forKey: .body)
            try container.encode(attachments, forKey: .attachments)
            try container.encode(linked_to, forKey: .linked_to)
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

    /// A discussion's list fields, then its text and its replies, in one object.
    struct DiscussionDetail: Encodable {
        var item: DiscussionItem
        /// Markdown, as written: render it safely.
        var body: String
        var language: String
        var posts: [ReplyItem]

        init(_ d: Discussion, community: String, replies list: [DiscussionReply]) {
            item = DiscussionItem(d, community: community)
            body = d.body
            language = d.language
            posts = list.map {
                ReplyItem(id: $0.id, parent_id: $0.parentID, quote_id: $0.quoteID, author: $0.authorName, body: $0.body,
                          language: $0.language, is_answer: $0.id == d.acceptedReplyID, created_at: $0.createdAt)
            }
        }

        enum CodingKeys: String, CodingKey { case body, language, posts }

        func encode(to encoder: any Encoder) throws {
            try item.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(body, forKey: .body)
            try container.encode(language, forKey: .language)
            try container.encode(posts, forKey: .posts)
        }
    }
}
