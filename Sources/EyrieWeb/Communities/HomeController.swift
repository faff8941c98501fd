import EyrieCore
import Foundation
import Hummingbird

/// The home page: my communities, challenges I can take part in, what happened to my ideas.
struct HomeController {
    let deps: CommunitiesDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.communities.home, use: home)
    }

    struct HomeView {
        var communities: [CommunityCard]
        var challenges: [ChallengeCard]
        var ideas: [IdeaCard]
        var hasCommunities: Bool
        var hasChallenges: Bool
        var hasIdeas: Bool
        var signedIn: Bool
        /// Signed in, in no community and with no idea yet: greeted as new, with the first steps.
        var isNewcomer: Bool
        var firstName: String
        var outcomes: [OutcomeLine]
        var hasOutcomes: Bool
        var workshops: [WorkshopCard]
        var hasWorkshops: Bool
    }

    /// Home: personal for members, an introduction with open challenges for visitors.
    @Sendable func home(_ request: Request, context: AppContext) async throws -> Response {
        let memberID = context.viewer?.member.id
        var communities: [CommunityCard] = []
        var ideas: [IdeaCard] = []
        var outcomes: [OutcomeLine] = []
        var workshops: [WorkshopCard] = []
        if let memberID {
            let zone = ViewerZone.from(request)
            workshops = try await deps.workshops.forMember(memberID, limit: 8).map {
                WorkshopCard($0.workshop, viewer: zone, registration: $0.registration)
            }
            outcomes = try await deps.ideas.outcomes(memberID: memberID, limit: 5).map {
                OutcomeLine(ideaID: $0.ideaID, title: $0.title, event: $0.event)
            }
            communities = try await deps.communities.memberships(of: memberID).map {
                CommunityCard($0.community, role: $0.role, status: $0.status)
            }
            ideas = try await deps.ideaLists.byAuthor(memberID: memberID, includePrivate: true, limit: 10).map { IdeaCard($0) }
        } else {
            communities = try await deps.communities.all().filter { $0.visibility == .open }.map { CommunityCard($0) }
        }
        let challenges = try await deps.challenges.visible(to: memberID, limit: 12)
            .filter { $0.challenge.phase() != .draft }
            .map { ChallengeCard($0.challenge, community: $0.community) }
        let view = HomeView(communities: communities, challenges: challenges, ideas: ideas,
                            hasCommunities: !communities.isEmpty, hasChallenges: !challenges.isEmpty,
                            hasIdeas: !ideas.isEmpty, signedIn: memberID != nil,
                            isNewcomer: memberID != nil && communities.isEmpty && ideas.isEmpty,
                            firstName: context.viewer.map { String($0.member.name.split(separator: " ").first ?? "") } ?? "",
                            outcomes: outcomes,
                            hasOutcomes: !outcomes.isEmpty, workshops: workshops, hasWorkshops: !workshops.isEmpty)
        return try deps.renderer.page("communities/home", view, context: context, title: "Home")
    }
}
