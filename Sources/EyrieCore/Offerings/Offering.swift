import Foundation

/// A service offering: what a community makes of its selected ideas, designed and tracked in the open.
public struct Offering: Sendable, Equatable {
    public var id: Int64
    public var communityID: Int64
    public var challengeID: Int64?
    public var name: String
    public var promise: String
    public var segment: String
    public var ownerID: Int64?
    public var ownerName: String
    public var organisationID: Int64
    public var organisationName: String
    public var state: OfferingState
    /// The latest progress update's overall percentage.
    public var progress: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, communityID: Int64, challengeID: Int64?, name: String, promise: String, segment: String,
                ownerID: Int64?, ownerName: String, organisationID: Int64, organisationName: String, state: OfferingState,
                progress: Int, createdAt: Date, updatedAt: Date) {
        self.id = id; self.communityID = communityID; self.challengeID = challengeID; self.name = name
        self.promise = promise; self.segment = segment; self.ownerID = ownerID; self.ownerName = ownerName
        self.organisationID = organisationID; self.organisationName = organisationName; self.state = state
        self.progress = progress; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// One entry of an offering's history: a state move (with its reason), or its making.
public struct OfferingEvent: Sendable, Equatable {
    public var kind: String
    public var from: OfferingState?
    public var to: OfferingState?
    public var reason: String
    public var actorName: String
    public var at: Date

    public init(kind: String, from: OfferingState?, to: OfferingState?, reason: String, actorName: String, at: Date) {
        self.kind = kind; self.from = from; self.to = to; self.reason = reason; self.actorName = actorName; self.at = at
    }
}

/// A dated progress update.
public struct ProgressUpdate: Sendable, Equatable {
    public var id: Int64
    public var note: String
    public var percent: Int
    public var authorName: String
    public var at: Date

    public init(id: Int64, note: String, percent: Int, authorName: String, at: Date) {
        self.id = id; self.note = note; self.percent = percent; self.authorName = authorName; self.at = at
    }
}

/// A milestone: due on a day, done or not.
public struct Milestone: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var due: Date
    public var doneAt: Date?

    public init(id: Int64, title: String, due: Date, doneAt: Date?) {
        self.id = id; self.title = title; self.due = due; self.doneAt = doneAt
    }

    /// Not done and its day has passed.
    public func isLate(today: Date) -> Bool { doneAt == nil && due < today.addingTimeInterval(-86400) }
}
