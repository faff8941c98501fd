import EyrieCore
import EyrieStore

extension MemberRepository {
    /// Co-authors must be active members of the community; names the first address that is not.
    func coAuthors(_ draft: IdeaDraft, communityID: Int64) async throws -> [Int64] {
        let found = try await communityMembers(emails: draft.coAuthorEmails, communityID: communityID)
        if let missing = draft.coAuthorEmails.first(where: { email in !found.contains { $0.email.lowercased() == email } }) {
            throw ValidationErrors([.init("coauthors", "\("address", missing) is not a member of this community")])
        }
        return draft.coAuthorEmails.compactMap { email in found.first { $0.email.lowercased() == email }?.id }
    }
}
