import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Workshop pages over HTTP: the form's errors beside the fields, times in the reader's zone, and the calendar file.
struct WorkshopPageTests {
    static let form = ["title": "Service design day", "purpose": "Draw the blueprint of the first week.",
                       "date": "2027-01-12", "startTime": "09:30", "endTime": "12:00", "timeZone": "Europe/Paris",
                       "place": "Room 2; Lyon, 3rd floor", "callLink": "https://call.example/room-2",
                       "capacity": "8"]

    @Test func aBadFormIsAnsweredBesideTheFieldsAndAGoodOneIsShownInTheReadersZone() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let facilitator = try await world.browser(f.facilitatorID)
            var fields = Self.form.merging(["facilitator-\(f.facilitatorID)": "on"]) { $1 }
            // 02:30 does not exist in Paris on the day clocks go forward; the typed values stay.
            let bad = try await facilitator.post(http, "/communities/open-guild/workshops",
                                                 fields.merging(["date": "2027-03-28", "startTime": "02:30"]) { $1 })
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("That time does not exist in Europe/Paris on that day"))
            #expect(bad.text.contains("value=\"Service design day\""))
            let created = try await facilitator.post(http, "/communities/open-guild/workshops", fields)
            #expect(created.status == .seeOther)
            let path = created.location
            // Read from Tokyo: 17:30–20:00 there, with the planned time beside it.
            var tokyo = facilitator
            tokyo.cookie += "; tz=Asia/Tokyo"
            let page = try await tokyo.get(http, path).text
            #expect(page.contains("Tue 12 Jan 2027, 17:30–20:00 (Asia/Tokyo)"))
            #expect(page.contains("Planned as Tue 12 Jan 2027, 09:30–12:00 (Europe/Paris)"))
            // The calendar file: CRLF lines of at most 75 octets, the event in its own zone, escaped text.
            fields["endTime"] = "13:00"
            let ics1 = try await facilitator.get(http, path + "/calendar.ics")
            #expect(ics1.headers[.contentType] == "text/calendar; charset=utf-8")
            let text = ics1.text
            #expect(text.hasSuffix("\r\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
            #expect(text.contains("DTSTART;TZID=Europe/Paris:20270112T093000"))
            #expect(text.contains("LOCATION:Room 2\\; Lyon\\, 3rd floor"))
            #expect(text.contains("BEGIN:VTIMEZONE") && text.contains("TZOFFSETTO:+0100"))
            #expect(text.contains("SEQUENCE:0"))
            // Moving the time raises the sequence, so calendars update the event.
            #expect(try await facilitator.post(http, path, fields).status == .seeOther)
            let ics2 = try await facilitator.get(http, path + "/calendar.ics").text
            #expect(ics2.contains("SEQUENCE:1") && ics2.contains("DTEND;TZID=Europe/Paris:20270112T130000"))
            // Someone without a seat gets the event without the call link.
            let member = try await world.browser(f.memberIDs[0])
            let theirs = try await member.get(http, path + "/calendar.ics")
            #expect(theirs.status == .notFound)  // still a draft: it does not exist for them
            #expect(try await facilitator.post(http, path + "/state", ["move": "schedule"]).status == .seeOther)
            let published = try await member.get(http, path + "/calendar.ics").text
            #expect(!published.contains("call.example") && published.contains("SEQUENCE:2"))
        }
    }
}

/// A blueprint drafted on the live board is drawn as lanes, top to bottom, each note in its lane.
struct BoardLanesTests {
    @Test func notesPlacedInLanesShowInTheirLanesAndOthersApart() async throws {
        try await Harness.run { http, world in
            // setup: a running workshop drafting a blueprint; notes in two lanes and one in none
            let f = world.fixture
            let workshop = try await f.workshop(world.db, state: .running)
            try await RegistrationRepository(world.db).register(workshopID: workshop, memberID: f.memberIDs[0])
            let agenda = AgendaRepository(world.db)
            try await agenda.add(ActivityDraft(kind: .blueprint, title: "The first week", prompt: "", minutes: 20),
                                 workshopID: workshop, actorID: f.facilitatorID)
            try await agenda.advance(workshopID: workshop, actorID: f.facilitatorID)
            let board = BoardRepository(world.db)
            for (body, lane) in [("Signs up online", BlueprintLane.customer), ("Order keyed into billing", .backstage),
                                 ("Waits for the meter check", .customer)] {
                _ = try await board.apply(.addNote(body: body, clusterID: nil, lane: lane), workshopID: workshop, actorID: f.memberIDs[0])
            }
            _ = try await board.apply(.addNote(body: "A loose thought", clusterID: nil, lane: nil), workshopID: workshop,
                                      actorID: f.facilitatorID)
            // act
            let page = try await world.browser(f.memberIDs[0]).get(http, "/workshops/\(workshop)/board").text
            // check: the lanes in order, each note in its own band, the loose one after them
            func at(_ text: String) -> String.Index? { page.range(of: text)?.lowerBound }
            let customer = try #require(at("id=\"lane-customer\"")), frontstage = try #require(at("id=\"lane-frontstage\""))
            let backstage = try #require(at("id=\"lane-backstage\"")), noLane = try #require(at("In no lane"))
            #expect(try #require(at("id=\"lane-evidence\"")) < customer && customer < frontstage && frontstage < backstage)
            for note in ["Signs up online", "Waits for the meter check"] {
                #expect(try #require(at(note)) > customer && at(note)! < frontstage)
            }
            #expect(try #require(at("Order keyed into billing")) > backstage)
            #expect(try #require(at("A loose thought")) > noLane)
            #expect(page.contains("\"laneLabels\":{") && page.contains("\"customer\":\"Customer actions\""))
        }
    }
}
