import EyrieCore
import EyrieStore
import Foundation

/// The view model of `communities/show`: the domain, members by organisation, challenges, workshops and offerings;
/// for stewards, the requests to join and the roles. Built from `Reads` without further I/O. Outside a private
/// community only its name and domain show, and nothing is read.
struct CommunityPage {
    struct OfferingLine {
        var id: Int64
        var href: String
        var name: String
        var promise: String
        var state: String
        var stateLabel: String
        var progress: Int
    }

    struct OrganisationGroup {
        var name: String
        var members: [MemberLine]
    }

    struct MemberLine {
        var id: Int64
        var href: String
        /// Where a steward approves the request, changes the role or the sponsor flag.
        var approveAction: String
        var roleAction: String
        var sponsorAction: String
        var name: String
        var organisation: String
        var role: String
        var roleLabel: String
        var roles: [Option]
        var isSponsor: Bool
    }

    struct Reads {
        var members: [Membership]
        var challenges: [Challenge]
        var workshops: [Workshop]
        var offerings: [OfferingRepository.Card]
    }

    var community: CommunityCard
    var links: CommunityLinks
    var domain: String
    var canSee: Bool
    var canJoin: Bool
    var isPending: Bool
    var isMember: Bool
    var isSteward: Bool
    var roleLabel: String?
    var groups: [OrganisationGroup]
    var organisationCount: Int
    var pending: [MemberLine]
    var challenges: [ChallengeCard]
    var hasChallenges: Bool
    var workshops: [WorkshopCard]
    var hasWorkshops: Bool
    var canScheduleWorkshop: Bool
    var offerings: [OfferingLine]
    var hasOfferings: Bool
    var canMakeOffering: Bool
    var inviteLink: String?

    static func load(_ scope: CommunityScope, deps: CommunitiesDependencies, context: AppContext) async throws -> Reads {
        let id = scope.community.id
        async let members = deps.communities.members(communityID: id)
        async let challenges = deps.challenges.list(communityID: id)
        async let workshops = deps.workshops.list(communityID: id, drafts: deps.workshopDrafts(scope.actor, context: context),
                                                  limit: 20)
        async let offerings = deps.offerings.list(communityID: id)
        return try await Reads(members: members, challenges: challenges, workshops: workshops,
                               offerings: Array(offerings.prefix(6)))
    }

    /// `reads` is nil when the viewer may not see inside the community.
    init(_ scope: CommunityScope, membership: Membership?, signedIn: Bool, reads: Reads?, zone: TimeZone?) {
        let (community, actor) = (scope.community, scope.actor)
        let isSteward = scope.check(.steer).isAllowed
        let lines = (reads?.members ?? []).map { Self.line($0, slug: community.slug) }
        let seated = zip(reads?.members ?? [], lines).filter { $0.0.status != .pending }.map(\.1)
        self.community = CommunityCard(community)
        links = CommunityLinks(slug: community.slug)
        domain = community.domain
        canSee = reads != nil
        canJoin = signedIn && membership == nil
        isPending = membership?.status == .pending
        isMember = membership?.status == .active
        self.isSteward = isSteward
        roleLabel = membership?.status == .active ? membership?.role.label : nil
        groups = seated.grouped(by: \.organisation).map { OrganisationGroup(name: $0.key, members: $0.items) }
        organisationCount = groups.count
        pending = isSteward ? zip(reads?.members ?? [], lines).filter { $0.0.status == .pending }.map(\.1) : []
        challenges = (reads?.challenges ?? []).filter { ChallengeRules.lists($0.phase(), for: actor) }.map { ChallengeCard($0) }
        hasChallenges = !challenges.isEmpty
        workshops = (reads?.workshops ?? []).map { WorkshopCard($0, viewer: zone) }
        hasWorkshops = !workshops.isEmpty
        canScheduleWorkshop = WorkshopRules.check(.create, actor: actor, state: .draft).isAllowed
        offerings = (reads?.offerings ?? []).map {
            OfferingLine(id: $0.offering.id, href: Site.offerings.show($0.offering.id), name: $0.offering.name,
                         promise: $0.offering.promise, state: $0.offering.state.rawValue,
                         stateLabel: $0.offering.state.label, progress: $0.offering.progress)
        }
        hasOfferings = !offerings.isEmpty
        canMakeOffering = OfferingRules.check(.create, actor: actor, state: .concept).isAllowed
        inviteLink = isSteward && community.visibility == .private
            ? Site.communities.join(community.slug, query: [("code", community.inviteCode)]) : nil
    }

    private static func line(_ member: Membership, slug: String) -> MemberLine {
        MemberLine(id: member.memberID, href: Site.accounts.member(member.memberID),
                   approveAction: Site.communities.approveMember(slug, member.memberID),
                   roleAction: Site.communities.memberRole(slug, member.memberID),
                   sponsorAction: Site.communities.memberSponsor(slug, member.memberID),
                   name: member.memberName, organisation: member.organisationName, role: member.role.rawValue,
                   roleLabel: member.role.label,
                   roles: CommunityRole.allCases.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == member.role) },
                   isSponsor: member.isSponsor)
    }
}
