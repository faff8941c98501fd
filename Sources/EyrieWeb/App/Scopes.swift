import EyrieCore
import EyrieStore
import Hummingbird

/// Loads a community, challenge, idea, workshop or offering with the viewer's standing, and decides "visible, else
/// 404" and "allowed, else 403 with the reason": the repositories the scopes read, and nothing else. Each feature's
/// loaders are in its folder (`Ideas/IdeaScope.swift` …).
struct Scopes: Sendable {
    let communities: CommunityRepository
    let challenges: ChallengeRepository
    let ideas: IdeaRepository
    let votingSettings: VotingSettingsRepository
    let workshops: WorkshopRepository
    let offerings: OfferingRepository

    init(_ db: Database) {
        communities = .init(db)
        challenges = .init(db)
        ideas = .init(db)
        votingSettings = .init(db)
        workshops = .init(db)
        offerings = .init(db)
    }

    /// The viewer as permission rules see them in one community, with their membership if any.
    func actor(_ context: AppContext, communityID: Int64, isAuthor: Bool = false) async throws -> (Actor, Membership?) {
        guard let viewer = context.viewer else { return (.anonymous, nil) }
        let membership = try await communities.membership(communityID: communityID, memberID: viewer.member.id)
        let role = membership?.status == .active ? membership?.role : nil
        return (actor(context, role: role, isAuthor: isAuthor), membership)
    }

    /// The viewer as an actor with `role` (their role as an active member, if any).
    func actor(_ context: AppContext, role: CommunityRole?, isAuthor: Bool = false) -> Actor {
        guard let viewer = context.viewer else { return .anonymous }
        return Actor(isAdmin: viewer.member.isAdmin, role: role, isAuthor: isAuthor)
    }

    /// Turns a refused decision into the response people expect: sign in, 403, or 422 with the reason. Given the
    /// community, a refusal for not being a member answers with the offer to join and come back.
    func enforce(_ decision: Decision, _ request: Request, community: Community? = nil) throws {
        if decision.asksToJoin, let community { throw JoinRequired(prompt: JoinPrompt(community, next: returnPath(request))) }
        switch decision {
        case .allowed: return
        case .signInRequired: throw SignInRequired(next: returnPath(request))
        case .forbidden(let reason): throw HTTPError(.forbidden, message: say(reason))
        case .notNow(let reason): throw HTTPError(.unprocessableContent, message: say(reason))
        }
    }
}

/// A resource loaded with its community and the viewer as an actor there: community rules are asked the same way
/// whatever the resource (`scope.check(.steer)`).
protocol InCommunity {
    var community: Community { get }
    var actor: Actor { get }
}

extension InCommunity {
    func check(_ action: CommunityAction) -> Decision {
        CommunityRules.check(action, actor: actor, visibility: community.visibility)
    }
}

/// A controller's dependencies that load scopes: `deps.ideaScope(request, context:)` reads as before.
protocol ScopeLoading {
    var scopes: Scopes { get }
}

extension ScopeLoading {
    func actor(_ context: AppContext, communityID: Int64, isAuthor: Bool = false) async throws -> (Actor, Membership?) {
        try await scopes.actor(context, communityID: communityID, isAuthor: isAuthor)
    }

    func actor(_ context: AppContext, role: CommunityRole?, isAuthor: Bool = false) -> Actor {
        scopes.actor(context, role: role, isAuthor: isAuthor)
    }

    func enforce(_ decision: Decision, _ request: Request, community: Community? = nil) throws {
        try scopes.enforce(decision, request, community: community)
    }

    func enforce(_ decision: Decision, _ request: Request, scope: WorkshopScope) throws {
        try scopes.enforce(decision, request, community: scope.community)
    }

    func enforce(_ decision: Decision, _ request: Request, scope: OfferingScope) throws {
        try scopes.enforce(decision, request, community: scope.community)
    }

    func communityScope(_ request: Request, context: AppContext) async throws -> CommunityScope {
        try await scopes.communityScope(request, context: context)
    }

    func challengeScope(_ request: Request, context: AppContext) async throws -> ChallengeScope {
        try await scopes.challengeScope(request, context: context)
    }

    func stewardedChallenge(_ request: Request, context: AppContext) async throws -> ChallengeScope {
        try await scopes.stewardedChallenge(request, context: context)
    }

    func ideaScope(_ request: Request, context: AppContext, id: Int64? = nil) async throws -> IdeaScope {
        try await scopes.ideaScope(request, context: context, id: id)
    }

    func workshopScope(_ request: Request, context: AppContext) async throws -> WorkshopScope {
        try await scopes.workshopScope(request, context: context)
    }

    func offeringScope(_ request: Request, context: AppContext) async throws -> OfferingScope {
        try await scopes.offeringScope(request, context: context)
    }

    func editableOfferingScope(_ request: Request, context: AppContext) async throws -> OfferingScope {
        try await scopes.editableOfferingScope(request, context: context)
    }

    func survey(_ request: Request, context: AppContext) async throws -> (Challenge, Community, VotingSettings, Actor) {
        try await scopes.survey(request, context: context)
    }

    func workshopDrafts(_ actor: Actor, context: AppContext) -> WorkshopRepository.Drafts {
        scopes.workshopDrafts(actor, context: context)
    }
}
