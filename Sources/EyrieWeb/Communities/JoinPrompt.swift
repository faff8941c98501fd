import EyrieCore

/// The offer to join a community, shown where a signed-in non-member meets something only members may do (submit,
/// support, comment, a 403): one button joins and comes back to the page (`communities/join-prompt.mustache`). Only open
/// communities get here: a private community's challenges and ideas are not found by non-members.
struct JoinPrompt: Sendable {
    var name: String
    var slug: String
    /// Where the join button posts.
    var action: String
    /// Where to come back after joining.
    var next: String

    init(_ community: Community, next: String) {
        name = community.name
        slug = community.slug
        action = Site.communities.join(community.slug)
        self.next = SafePath.from(next)
    }
}

/// Thrown when the viewer must join the community first; answered with the 403 page carrying a join button.
struct JoinRequired: Error {
    var prompt: JoinPrompt
}
