import EyrieCore
import EyrieStore

/// Who may invite a member an import made: `InvitationRules` on what the store knows of both.
struct InvitationRights: Sendable {
    let members: MemberRepository
    let communities: CommunityRepository

    init(_ db: Database) {
        members = .init(db)
        communities = .init(db)
    }

    func mayInvite(viewer: Viewer, memberID: Int64) async throws -> Bool {
        let isSelf = viewer.member.id == memberID
        guard !isSelf, try await members.isImported(id: memberID) else { return false }
        let theirs = Set(try await communities.memberships(of: memberID).map(\.community.id))
        let stewards = try await communities.memberships(of: viewer.member.id)
            .contains { $0.role == .steward && $0.status == .active && theirs.contains($0.community.id) }
        return InvitationRules.mayInvite(isAdmin: viewer.member.isAdmin, isSelf: isSelf, isImported: true,
                                         stewardsOneOfTheirCommunities: stewards)
    }
}
