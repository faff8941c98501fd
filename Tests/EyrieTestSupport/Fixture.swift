import EyrieCore
import EyrieStore
import Foundation

/// A small world for tests: two organisations, an open community with a steward, a facilitator and members,
/// a private community, and a challenge open for ideas. Ids are returned so tests can refer to them.
public struct Fixture: Sendable {
    public var organisationIDs: [Int64]
    public var adminID: Int64
    public var stewardID: Int64
    public var facilitatorID: Int64
    public var memberIDs: [Int64]
    public var outsiderID: Int64
    public var community: Community
    public var privateCommunity: Community
    public var challenge: Challenge

    /// Matches no password: fixture members act through sessions the tests create directly.
    public static let passwordHash = "!"

    public static func make(_ db: Database, members: Int = 3, phase: ChallengePhase? = nil) async throws -> Fixture {
        let orgs = OrganisationRepository(db)
        let organisationIDs = [try await orgs.ensure(name: "Alpha Org"), try await orgs.ensure(name: "Beta Org")]
        let repo = MemberRepository(db)
        func person(_ name: String, admin: Bool = false, org: Int = 0) async throws -> Int64 {
            try await repo.create(name: name, email: Slug.make(name) + "@test.example", passwordHash: passwordHash,
                                  organisationID: organisationIDs[org], isAdmin: admin)
        }
        let adminID = try await person("Admin Person", admin: true)
        let stewardID = try await person("Steward Person")
        let facilitatorID = try await person("Facilitator Person", org: 1)
        var memberIDs: [Int64] = []
        for i in 0..<members { memberIDs.append(try await person("Member \(i)", org: i % 2)) }
        let outsiderID = try await person("Outsider Person", org: 1)
        let communities = CommunityRepository(db)
        let community = try await communities.create(
            CommunityDraft(name: "Open Guild", slug: "open-guild", domain: "Everything about doing things better.",
                           visibility: .open), stewardID: stewardID)
        let privateCommunity = try await communities.create(
            CommunityDraft(name: "Closed Lab", slug: "closed-lab", domain: "Private experiments and their results.",
                           visibility: .private), stewardID: stewardID)
        try await communities.join(communityID: community.id, memberID: facilitatorID, status: .active, role: .facilitator)
        for id in memberIDs { try await communities.join(communityID: community.id, memberID: id, status: .active) }
        let now = Date()
        let draft = ChallengeDraft(
            title: "Better onboarding", problem: "Customers wait too long for their first working service.",
            question: "How might we onboard in two days?", sponsorID: organisationIDs[1],
            schedule: ChallengeSchedule(opensAt: now - 86400, votingAt: now + 10 * 86400, reviewAt: now + 20 * 86400,
                                        closesAt: now + 30 * 86400))
        let challenges = ChallengeRepository(db)
        let challengeID = try await challenges.create(draft, communityID: community.id, createdBy: stewardID)
        if let phase {
            try await challenges.setPhase(challengeID: challengeID, communityID: community.id, phase: phase, from: .open,
                                          actorID: stewardID, reason: "test")
        }
        let challenge = try await challenges.find(id: challengeID)!
        return Fixture(organisationIDs: organisationIDs, adminID: adminID, stewardID: stewardID,
                       facilitatorID: facilitatorID, memberIDs: memberIDs, outsiderID: outsiderID, community: community,
                       privateCommunity: privateCommunity, challenge: challenge)
    }

    /// Supports counted against this fixture's challenge, with no budget or threshold.
    public var supportRules: SupportRepository.Rules { .init(challengeID: challenge.id, communityID: community.id) }

    /// Submits an idea by `authorID` and returns its id.
    public func idea(_ db: Database, by authorID: Int64, title: String = "Shared inbox for onboarding",
                     tags: [String] = [], state: IdeaState = .submitted) async throws -> Int64 {
        try await IdeaRepository(db).create(
            IdeaDraft(title: title, summary: "A summary that is long enough.", body: "Body text.", tags: tags),
            challenge: challenge, authorID: authorID, coAuthorIDs: [], state: state,
            submissionKey: UUID().uuidString)
    }

    /// Schedules a workshop for the challenge, facilitated by the fixture's facilitator, in `state` (moved there
    /// through the real moves), starting `startsIn` seconds from now.
    public func workshop(_ db: Database, title: String = "Onboarding co-design", capacity: Int = 10,
                         state: WorkshopState = .scheduled, startsIn: TimeInterval = 7 * 86400) async throws -> Int64 {
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + startsIn).rounded(.down))
        let draft = WorkshopDraft(title: title, purpose: "Design the first day of a new customer.", challengeID: challenge.id,
                                  startsAt: start, endsAt: start + 7200, timeZone: "Europe/Paris", place: "Room 4, Lyon",
                                  callLink: "https://call.example/room4", capacity: capacity, ideaIDs: [],
                                  facilitatorIDs: [facilitatorID])
        let repo = WorkshopRepository(db)
        let id = try await repo.create(draft, communityID: community.id, createdBy: facilitatorID)
        let path: [WorkshopMove] = switch state {
        case .draft: []
        case .scheduled: [.schedule]
        case .running: [.schedule, .start]
        case .closed: [.schedule, .start, .close]
        case .cancelled: [.cancel]
        }
        for move in path { try await repo.move(id: id, move, actorID: facilitatorID, reason: move == .cancel ? "Test" : "") }
        return id
    }
}
