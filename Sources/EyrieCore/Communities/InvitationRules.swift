/// Who may invite a member an import made to set their address and password. Tested as a table in EyrieCoreTests.
public enum InvitationRules {
    /// Only members without a password of their own (made by an import), never oneself; by a platform admin, or by a
    /// steward of a community the member belongs to.
    public static func mayInvite(isAdmin: Bool, isSelf: Bool, isImported: Bool, stewardsOneOfTheirCommunities: Bool) -> Bool {
        guard !isSelf, isImported else { return false }
        return isAdmin || stewardsOneOfTheirCommunities
    }
}
