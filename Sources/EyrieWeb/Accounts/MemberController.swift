import EyrieCore
import EyrieStore
import Hummingbird

/// A member's profile: their ideas and what became of them, their comments, their communities.
struct MemberController {
    let deps: AccountsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.accounts.member, use: show)
    }

    struct ProfileView {
        var name: String
        var organisation: String
        var joined: String
        var isSelf: Bool
        var ideas: FragmentList<IdeaCardOf>
        var comments: [CommentLine]
        var communities: [CommunityCard]
        var hasIdeas: Bool
        var hasComments: Bool
        var hasCommunities: Bool
        var outcomes: [OutcomeLine]
        var hasOutcomes: Bool
        var fates: [FateLine]
        var hasFates: Bool
        var workshops: [WorkshopCard]
        var hasWorkshops: Bool
        /// Set when an import made this member and the viewer may invite them to choose a password.
        var inviteAction: String?
    }

    /// One of the member's ideas and the offering it fed: its state and latest update.
    struct FateLine {
        var ideaID: Int64
        var ideaHref: String
        var offeringHref: String
        var ideaTitle: String
        var offeringID: Int64
        var offeringName: String
        var state: String
        var stateLabel: String
        var progress: Int
        var update: String?
        var updated: String?

        init(_ fate: LineageRepository.Fate) {
            ideaID = fate.ideaID; ideaHref = Site.ideas.show(fate.ideaID); offeringHref = Site.offerings.show(fate.offeringID)
            ideaTitle = fate.ideaTitle; offeringID = fate.offeringID; offeringName = fate.offeringName
            state = fate.offeringState.rawValue; stateLabel = fate.offeringState.said; progress = fate.progress
            update = fate.lastUpdate.map { $0.count > 160 ? String($0.prefix(159)) + "…" : $0 }
            updated = fate.lastUpdateAt.map(Dates.day)
        }
    }

    struct CommentLine {
        var ideaID: Int64
        var ideaHref: String
        var ideaTitle: String
        var excerpt: String
        var when: String
    }

    /// Signed-in members see profiles; drafts show only to the member themselves, and activity inside private
    /// communities only to viewers who belong to them.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let id = try context.parameters.id()
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        guard let member = try await deps.members.find(id: id) else { throw HTTPError(.notFound) }
        let isSelf = viewer.member.id == id
        let visible = try await visibleCommunityIDs(viewer: viewer)
        let scope: [Int64]? = CommunityRules.seesAllActivity(isSelf: isSelf, actor: deps.actor(context, role: nil)) ? nil : Array(visible)
        let communities = try await deps.communities.memberships(of: id)
            .filter { $0.status == .active && (scope == nil || visible.contains($0.community.id)) }
        let ideas = try await deps.ideaLists.byAuthor(memberID: id, includePrivate: isSelf, communityIDs: scope)
        let comments = try await deps.comments.byAuthor(memberID: id, communityIDs: scope)
        let outcomes = isSelf ? try await deps.ideas.outcomes(memberID: id).map {
            OutcomeLine(ideaID: $0.ideaID, title: $0.title, event: $0.event)
        } : []
        let fates = isSelf ? try await deps.lineage.fates(memberID: id).map(FateLine.init) : []
        let zone = ViewerZone.from(request)
        let workshops = isSelf ? try await deps.workshops.forMember(id, limit: 20).map {
            WorkshopCard($0.workshop, viewer: zone, registration: $0.registration)
        } : []
        let view = ProfileView(
            name: member.name, organisation: member.organisationName, joined: Dates.day(member.createdAt),
            isSelf: isSelf, ideas: FragmentList(ideas.map { IdeaCardOf(idea: $0) }),
            comments: comments.map {
                CommentLine(ideaID: $0.comment.ideaID, ideaHref: Site.ideas.show($0.comment.ideaID), ideaTitle: $0.ideaTitle,
                            excerpt: String($0.comment.body.prefix(160)), when: Dates.day($0.comment.createdAt))
            },
            communities: communities.map { CommunityCard($0.community, role: $0.role, status: $0.status) },
            hasIdeas: !ideas.isEmpty, hasComments: !comments.isEmpty, hasCommunities: !communities.isEmpty,
            outcomes: outcomes, hasOutcomes: !outcomes.isEmpty || !fates.isEmpty, fates: fates, hasFates: !fates.isEmpty,
            workshops: workshops, hasWorkshops: !workshops.isEmpty,
            inviteAction: try await deps.inviteRights.mayInvite(viewer: viewer, memberID: id)
                ? Site.accounts.invite(id) : nil)
        return try deps.renderer.page("accounts/member", view, context: context, title: member.name)
    }

    private func visibleCommunityIDs(viewer: Viewer) async throws -> Set<Int64> {
        let open = try await deps.communities.all().filter { $0.visibility == .open }.map(\.id)
        let mine = try await deps.communities.memberships(of: viewer.member.id).filter { $0.status == .active }.map(\.community.id)
        return Set(open).union(mine)
    }
}
