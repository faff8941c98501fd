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
        var progressText: String
    }

    struct ResourceLine { var href: String; var title: String; var kind: String; var language: String }
    struct QuestionLine { var href: String; var title: String; var language: String; var replies: String }

    struct OrganisationLine {
        var name: String
        var count: Int
    }

    struct Reads {
        var organisations: [MemberDirectoryRepository.OrganisationCount]
        var pendingCount: Int
        var challenges: [Challenge]
        var workshops: [Workshop]
        var offerings: [OfferingRepository.Card]
        var featured: [Resource]
        var unanswered: [Discussion]
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
    /// The organisations with most members (the page names the rest only by number; the member list has everyone).
    var organisationLines: [OrganisationLine]
    var organisationCount: Int
    var moreOrganisations: Int?
    var hasPending: Bool
    var pendingText: String
    var challenges: [ChallengeCard]
    var hasChallenges: Bool
    var workshops: [WorkshopCard]
    var hasWorkshops: Bool
    var canScheduleWorkshop: Bool
    var offerings: [OfferingLine]
    var hasOfferings: Bool
    var canMakeOffering: Bool
    /// The library's featured resources, and the questions waiting for an answer.
    var featured: [ResourceLine]
    var hasFeatured: Bool
    var unanswered: [QuestionLine]
    var hasUnanswered: Bool
    var inviteLink: String?

    static func load(_ scope: CommunityScope, deps: CommunitiesDependencies, context: AppContext) async throws -> Reads {
        let id = scope.community.id
        async let organisations = deps.organisationCounts(communityID: id)
        async let pending = scope.check(.manageMembers).isAllowed ? deps.memberDirectory.pendingCount(communityID: id) : 0
        async let challenges = deps.challenges.list(communityID: id)
        async let workshops = deps.workshops.list(communityID: id, drafts: deps.workshopDrafts(scope.actor, context: context),
                                                  limit: 20)
        async let offerings = deps.offerings.list(communityID: id)
        async let featured = deps.library.featured(communityID: id, limit: 5)
        async let unanswered = deps.discussions.list(communityID: id, filter: .unanswered, limit: 3)
        return try await Reads(organisations: organisations, pendingCount: pending, challenges: challenges, workshops: workshops,
                               offerings: Array(offerings.prefix(6)), featured: featured, unanswered: unanswered)
    }

    /// `reads` is nil when the viewer may not see inside the community.
    init(_ scope: CommunityScope, membership: Membership?, signedIn: Bool, reads: Reads?, zone: TimeZone?) {
        let (community, actor) = (scope.community, scope.actor)
        let isSteward = scope.check(.steer).isAllowed
        self.community = CommunityCard(community)
        links = CommunityLinks(slug: community.slug)
        domain = community.domain
        canSee = reads != nil
        canJoin = signedIn && membership == nil
        isPending = membership?.status == .pending
        isMember = membership?.status == .active
        self.isSteward = isSteward
        roleLabel = membership?.status == .active ? membership?.role.said : nil
        let organisations = reads?.organisations ?? []
        organisationLines = organisations.prefix(Self.organisationsShown).map { OrganisationLine(name: $0.name, count: $0.members) }
        organisationCount = organisations.count
        moreOrganisations = organisations.count > Self.organisationsShown ? organisations.count - Self.organisationsShown : nil
        hasPending = (reads?.pendingCount ?? 0) > 0
        pendingText = Dates.count(reads?.pendingCount ?? 0, "request to join", "requests to join")
        challenges = (reads?.challenges ?? []).filter { ChallengeRules.lists($0.phase(), for: actor) }.map { ChallengeCard($0) }
        hasChallenges = !challenges.isEmpty
        workshops = (reads?.workshops ?? []).map { WorkshopCard($0, viewer: zone) }
        hasWorkshops = !workshops.isEmpty
        canScheduleWorkshop = WorkshopRules.check(.create, actor: actor, state: .draft).isAllowed
        offerings = (reads?.offerings ?? []).map {
            OfferingLine(id: $0.offering.id, href: Site.offerings.show($0.offering.id), name: $0.offering.name,
                         promise: $0.offering.promise, state: $0.offering.state.rawValue,
                         stateLabel: $0.offering.state.said,
                         progressText: say($0.offering.state.progressText($0.offering.progress)))
        }
        hasOfferings = !offerings.isEmpty
        canMakeOffering = OfferingRules.check(.create, actor: actor, state: .concept).isAllowed
        featured = (reads?.featured ?? []).map {
            ResourceLine(href: Site.library.show($0.id), title: $0.title, kind: $0.kind.said, language: $0.language)
        }
        hasFeatured = !featured.isEmpty
        unanswered = (reads?.unanswered ?? []).map {
            QuestionLine(href: Site.discussions.show($0.id), title: $0.title, language: $0.language,
                         replies: Dates.count($0.replyCount, "reply", "replies"))
        }
        hasUnanswered = !unanswered.isEmpty
        inviteLink = isSteward && community.visibility == .private
            ? Site.communities.join(community.slug, query: [("code", community.inviteCode)]) : nil
    }

    static let organisationsShown = 12
}
