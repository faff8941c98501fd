import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import PostgresNIO
import Testing

/// Ideas carry their language; search stems each in its own, so a French idea is found by a French word's other form.
struct ContentLanguageTests {
    @Test func aFrenchIdeaIsFoundByAStemmedFrenchWordAndAnEnglishOneByItsEnglishStem() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            let ideas = IdeaRepository(db)
            let french = try await ideas.create(
                IdeaDraft(title: "Les bénévoles accueillent les nouveaux habitants",
                          summary: "Un parrainage pour chaque famille arrivée dans le quartier.", body: "", tags: [],
                          language: "fr"),
                challenge: f.challenge, authorID: f.memberIDs[0], coAuthorIDs: [], state: .submitted, submissionKey: "fr")
            let english = try await ideas.create(
                IdeaDraft(title: "Volunteers welcome new residents", summary: "A buddy for every family moving in.",
                          body: "", tags: [], language: "en"),
                challenge: f.challenge, authorID: f.memberIDs[1], coAuthorIDs: [], state: .submitted, submissionKey: "en")
            let list = IdeaListRepository(db)
            func found(_ words: String) async throws -> [Int64] {
                try await list.page(challengeID: f.challenge.id, query: IdeaQuery(search: words)).ideas.map(\.id).sorted()
            }
            // "habitant" and "famil(le)" reach the French idea through the French stemmer only
            #expect(try await found("habitant") == [french])
            #expect(try await found("familles") == [french])
            // "welcoming" and "resident" reach the English one through the English stemmer
            #expect(try await found("welcoming") == [english])
            #expect(try await found("resident") == [english])
            #expect(try await ideas.find(id: french)?.language == "fr")
        }
    }

    @Test func withoutAChoiceTheWritersLanguageIsTaken() async throws {
        try await TestDatabase.withDatabase { db in
            let f = try await Fixture.make(db)
            try await MemberRepository(db).setLanguage(memberID: f.memberIDs[0], language: "ar")
            try await MemberRepository(db).setLanguage(memberID: f.memberIDs[1], language: "en-XA")
            let ideas = IdeaRepository(db)
            let arabic = try await ideas.create(IdeaDraft(title: "مكتب واحد للطلبات", summary: "قائمة واحدة لكل الطلبات الجديدة", body: "", tags: []),
                                                challenge: f.challenge, authorID: f.memberIDs[0], coAuthorIDs: [],
                                                state: .submitted, submissionKey: "ar")
            let pseudo = try await ideas.create(IdeaDraft(title: "One shared inbox", summary: "One queue for requests.", body: "", tags: []),
                                                challenge: f.challenge, authorID: f.memberIDs[1], coAuthorIDs: [],
                                                state: .submitted, submissionKey: "xa")
            #expect(try await ideas.find(id: arabic)?.language == "ar")
            #expect(try await ideas.find(id: pseudo)?.language == "en")  // en-XA is no language content is written in
            // Arabic is searched word for word
            let page = try await IdeaListRepository(db).page(challengeID: f.challenge.id, query: IdeaQuery(search: "الطلبات"))
            #expect(page.ideas.map(\.id) == [arabic])
            // a comment takes its writer's language too
            let comment = try await CommentRepository(db).add(ideaID: arabic, communityID: f.community.id,
                                                              authorID: f.memberIDs[0], draft: CommentDraft(body: "فكرة جيدة"))
            let rows = try await db.client.query("SELECT language FROM comments WHERE id = \(comment)", logger: db.logger)
            for try await language in rows.decode(String.self) { #expect(language == "ar") }
            #expect(try await CommentRepository(db).list(ideaID: arabic).first?.language == "ar")
        }
    }
}
