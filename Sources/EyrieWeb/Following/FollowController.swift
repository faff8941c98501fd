import EyrieCore
import EyrieStore
import Hummingbird

/// Following and unfollowing challenges, ideas, workshops, offerings, discussions and library resources: anyone
/// signed in who may see the thing.
struct FollowController {
    let deps: FollowingDependencies

    func register(on router: some RouterMethods<AppContext>) {
        for kind in FollowKind.allCases {
            router.post(kind.follow) { request, context in try await change(kind, true, request, context) }
            router.post(kind.unfollow) { request, context in try await change(kind, false, request, context) }
        }
    }

    func change(_ kind: FollowKind, _ follow: Bool, _ request: Request, _ context: AppContext) async throws -> Response {
        let (target, communityID) = try await resolve(kind, request, context)
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        if follow {
            try await deps.follows.follow(target, memberID: viewer.member.id, communityID: communityID)
        } else {
            try await deps.follows.unfollow(target, memberID: viewer.member.id)
        }
        return redirect(to: kind.page(target.id), flash: follow
            ? "You follow this \("thing", kind.noun): its changes come to your notifications and your digest."
            : "You no longer follow this \("thing", kind.noun).")
    }

    /// The thing in the URL, once the viewer may see it (404 otherwise, sign-in first for anonymous visitors).
    func resolve(_ kind: FollowKind, _ request: Request, _ context: AppContext) async throws -> (FollowTarget, Int64) {
        switch kind {
        case .challenge:
            let scope = try await deps.challengeScope(request, context: context)
            return (.challenge(scope.challenge.id), scope.community.id)
        case .idea:
            let scope = try await deps.ideaScope(request, context: context)
            return (.idea(scope.idea.id), scope.community.id)
        case .workshop:
            let scope = try await deps.workshopScope(request, context: context)
            return (.workshop(scope.workshop.id), scope.community.id)
        case .offering:
            let scope = try await deps.offeringScope(request, context: context)
            return (.offering(scope.offering.id), scope.community.id)
        case .discussion:
            let scope = try await deps.discussionPages.discussionScope(request, context: context)
            return (.discussion(scope.discussion.id), scope.community.id)
        case .resource:
            let scope = try await deps.libraryPages.resourceScope(request, context: context)
            return (.resource(scope.resource.id), scope.community.id)
        }
    }
}

/// The kinds of thing a member follows, with their addresses.
enum FollowKind: CaseIterable {
    case challenge, idea, workshop, offering, discussion, resource

    init(_ target: FollowTarget) {
        switch target {
        case .challenge: self = .challenge
        case .idea: self = .idea
        case .workshop: self = .workshop
        case .offering: self = .offering
        case .discussion: self = .discussion
        case .resource: self = .resource
        }
    }

    var noun: Phrase {
        switch self {
        case .challenge: "challenge"
        case .idea: "idea"
        case .workshop: "workshop"
        case .offering: "offering"
        case .discussion: "discussion"
        case .resource: "resource"
        }
    }

    var follow: Path1<Int64> {
        switch self {
        case .challenge: Site.following.followChallenge
        case .idea: Site.following.followIdea
        case .workshop: Site.following.followWorkshop
        case .offering: Site.following.followOffering
        case .discussion: Site.following.followDiscussion
        case .resource: Site.following.followResource
        }
    }

    var unfollow: Path1<Int64> {
        switch self {
        case .challenge: Site.following.unfollowChallenge
        case .idea: Site.following.unfollowIdea
        case .workshop: Site.following.unfollowWorkshop
        case .offering: Site.following.unfollowOffering
        case .discussion: Site.following.unfollowDiscussion
        case .resource: Site.following.unfollowResource
        }
    }

    func page(_ id: Int64) -> String {
        switch self {
        case .challenge: Site.challenges.show(id)
        case .idea: Site.ideas.show(id)
        case .workshop: Site.workshops.show(id)
        case .offering: Site.offerings.show(id)
        case .discussion: Site.discussions.show(id)
        case .resource: Site.library.show(id)
        }
    }
}

extension FollowRepository {
    /// The follow button for a page, for a signed-in viewer (nil for anonymous visitors).
    func button(_ target: FollowTarget, context: AppContext) async throws -> FollowButton? {
        guard let viewer = context.viewer else { return nil }
        let standing = try await standing(target, memberID: viewer.member.id)
        let kind = FollowKind(target)
        return FollowButton(action: standing.following ? kind.unfollow(target.id) : kind.follow(target.id),
                            following: standing.following, noun: say(kind.noun), followers: standing.followers,
                            followersText: say(.plural("{count} following", "{count} following", count: standing.followers)))
    }
}
