@testable import EyrieCore
import Testing

/// Discussions' rules: the forms, who marks an answer, who may reply, and finding `@Their Name` in a text.
struct DiscussionTests {
    @Test func aDiscussionFormIsCheckedFieldByField() throws {
        let good = ["kind": "question", "title": "How do you welcome new members?", "body": "Ideas welcome.", "challenge": "7"]
        let draft = try DiscussionDraft.validate(good, challenges: [7, 8])
        #expect(draft.kind == .question && draft.challengeID == 7)
        #expect(try DiscussionDraft.validate(good.merging(["challenge": ""]) { $1 }, challenges: []).challengeID == nil)
        for (field, value, message) in [
            ("kind", "poll", "Choose whether you ask a question or open a topic"),
            ("title", "Why", "Title must be at least 5 characters"),
            ("challenge", "9", "Choose one of this community's challenges, or none"),
            ("challenge", "x", "Choose one of this community's challenges, or none"),
            ("language", "de", "Choose the language it is written in"),
        ] {
            #expect(throws: ValidationErrors([FieldError(field, Phrase(message))]), "\(field)") {
                try DiscussionDraft.validate(good.merging([field: value]) { $1 }, challenges: [7, 8])
            }
        }
        #expect(try ReplyDraft.validate(["body": "Yes", "parent": "3", "quote": "4"]) == ReplyDraft(body: "Yes", parentID: 3, quoteID: 4))
        #expect(throws: ValidationErrors.self) { try ReplyDraft.validate(["body": "  "]) }
    }

    @Test func theAskerOrAStewardMarksTheAnswer() {
        let member = Actor(role: .member), steward = Actor(role: .steward), facilitator = Actor(role: .facilitator)
        #expect(DiscussionRules.mayAccept(actor: member, isAsker: true, kind: .question).isAllowed)
        #expect(DiscussionRules.mayAccept(actor: steward, isAsker: false, kind: .question).isAllowed)
        #expect(!DiscussionRules.mayAccept(actor: facilitator, isAsker: false, kind: .question).isAllowed)
        #expect(!DiscussionRules.mayAccept(actor: member, isAsker: true, kind: .topic).isAllowed)
        #expect(DiscussionRules.mayAccept(actor: .anonymous, isAsker: false, kind: .question) == .signInRequired)
    }

    @Test func membersReplyWhileTheDiscussionIsOpen() {
        let member = Actor(role: .member)
        #expect(DiscussionRules.mayReply(actor: member, isLocked: false, isHidden: false).isAllowed)
        #expect(DiscussionRules.mayReply(actor: member, isLocked: true, isHidden: false) == .notNow("This discussion is locked: it takes no more replies."))
        #expect(!DiscussionRules.mayReply(actor: member, isLocked: false, isHidden: true).isAllowed)
        #expect(DiscussionRules.mayReply(actor: Actor(), isLocked: false, isHidden: false) == .joinCommunity)
        #expect(DiscussionRules.mayReply(actor: .anonymous, isLocked: false, isHidden: false) == .signInRequired)
    }

    @Test func mentionsAreMembersNamedAfterAnAt() {
        let members: [(id: Int64, name: String)] = [(1, "Ana"), (2, "Ana Lopez"), (3, "Bo Chen"), (4, "Émile Roy")]
        #expect(Mentions.find(in: "Thanks @Ana Lopez and @bo chen!", among: members) == [2, 3], "the longest name wins, case aside")
        #expect(Mentions.find(in: "@Ana, and @Ana again", among: members) == [1])
        #expect(Mentions.find(in: "@Anabel is not Ana", among: members) == [], "a name ends at a word's end")
        #expect(Mentions.find(in: "cc @Émile Roy.", among: members) == [4])
        #expect(Mentions.find(in: "mail me at ana@example.org", among: members) == [])
    }
}
