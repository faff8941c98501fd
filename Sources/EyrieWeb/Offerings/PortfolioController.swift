import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A community's offerings by state, and its way from ideas to launched services, per challenge and in all.
struct PortfolioController {
    let deps: OfferingsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.offerings.portfolio, use: portfolio)
    }

    struct Card {
        var id: Int64
        var href: String
        var name: String
        var promise: String
        var state: String
        var stateLabel: String
        var owner: String
        var organisation: String
        var progress: Int
        var showsProgress: Bool
        var progressText: String
        var progressShown: String
        var ideas: String
        var updated: String
    }
    struct StateGroup { var state: String; var label: String; var cards: [Card]; var count: Int; var hasCards: Bool }
    struct StageCell { var label: String; var count: Int; var counted: String }
    struct ChallengeRow { var title: String; var counts: [Int] }

    struct View {
        var slug: String
        var newOffering: String
        var communityName: String
        var groups: [StateGroup]
        var hasOfferings: Bool
        var canCreate: Bool
        var funnelSVG: String
        var stages: [StageCell]
        var reading: String
        var stageLabels: [String]
        var challenges: [ChallengeRow]
        var hasChallenges: Bool
    }

    @Sendable func portfolio(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        let (community, actor) = (scope.community, scope.actor)
        let (cards, funnels) = try await deps.standby(context) {
            async let cardsRead = deps.offerings.list(communityID: community.id)
            async let funnelsRead = deps.portfolio.funnels(communityID: community.id)
            return try await (cardsRead, funnelsRead)
        }
        let groups = OfferingState.allCases.map { state in
            let inState = cards.filter { $0.offering.state == state }.map { card in
                Card(id: card.offering.id, href: Site.offerings.show(card.offering.id), name: card.offering.name, promise: card.offering.promise, state: state.rawValue,
                     stateLabel: state.said, owner: card.offering.ownerName, organisation: card.offering.organisationName,
                     progress: card.offering.progress, showsProgress: state.showsProgress,
                     progressText: say(state.progressText(card.offering.progress)),
                     progressShown: Messages.current.percent(card.offering.progress), ideas: Dates.count(card.ideaCount, "idea", "ideas"),
                     updated: card.lastUpdate.map { say("updated \("day", Dates.day($0))") } ?? say("no update yet"))
            }
            return StateGroup(state: state.rawValue, label: state.said, cards: inState, count: inState.count, hasCards: !inState.isEmpty)
        }
        let funnel = funnels.community
        let view = View(
            slug: community.slug, newOffering: Site.offerings.new(community.slug), communityName: community.name, groups: groups, hasOfferings: !cards.isEmpty,
            canCreate: OfferingRules.check(.create, actor: actor, state: .concept).isAllowed,
            funnelSVG: Charts.bars(id: "funnel", title: say("From ideas to services in \("community", community.name)"), unit: say("ideas, then offerings"),
                                   items: funnel.stages.map { Charts.Bar(label: $0.said, value: Double($0.count)) }, labelWidth: 150),
            stages: funnel.stages.map {
                StageCell(label: $0.said, count: $0.count, counted: $0.counted)
            },
            reading: funnel.said, stageLabels: funnel.stages.map(\.said),
            challenges: funnels.challenges.map { ChallengeRow(title: $0.title, counts: $0.funnel.stages.map(\.count)) },
            hasChallenges: !funnels.challenges.isEmpty)
        return try deps.renderer.page("offerings/portfolio", view, context: context, title: say("Offerings of \("community", community.name)"),
                                          community: community, crumbs: crumbs(community))
    }
}
