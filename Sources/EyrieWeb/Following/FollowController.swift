import EyrieCore
import EyrieStore
import Hummingbird

/// Following and unfollowing challenges, ideas, workshops and offerings: anyone signed in who may see the thing.
struct FollowController {
    let services: Services

    func register(on router: Router<AppContext>) {
        for kind in ["challenges", "ideas", "workshops", "offerings"] {
            router.post("/\(kind)/:id/follow") { request, context in try await change(kind, true, request, context) }
            router.post("/\(kind)/:id/unfollow") { request, context in try await change(kind, false, request, context) }
        }
    }

    func change(_ kind: String, _ follow: Bool, _ request: Request, _ context: AppContext) async throws -> Response {
        let (target, communityID, noun) = try await resolve(kind, request, context)
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        if follow {
            try await services.follows.follow(target, memberID: viewer.member.id, communityID: communityID)
        } else {
            try await services.follows.unfollow(target, memberID: viewer.member.id)
        }
        return redirect(to: "/\(kind)/\(target.id)", flash: follow
            ? "You follow this \(noun): its changes come to your notifications and your digest."
            : "You no longer follow this \(noun).")
    }

    /// The thing in the URL, once the viewer may see it (404 otherwise, sign-in first for anonymous visitors).
    func resolve(_ kind: String, _ request: Request, _ context: AppContext) async throws -> (FollowTarget, Int64, String) {
        switch kind {
        case "challenges":
            let (challenge, community, _) = try await ChallengeController(services: services).visibleChallenge(request, context: context)
            return (.challenge(challenge.id), community.id, "challenge")
        case "ideas":
            let scope = try await services.ideaScope(request, context: context)
            return (.idea(scope.idea.id), scope.community.id, "idea")
        case "workshops":
            let scope = try await services.workshopScope(request, context: context)
            return (.workshop(scope.workshop.id), scope.community.id, "workshop")
        default:
            let scope = try await services.offeringScope(request, context: context)
            return (.offering(scope.offering.id), scope.community.id, "offering")
        }
    }
}

extension Services {
    /// The follow button for a page, for a signed-in viewer (nil for anonymous visitors).
    func followButton(_ target: FollowTarget, context: AppContext) async throws -> FollowButton? {
        guard let viewer = context.viewer else { return nil }
        let standing = try await follows.standing(target, memberID: viewer.member.id)
        let (path, noun) = switch target {
        case .challenge(let id): ("/challenges/\(id)", "challenge")
        case .idea(let id): ("/ideas/\(id)", "idea")
        case .workshop(let id): ("/workshops/\(id)", "workshop")
        case .offering(let id): ("/offerings/\(id)", "offering")
        }
        return FollowButton(path: path, following: standing.following, noun: noun, followers: standing.followers)
    }
}
