import EyrieCore
import EyrieStore

extension Services {
    /// Whether the viewer may invite the member: `InvitationRules` on what the store knows of both.
    func mayInvite(viewer: Viewer, memberID: Int64) async throws -> Bool {
        let isSelf = viewer.member.id == memberID
        guard !isSelf, try await members.isImported(id: memberID) else { return false }
        let theirs = Set(try await communities.memberships(of: memberID).map { $0.0.id })
        let stewards = try await communities.memberships(of: viewer.member.id)
            .contains { $0.1 == .steward && $0.2 == .active && theirs.contains($0.0.id) }
        return InvitationRules.mayInvite(isAdmin: viewer.member.isAdmin, isSelf: isSelf, isImported: true,
                                         stewardsOneOfTheirCommunities: stewards)
    }
}
