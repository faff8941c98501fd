/// Discussions: a community's questions and topics, their replies and their moderation.
struct DiscussionPaths: Sendable {
    let index = Path1<String>("/communities/:slug/discussions")
    let new = Path1<String>("/communities/:slug/discussions/new")
    let show = Path1<Int64>("/discussions/:id")
    let replies = Path1<Int64>("/discussions/:id/replies")
    let accept = Path1<Int64>("/discussions/:id/accept")
    let lock = Path1<Int64>("/discussions/:id/lock")
    let hide = Path1<Int64>("/discussions/:id/hide")
    let restore = Path1<Int64>("/discussions/:id/restore")
    let hideReply = Path1<Int64>("/replies/:id/hide")
    let restoreReply = Path1<Int64>("/replies/:id/restore")
    let keep = Path1<Int64>("/discussions/:id/resource")
}
