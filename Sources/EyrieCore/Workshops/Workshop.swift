import Foundation

/// A co-design workshop: when and where, how many seats, and where it stands.
public struct Workshop: Sendable, Equatable {
    public var id: Int64
    public var communityID: Int64
    /// The challenge it works for; nil for a workshop of the whole community.
    public var challengeID: Int64?
    public var challengeTitle: String?
    public var title: String
    public var purpose: String
    public var startsAt: Date
    public var endsAt: Date
    /// The IANA zone the facilitator planned it in, e.g. `Europe/Paris`.
    public var timeZone: String
    public var place: String
    public var callLink: String
    public var capacity: Int
    public var seatsTaken: Int
    public var waiting: Int
    public var state: WorkshopState
    public var cancelReason: String?
    /// iCalendar SEQUENCE: goes up each time the time, place or state changes, so calendars update the event.
    public var sequence: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, communityID: Int64, challengeID: Int64?, challengeTitle: String?, title: String,
                purpose: String, startsAt: Date, endsAt: Date, timeZone: String, place: String, callLink: String,
                capacity: Int, seatsTaken: Int, waiting: Int, state: WorkshopState, cancelReason: String?, sequence: Int,
                createdAt: Date, updatedAt: Date) {
        self.id = id; self.communityID = communityID; self.challengeID = challengeID
        self.challengeTitle = challengeTitle; self.title = title; self.purpose = purpose; self.startsAt = startsAt
        self.endsAt = endsAt; self.timeZone = timeZone; self.place = place; self.callLink = callLink
        self.capacity = capacity; self.seatsTaken = seatsTaken; self.waiting = waiting; self.state = state
        self.cancelReason = cancelReason; self.sequence = sequence; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    public var seatsLeft: Int { max(capacity - seatsTaken, 0) }
}

/// A member's place in a workshop.
public enum RegistrationStatus: String, Sendable, CaseIterable {
    /// Has a seat.
    case registered
    /// On the waiting list, in the order they asked.
    case waiting
    /// Gave their seat or place in the queue back.
    case cancelled
}

/// One registration as the workshop page lists it.
public struct Registration: Sendable, Equatable {
    public var memberID: Int64
    public var memberName: String
    public var organisationName: String
    public var status: RegistrationStatus
    /// 1 for the first on the waiting list; nil for a seat.
    public var waitingPosition: Int?
    /// Marked by a facilitator: true came, false did not, nil not marked.
    public var attended: Bool?

    public init(memberID: Int64, memberName: String, organisationName: String, status: RegistrationStatus,
                waitingPosition: Int?, attended: Bool?) {
        self.memberID = memberID; self.memberName = memberName; self.organisationName = organisationName
        self.status = status; self.waitingPosition = waitingPosition; self.attended = attended
    }
}

/// The waiting list's rule: free seats go to the people who have waited longest, in the order they asked.
public enum WaitingList {
    /// Who moves up, given the seats now free and the queue (in the order people joined it).
    public static func promotions<ID>(freeSeats: Int, queue: [ID]) -> [ID] {
        Array(queue.prefix(max(freeSeats, 0)))
    }

    /// Where a new registration lands.
    public static func placement(capacity: Int, seatsTaken: Int) -> RegistrationStatus {
        seatsTaken < capacity ? .registered : .waiting
    }
}
