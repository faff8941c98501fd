import EyrieCore
import Foundation

/// A workshop as an iCalendar file (RFC 5545): one VEVENT with a stable UID, the time in the workshop's own zone
/// (with a VTIMEZONE describing that zone's offsets around the date) and a SEQUENCE that rises whenever the time,
/// the place or the state changes, so calendars that imported it update the event instead of adding another.
enum WorkshopCalendar {
    static func ics(_ w: Workshop, url: String, host: String, now: Date = Date()) -> String {
        let zone = LocalTime.zone(w.timeZone) ?? TimeZone(identifier: "UTC")!
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Eyrie//Workshops//EN", "CALSCALE:GREGORIAN",
                     "METHOD:PUBLISH"]
        lines += timeZone(zone, around: w.startsAt)
        let status = switch w.state {
        case .cancelled: "CANCELLED"
        case .draft: "TENTATIVE"
        default: "CONFIRMED"
        }
        var description = w.purpose
        if !w.callLink.isEmpty { description += "\n\nJoin the call: \(w.callLink)" }
        description += "\n\n\(url)"
        if let reason = w.cancelReason, w.state == .cancelled { description = "Cancelled: \(reason)\n\n" + description }
        lines += ["BEGIN:VEVENT", "UID:workshop-\(w.id)@\(host)", "DTSTAMP:\(utc(now))", "SEQUENCE:\(w.sequence)",
                  "DTSTART;TZID=\(zone.identifier):\(local(w.startsAt, zone))",
                  "DTEND;TZID=\(zone.identifier):\(local(w.endsAt, zone))",
                  "SUMMARY:\(text(w.title))", "DESCRIPTION:\(text(description))", "STATUS:\(status)", "URL:\(url)",
                  "LAST-MODIFIED:\(utc(w.updatedAt))"]
        let location = [w.place, w.callLink].filter { !$0.isEmpty }.joined(separator: " — ")
        if !location.isEmpty { lines.append("LOCATION:\(text(location))") }
        lines += ["END:VEVENT", "END:VCALENDAR"]
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The zone's observances from a year before the date to a year after: one per offset change (no RRULE, so
    /// nothing depends on a client's rules), or a single STANDARD for zones without changes.
    static func timeZone(_ zone: TimeZone, around date: Date) -> [String] {
        var lines = ["BEGIN:VTIMEZONE", "TZID:\(zone.identifier)"]
        var transitions: [Date] = []
        var cursor = date.addingTimeInterval(-400 * 86400)
        let end = date.addingTimeInterval(400 * 86400)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next < end, transitions.count < 8 {
            transitions.append(next)
            cursor = next
        }
        if transitions.isEmpty {
            let offset = zone.secondsFromGMT(for: date)
            lines += ["BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:\(offsetText(offset))",
                      "TZOFFSETTO:\(offsetText(offset))", "TZNAME:\(zone.abbreviation(for: date) ?? zone.identifier)",
                      "END:STANDARD"]
        }
        for moment in transitions {
            let before = zone.secondsFromGMT(for: moment.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: moment)
            let kind = zone.isDaylightSavingTime(for: moment) ? "DAYLIGHT" : "STANDARD"
            let onset = local(moment, TimeZone(secondsFromGMT: before)!)
            lines += ["BEGIN:\(kind)", "DTSTART:\(onset)", "TZOFFSETFROM:\(offsetText(before))",
                      "TZOFFSETTO:\(offsetText(after))", "TZNAME:\(zone.abbreviation(for: moment) ?? kind)", "END:\(kind)"]
        }
        lines.append("END:VTIMEZONE")
        return lines
    }

    static func local(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    static func utc(_ date: Date) -> String { local(date, TimeZone(identifier: "UTC")!) + "Z" }

    static func offsetText(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let total = abs(seconds) / 60
        return sign + String(format: "%02d%02d", total / 60, total % 60)
    }

    /// TEXT values: backslash, semicolon and comma escaped, newlines as `\n`, other control characters dropped.
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.replacingOccurrences(of: "\r\n", with: "\n").unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default:
                if scalar.properties.generalCategory != .control { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space, never splitting a UTF-8 character.
    static func fold(_ line: String) -> String {
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets + size > limit {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }
}
