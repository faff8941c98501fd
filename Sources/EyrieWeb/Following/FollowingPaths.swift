/// Following challenges, ideas, workshops, offerings, discussions and resources; mail settings and one-click unsubscribe.
struct FollowingPaths: Sendable {
    let followChallenge = Path1<Int64>("/challenges/:id/follow")
    let unfollowChallenge = Path1<Int64>("/challenges/:id/unfollow")
    let followIdea = Path1<Int64>("/ideas/:id/follow")
    let unfollowIdea = Path1<Int64>("/ideas/:id/unfollow")
    let followWorkshop = Path1<Int64>("/workshops/:id/follow")
    let unfollowWorkshop = Path1<Int64>("/workshops/:id/unfollow")
    let followOffering = Path1<Int64>("/offerings/:id/follow")
    let unfollowOffering = Path1<Int64>("/offerings/:id/unfollow")
    let followDiscussion = Path1<Int64>("/discussions/:id/follow")
    let unfollowDiscussion = Path1<Int64>("/discussions/:id/unfollow")
    let followResource = Path1<Int64>("/resources/:id/follow")
    let unfollowResource = Path1<Int64>("/resources/:id/unfollow")
    let mail = Path("/account/mail")
    /// A signed one-click link from an e-mail.
    let unsubscribe = Path1<String>("/unsubscribe/:token")
}
