import EyrieCore
import Foundation
import Hummingbird

/// The zone a visitor reads times in: the `tz` cookie their browser sets (eyrie.js), else the workshop's own zone.
enum ViewerZone {
    static let cookie = "tz"

    static func from(_ request: Request) -> TimeZone? {
        LocalTime.zone(request.cookies[cookie]?.value)
    }

    /// "Tue 1 Dec 2026, 14:00–16:30 (Europe/Paris)" in the viewer's zone, naming it.
    static func when(_ workshop: Workshop, viewer: TimeZone?) -> String {
        let zone = viewer ?? LocalTime.zone(workshop.timeZone) ?? TimeZone(identifier: "UTC")!
        return "\(Dates.span(workshop.startsAt, workshop.endsAt, in: zone)) (\(name(zone)))"
    }

    /// The zone's IANA name; UTC as people write it.
    static func name(_ zone: TimeZone) -> String { zone.identifier == "GMT" ? "UTC" : zone.identifier }

    /// The same in the zone the workshop was planned in, when the viewer's differs; else nil.
    static func planned(_ workshop: Workshop, viewer: TimeZone?) -> String? {
        guard let viewer, let own = LocalTime.zone(workshop.timeZone), own.identifier != viewer.identifier,
              own.secondsFromGMT(for: workshop.startsAt) != viewer.secondsFromGMT(for: workshop.startsAt) else { return nil }
        return "\(Dates.span(workshop.startsAt, workshop.endsAt, in: own)) (\(name(own)))"
    }
}

/// A workshop in a list: the community page, a challenge page, a member's home and profile.
struct WorkshopCard {
    var id: Int64
    var href: String
    var title: String
    var state: String
    var stateLabel: String
    var when: String
    var place: String?
    var online: Bool
    var seats: String
    var challengeTitle: String?
    var yours: String?

    init(_ w: Workshop, viewer: TimeZone?, registration: RegistrationStatus? = nil) {
        id = w.id
        href = Site.workshops.show(w.id)
        title = w.title
        state = w.state.rawValue
        stateLabel = w.state.said
        when = ViewerZone.when(w, viewer: viewer)
        place = w.place.isEmpty ? nil : w.place
        online = !w.callLink.isEmpty
        seats = Self.seats(w)
        challengeTitle = w.challengeTitle
        yours = switch registration {
        case .registered: say("You have a seat")
        case .waiting: say("You are on the waiting list")
        default: nil
        }
    }

    /// "5 of 12 seats left", "Full — 3 on the waiting list"; once over, how many had a seat.
    static func seats(_ w: Workshop) -> String {
        if w.state == .closed || w.state == .cancelled {
            return say(.plural("{count} person had a seat (of {capacity})", "{count} people had a seat (of {capacity})",
                               count: w.seatsTaken, ["capacity": String(w.capacity)]))
        }
        if w.seatsLeft > 0 {
            return say(.plural("{left} of {count} seat left", "{left} of {count} seats left", count: w.capacity,
                               ["left": String(w.seatsLeft)]))
        }
        return w.waiting > 0 ? say("Full — \("waiting", w.waiting) on the waiting list") : say("Full — join the waiting list")
    }
}

extension WorkshopCard: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "id": id, "href": href, "title": title, "state": state, "stateLabel": stateLabel, "when": when,
            "online": online, "seats": seats,
        ]
        fields.keep("place", place)
        fields.keep("challengeTitle", challengeTitle)
        fields.keep("yours", yours)
        return fields
    }
}
