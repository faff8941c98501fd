import EyrieCore
import EyrieStore
import Foundation

extension Fixture {
    /// A question in the open community, asked by `by` (member 0 by default), with one reply by member 1.
    public func question(_ db: Database, title: String, by: Int64? = nil) async throws -> (discussion: Int64, reply: Int64) {
        let repository = DiscussionRepository(db)
        let id = try await repository.create(DiscussionDraft(kind: .question, title: title, body: "How do you do this?", language: "en"),
                                             communityID: community.id, actorID: by ?? memberIDs[0])
        let reply = try await repository.reply(discussionID: id, ReplyDraft(body: "Like this.", language: "en"), actorID: memberIDs[1])
        return (id, reply)
    }

    /// A discussion in the private community, opened by its steward.
    public func privateDiscussion(_ db: Database) async throws -> Int64 {
        try await DiscussionRepository(db).create(DiscussionDraft(kind: .topic, title: "Lab talk only", body: "Private.", language: "en"),
                                                  communityID: privateCommunity.id, actorID: stewardID)
    }
}
