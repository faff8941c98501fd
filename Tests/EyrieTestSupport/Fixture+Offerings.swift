import EyrieCore
import EyrieStore
import Foundation

extension Fixture {
    /// A selected idea of the fixture's challenge by `authorID`.
    public func selectedIdea(_ db: Database, by authorID: Int64, title: String = "Callback within the hour") async throws -> Int64 {
        try await idea(db, by: authorID, title: title, state: .selected)
    }

    /// An offering of the open community made by the steward from a new selected idea by member 0, who owns it.
    public func offering(_ db: Database, name: String = "Onboarding desk") async throws -> Int64 {
        let idea = try await selectedIdea(db, by: memberIDs[0], title: "Idea for \(name)")
        return try await OfferingRepository(db).create(
            OfferingDraft(details: OfferingDetails(name: name, promise: "Working in two days, with one person to call.",
                                                   segment: "New small-business customers", ownerID: memberIDs[0],
                                                   organisationID: organisationIDs[0], partnerIDs: []),
                          ideaIDs: [idea], workshopIDs: []),
            communityID: community.id, actorID: stewardID)
    }

    /// An offering of the private community (a challenge there, a selected idea by the steward, who owns it).
    public func privateOffering(_ db: Database) async throws -> Int64 {
        let now = Date()
        let challenges = ChallengeRepository(db)
        let id = try await challenges.create(
            ChallengeDraft(title: "Secret experiments", problem: "Private problems need private answers too.",
                           question: "How might we test in private?", sponsorID: organisationIDs[0],
                           schedule: ChallengeSchedule(opensAt: now - 86400, votingAt: now + 86400, reviewAt: now + 2 * 86400,
                                                       closesAt: now + 3 * 86400)),
            communityID: privateCommunity.id, createdBy: stewardID)
        guard let challenge = try await challenges.find(id: id) else { throw StoreError.notFound }
        let idea = try await IdeaRepository(db).create(
            IdeaDraft(title: "A private idea", summary: "Only the lab knows about it.", body: "", tags: []),
            challenge: challenge, authorID: stewardID, coAuthorIDs: [], state: .selected, submissionKey: UUID().uuidString)
        return try await OfferingRepository(db).create(
            OfferingDraft(details: OfferingDetails(name: "Lab-only service", promise: "Only members of the lab may see it.",
                                                   segment: "The lab", ownerID: stewardID, organisationID: organisationIDs[0],
                                                   partnerIDs: []),
                          ideaIDs: [idea], workshopIDs: []),
            communityID: privateCommunity.id, actorID: stewardID)
    }
}
