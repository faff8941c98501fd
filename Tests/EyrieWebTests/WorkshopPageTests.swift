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
