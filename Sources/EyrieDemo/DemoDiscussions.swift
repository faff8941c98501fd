import EyrieCore
import EyrieStore
import Foundation

/// The guild's discussions: an answered question with a reply under a reply and a quote (turned into an idea of the
/// onboarding challenge, its asker and answerer co-authors, and kept in the library), a question still waiting for
/// an answer, and a topic in the onboarding challenge.
extension DemoData {
    func loadDiscussions(communityID: Int64, challengeID: Int64?, people: [Int64]) async throws {
        let discussions = DiscussionRepository(db)
        let asked = try await discussions.create(DiscussionDraft(
            kind: .question, title: "How do you reach customers who never pick up the phone?",
            body: "Our welcome calls miss about a third of new customers. What works for you: a text first, a letter, a later slot?",
            language: "en"), communityID: communityID, actorID: people[2])
        let text = try await discussions.reply(discussionID: asked, ReplyDraft(
            body: "We send a **text the day before** with a choice of two slots. Missed calls dropped from 30% to 12%.", language: "en"),
            actorID: people[4])
        let letter = try await discussions.reply(discussionID: asked, ReplyDraft(
            body: "A letter works for older customers, but it takes a week.", language: "en"), actorID: people[5])
        _ = try await discussions.reply(discussionID: asked, ReplyDraft(
            body: "Did you ask for consent to text first? We had to add it to the order form.", parentID: text, quoteID: text,
            language: "en"), actorID: people[6])
        _ = letter
        try await discussions.accept(discussionID: asked, replyID: text, actorID: people[2])
        if let challengeID, let challenge = try await ChallengeRepository(db).find(id: challengeID) {
            let fields = DiscussionKeeping.ideaFields(
                title: "Text new customers the day before their welcome call",
                question: "Our welcome calls miss about a third of new customers.",
                answer: "A text the day before with a choice of two slots cut missed calls from 30% to 12% in one region.")
            let idea = try await IdeaRepository(db).create(
                IdeaDraft(title: fields["title"]!, summary: fields["summary"]!, body: fields["body"]!, tags: ["onboarding", "calls"]),
                challenge: challenge, authorID: people[2], coAuthorIDs: [people[4]], state: .submitted,
                submissionKey: "demo-discussion-\(asked)")
            try await discussions.linkIdea(discussionID: asked, ideaID: idea)
        }
        _ = try await discussions.keepAsResource(discussionID: asked, kind: .lesson, actorID: people[2])
        _ = try await discussions.create(DiscussionDraft(
            kind: .question, title: "Which KPI tells us a hand-off went well?",
            body: "Days to the first working service, or calls to sort a problem? @Sam Steward, what does the sponsor look at?",
            language: "en"), communityID: communityID, actorID: people[3])
        _ = try await discussions.create(DiscussionDraft(
            kind: .topic, title: "Accueil des nouveaux clients : ce qui marche chez vous",
            body: "Partagez vos pratiques d’accueil avant l’atelier de co-conception.", challengeID: challengeID, language: "fr"),
            communityID: communityID, actorID: people[5])
    }
}
