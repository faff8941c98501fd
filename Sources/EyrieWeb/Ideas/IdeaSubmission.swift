import EyrieCore
import EyrieStore

extension Services {
    /// Whether the viewer may submit an idea to the challenge now: the idea rules, as its author-to-be.
    func submitDecision(_ challenge: Challenge, _ actor: Actor) -> Decision {
        var author = actor
        author.isAuthor = true
        return IdeaRules.check(.submit, actor: author, state: .draft, phase: challenge.phase(),
                               lateSubmissions: challenge.schedule.lateSubmissions)
    }

    /// Co-authors must be active members of the community; names the first address that is not.
    func resolveCoAuthors(_ draft: IdeaDraft, communityID: Int64) async throws -> [Int64] {
        let found = try await members.communityMembers(emails: draft.coAuthorEmails, communityID: communityID)
        if let missing = draft.coAuthorEmails.first(where: { email in !found.contains { $0.email.lowercased() == email } }) {
            throw ValidationErrors([.init("coauthors", "\(missing) is not a member of this community")])
        }
        return draft.coAuthorEmails.compactMap { email in found.first { $0.email.lowercased() == email }?.id }
    }
}
