import Foundation

/// Wall-clock times in a named zone: what a facilitator types, and how a viewer reads it back.
public enum LocalTime {
    /// The zone for an IANA identifier (`Europe/Paris`, `UTC`); nil when unknown.
    public static func zone(_ identifier: String?) -> TimeZone? {
        let id = (identifier ?? "").trimmingWhitespace()
        guard !id.isEmpty, id.count <= 64, let zone = TimeZone(identifier: id) else { return nil }
        return zone
    }

    /// The zone a person typed in the form: an IANA identifier in any case (`europe/paris`), or a city of one
    /// (`Paris`, `new york`), as the form's suggestions offer them; nil when none matches.
    public static func zone(typed: String?) -> TimeZone? {
        let text = (typed ?? "").trimmingWhitespace()
        if let exact = zone(text) { return exact }
        guard !text.isEmpty, text.count <= 64 else { return nil }
        let wanted = text.lowercased().replacingOccurrences(of: " ", with: "_")
        let match = TimeZone.knownTimeZoneIdentifiers.first { id in
            id.lowercased() == wanted || (id.contains("/") && id.split(separator: "/").last?.lowercased() == wanted)
        }
        return match.flatMap(TimeZone.init(identifier:))
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `HH:MM` (24-hour) as hours and minutes.
    public static func parseClock(_ raw: String?) -> (hour: Int, minute: Int)? {
        let parts = (raw ?? "").trimmingWhitespace().split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...23).contains(h), (0...59).contains(m) else { return nil }
        return (h, m)
    }

    /// The instant a wall-clock time names in `zone`; nil when that time does not exist there (the hour skipped when
    /// clocks go forward). In the hour that repeats when clocks go back, the first one.
    public static func instant(day: String?, clock: String?, in zone: TimeZone) -> Date? {
        guard let midnightUTC = Day.parse(day), let (h, m) = parseClock(clock) else { return nil }
        let utc = calendar(TimeZone(identifier: "UTC")!).dateComponents([.year, .month, .day], from: midnightUTC)
        let wanted = DateComponents(year: utc.year, month: utc.month, day: utc.day, hour: h, minute: m)
        let cal = calendar(zone)
        guard let date = cal.date(from: wanted) else { return nil }
        let back = cal.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard back.year == wanted.year, back.month == wanted.month, back.day == wanted.day, back.hour == h,
              back.minute == m else { return nil }
        return date
    }

    /// `2026-12-01` and `14:30` for an instant seen in `zone` (to fill the form again).
    public static func fields(_ date: Date, in zone: TimeZone) -> (day: String, clock: String) {
        let c = calendar(zone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return (String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!), String(format: "%02d:%02d", c.hour!, c.minute!))
    }

    /// "Tue 1 Dec 2026, 14:00–16:30" for a span seen in `zone`; the end date is repeated when it falls on another day.
    /// `naming` writes a day (weekday 1 = Sunday, month 1 = January) in the reader's language; English by default.
    public static func span(_ start: Date, _ end: Date, in zone: TimeZone,
                            naming: (_ weekday: Int, _ day: Int, _ month: Int, _ year: Int) -> String = englishDay) -> String {
        let cal = calendar(zone)
        let s = cal.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: start)
        let e = cal.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: end)
        func day(_ c: DateComponents) -> String { naming(c.weekday!, c.day!, c.month!, c.year!) }
        func clock(_ c: DateComponents) -> String { String(format: "%02d:%02d", c.hour!, c.minute!) }
        let sameDay = s.year == e.year && s.month == e.month && s.day == e.day
        return sameDay ? "\(day(s)), \(clock(s))–\(clock(e))" : "\(day(s)), \(clock(s)) – \(day(e)), \(clock(e))"
    }

    /// "Tue 1 Dec 2026".
    public static func englishDay(weekday: Int, day: Int, month: Int, year: Int) -> String {
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(days[weekday - 1]) \(day) \(months[month - 1]) \(year)"
    }
}

/// A workshop as typed on its form (facilitators and stewards).
public struct WorkshopDraft: Sendable, Equatable {
    public var title: String
    public var purpose: String
    public var challengeID: Int64?
    public var startsAt: Date
    public var endsAt: Date
    public var timeZone: String
    public var place: String
    public var callLink: String
    public var capacity: Int
    public var ideaIDs: [Int64]
    public var facilitatorIDs: [Int64]

    public init(title: String, purpose: String, challengeID: Int64?, startsAt: Date, endsAt: Date, timeZone: String,
                place: String, callLink: String, capacity: Int, ideaIDs: [Int64], facilitatorIDs: [Int64]) {
        self.title = title; self.purpose = purpose; self.challengeID = challengeID; self.startsAt = startsAt
        self.endsAt = endsAt; self.timeZone = timeZone; self.place = place; self.callLink = callLink
        self.capacity = capacity; self.ideaIDs = ideaIDs; self.facilitatorIDs = facilitatorIDs
    }

    /// The longest workshop one form schedules.
    public static let longest: TimeInterval = 12 * 3600

    /// Checks the raw form values; throws `ValidationErrors` listing every problem at once. Ideas and facilitators
    /// come as checkboxes named `idea-<id>` and `facilitator-<id>`.
    public static func validate(_ form: [String: String]) throws -> WorkshopDraft {
        var errors: [FieldError] = []
        let title = TextRule("title", "Title", min: 5, max: 140).check(form["title"], into: &errors)
        let purpose = TextRule("purpose", "Purpose", min: 10, max: 2000, multiline: true).check(form["purpose"], into: &errors)
        let challengeRaw = (form["challenge"] ?? "").trimmingWhitespace()
        let challengeID = Int64(challengeRaw)
        if !challengeRaw.isEmpty && (challengeID ?? 0) <= 0 { errors.append(.init("challenge", "Choose a challenge")) }
        let zone = LocalTime.zone(typed: form["timeZone"])
        if zone == nil { errors.append(.init("timeZone", "Type a time zone or its city, like Europe/Paris or Paris")) }
        if Day.parse(form["date"]) == nil { errors.append(.init("date", "Enter the date, like 2026-12-01")) }
        let startClock = LocalTime.parseClock(form["startTime"])
        if startClock == nil { errors.append(.init("startTime", "Enter the start time, like 14:00")) }
        let endClock = LocalTime.parseClock(form["endTime"])
        if endClock == nil { errors.append(.init("endTime", "Enter the end time, like 16:30")) }
        var start: Date?
        var end: Date?
        if let zone, Day.parse(form["date"]) != nil, startClock != nil, endClock != nil {
            start = LocalTime.instant(day: form["date"], clock: form["startTime"], in: zone)
            if start == nil { errors.append(.init("startTime", "That time does not exist in \("zone", zone.identifier) on that day (the clocks change)")) }
            end = LocalTime.instant(day: form["date"], clock: form["endTime"], in: zone)
            if end == nil { errors.append(.init("endTime", "That time does not exist in \("zone", zone.identifier) on that day (the clocks change)")) }
            if let s = start, let e = end {
                if e <= s { errors.append(.init("endTime", "The end time must be after the start time")) }
                else if e.timeIntervalSince(s) > longest { errors.append(.init("endTime", "A workshop lasts at most 12 hours")) }
            }
        }
        let place = TextRule("place", "Place", required: false, max: 200).check(form["place"], into: &errors)
        let callLink = TextRule("callLink", "Call link", required: false, max: 500).check(form["callLink"], into: &errors)
        if !callLink.isEmpty && !Self.isWebLink(callLink) {
            errors.append(.init("callLink", "Enter the call link as a web address starting with https://"))
        }
        if place.isEmpty && callLink.isEmpty && errors.allSatisfy({ $0.field != "place" && $0.field != "callLink" }) {
            errors.append(.init("place", "Enter a place, a call link, or both"))
        }
        let capacity = Int((form["capacity"] ?? "").trimmingWhitespace()) ?? 0
        if !(1...1000).contains(capacity) { errors.append(.init("capacity", "Capacity must be a whole number from 1 to 1000")) }
        let ideas = FormList.ids(form, prefix: "idea-")
        let facilitators = FormList.ids(form, prefix: "facilitator-")
        if ideas.count > 50 { errors.append(.init("ideas", "Choose at most 50 ideas")) }
        if facilitators.isEmpty { errors.append(.init("facilitators", "Choose at least one facilitator")) }
        if facilitators.count > 20 { errors.append(.init("facilitators", "Choose at most 20 facilitators")) }
        guard errors.isEmpty, let zone, let start, let end else { throw ValidationErrors(errors) }
        return WorkshopDraft(title: title, purpose: purpose, challengeID: challengeID, startsAt: start, endsAt: end,
                             timeZone: zone.identifier, place: place, callLink: callLink, capacity: capacity,
                             ideaIDs: ideas, facilitatorIDs: facilitators)
    }

    /// Only `https://` (or `http://`) links with a host: never `javascript:` or other schemes.
    public static func isWebLink(_ text: String) -> Bool {
        guard !text.contains(" "), let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "https" || scheme == "http", let host = url.host, !host.isEmpty else { return false }
        return true
    }
}
