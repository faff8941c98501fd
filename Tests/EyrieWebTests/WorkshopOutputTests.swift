import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// A closed workshop's outputs over HTTP: a cluster becomes an idea credited to its notes' authors (once, however
/// often the button is pressed), a note becomes a comment, and the summary downloads as Markdown.
struct WorkshopOutputTests {
    /// A workshop where members 0 and 1 each wrote a note, the facilitator grouped both in "Talk to people", voted,
    /// recorded a decision, and closed it.
    static func closedWorkshop(_ world: World) async throws -> (workshop: Int64, cluster: Int64, loose: Int64) {
        let f = world.fixture
        let idea = try await f.idea(world.db, by: f.memberIDs[2], title: "Callback service")
        let workshops = WorkshopRepository(world.db)
        let id = try await workshops.create(
            WorkshopDraft(title: "Contact *design* day", purpose: "Decide how customers reach a person.",
                          challengeID: f.challenge.id, startsAt: Date() - 7200, endsAt: Date() - 3600,
                          timeZone: "Europe/Paris", place: "Room 1", callLink: "", capacity: 5, ideaIDs: [idea],
                          facilitatorIDs: [f.facilitatorID]),
            communityID: f.community.id, createdBy: f.facilitatorID)
        try await workshops.move(id: id, .schedule, actorID: f.facilitatorID, reason: "")
        for member in f.memberIDs.prefix(2) { try await RegistrationRepository(world.db).register(workshopID: id, memberID: member) }
        try await workshops.move(id: id, .start, actorID: f.facilitatorID, reason: "")
        let agenda = AgendaRepository(world.db)
        for kind in [ActivityKind.brainstorm, .dotVote, .decision] {
            try await agenda.add(ActivityDraft(kind: kind, title: kind.label, prompt: "", minutes: 10), workshopID: id,
                                 actorID: f.facilitatorID)
        }
        let board = BoardRepository(world.db)
        try await agenda.advance(workshopID: id, actorID: f.facilitatorID)
        let a = try #require(try await board.apply(.addNote(body: "Call back within the hour", clusterID: nil, lane: nil),
                                                   workshopID: id, actorID: f.memberIDs[0]).note?.id)
        let b = try #require(try await board.apply(.addNote(body: "A named contact person", clusterID: nil, lane: nil),
                                                   workshopID: id, actorID: f.memberIDs[1]).note?.id)
        let loose = try #require(try await board.apply(.addNote(body: "Chat on the website", clusterID: nil, lane: nil),
                                                       workshopID: id, actorID: f.memberIDs[1]).note?.id)
        let cluster = try #require(try await board.apply(.createCluster(name: "Talk to people"), workshopID: id,
                                                         actorID: f.facilitatorID).cluster?.id)
        for note in [a, b] {
            _ = try await board.apply(.moveNote(id: note, clusterID: cluster, lane: nil, seen: 1), workshopID: id,
                                      actorID: f.facilitatorID)
        }
        try await agenda.advance(workshopID: id, actorID: f.facilitatorID)
        _ = try await board.apply(.placeDot(target: "cluster-\(cluster)"), workshopID: id, actorID: f.memberIDs[0])
        try await agenda.advance(workshopID: id, actorID: f.facilitatorID)
        _ = try await board.apply(.recordDecision(body: "Pilot call-backs in one team"), workshopID: id,
                                  actorID: f.facilitatorID)
        try await workshops.move(id: id, .close, actorID: f.facilitatorID, reason: "")
        return (id, cluster, loose)
    }

    @Test func aClusterBecomesAnIdeaByItsNotesAuthorsAndTheWorkshopListsIt() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let (workshop, cluster, loose) = try await Self.closedWorkshop(world)
            let facilitator = try await world.browser(f.facilitatorID)
            let form = ["source": "cluster-\(cluster)", "title": "Talk to a person when you need one",
                        "summary": "Call-backs within the hour from a named contact person."]
            // A member cannot; the facilitator can, and a second press gives the same idea.
            let member = try await world.browser(f.memberIDs[0])
            #expect(try await member.post(http, "/workshops/\(workshop)/outputs/idea", form).status == .forbidden)
            let first = try await facilitator.post(http, "/workshops/\(workshop)/outputs/idea", form)
            #expect(first.status == .seeOther)
            let again = try await facilitator.post(http, "/workshops/\(workshop)/outputs/idea", form)
            #expect(again.location == first.location)
            let ideaID = try #require(Int64(first.location.replacingOccurrences(of: "/ideas/", with: "")))
            let idea = try #require(try await IdeaRepository(world.db).find(id: ideaID))
            #expect(idea.challengeID == f.challenge.id && idea.state == .submitted)
            #expect(Set(idea.authors.map(\.id)) == Set(f.memberIDs.prefix(2)))
            #expect(idea.body.contains("Call back within the hour") && idea.body.contains("A named contact person"))
            // Linked both ways.
            let ideaPage = try await member.get(http, "/ideas/\(ideaID)").text
            #expect(ideaPage.contains("Came from the workshop Contact *design* day"))
            let workshopPage = try await member.get(http, "/workshops/\(workshop)").text
            #expect(workshopPage.contains("New idea: Talk to a person when you need one"))
            #expect(workshopPage.contains("Pilot call-backs in one team"))
            // A note becomes a comment on an idea the workshop worked on.
            let target = try #require(try await WorkshopRepository(world.db).ideas(workshopID: workshop).first?.id)
            let commented = try await facilitator.post(http, "/workshops/\(workshop)/outputs/comment",
                                                       ["source": "note-\(loose)", "idea": String(target)])
            #expect(commented.status == .seeOther)
            let comments = try await CommentRepository(world.db).list(ideaID: target)
            #expect(comments.contains { $0.body.contains("Chat on the website") && $0.authorID == f.facilitatorID })
            // An idea outside the workshop, or a source that is not on the board: 422.
            #expect(try await facilitator.post(http, "/workshops/\(workshop)/outputs/comment",
                                               ["source": "note-\(loose)", "idea": String(ideaID + 1000)]).status
                    == .unprocessableContent)
            #expect(try await facilitator.post(http, "/workshops/\(workshop)/outputs/idea",
                                               form.merging(["source": "note-999999"]) { $1 }).status == .unprocessableContent)
            // The summary, in Markdown, with participants' text shown literally.
            let summary = try await member.get(http, "/workshops/\(workshop)/summary.md")
            #expect(summary.headers[.contentType]?.hasPrefix("text/markdown") == true)
            let text = summary.text
            #expect(text.hasPrefix("# Contact \\*design\\* day"))
            #expect(text.contains("### Talk to people — 1 dot"))
            #expect(text.contains("- Pilot call\\-backs in one team"))
            #expect(text.contains("New idea #\(ideaID)"))
        }
    }

    @Test func outputsWaitUntilTheWorkshopIsClosed() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let running = try await f.workshop(world.db, state: .running)
            let facilitator = try await world.browser(f.facilitatorID)
            let response = try await facilitator.post(http, "/workshops/\(running)/outputs/idea",
                                                      ["source": "note-1", "title": "Something", "summary": "Something more"])
            #expect(response.status == .unprocessableContent)
        }
    }
}
