import Foundation

/// A person with an account. `organisationName` is their home organisation.
public struct Member: Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var name: String
    public var organisationID: Int64
    public var organisationName: String
    public var isAdmin: Bool
    public var createdAt: Date

    public init(id: Int64, email: String, name: String, organisationID: Int64, organisationName: String,
                isAdmin: Bool, createdAt: Date) {
        self.id = id; self.email = email; self.name = name; self.organisationID = organisationID
        self.organisationName = organisationName; self.isAdmin = isAdmin; self.createdAt = createdAt
    }
}

/// A client or member organisation.
public struct Organisation: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var slug: String
    public var memberCount: Int
    /// False for an organisation a newcomer named at sign-up, until a platform admin confirms (or merges) it.
    public var isConfirmed = true

    public init(id: Int64, name: String, slug: String, memberCount: Int) {
        self.id = id; self.name = name; self.slug = slug; self.memberCount = memberCount
    }
}

/// A community of practice: its domain, who may join, and how many take part.
public struct Community: Sendable, Equatable {
    public var id: Int64
    public var slug: String
    public var name: String
    public var domain: String
    public var visibility: CommunityVisibility
    public var inviteCode: String
    public var memberCount: Int
    /// Whether authors may support their own ideas (a steward's choice; off by default).
    public var authorsMaySupport = false
    /// The language its pages come in for a visitor with none of their own (a steward's choice; nil: English).
    public var language: String?

    public init(id: Int64, slug: String, name: String, domain: String, visibility: CommunityVisibility,
                inviteCode: String, memberCount: Int) {
        self.id = id; self.slug = slug; self.name = name; self.domain = domain; self.visibility = visibility
        self.inviteCode = inviteCode; self.memberCount = memberCount
    }
}

/// One member's place in one community.
public struct Membership: Sendable, Equatable {
    public var communityID: Int64
    public var memberID: Int64
    public var memberName: String
    public var organisationName: String
    public var role: CommunityRole
    public var status: MembershipStatus
    public var organisationID: Int64
    public var isSponsor: Bool

    public init(communityID: Int64, memberID: Int64, memberName: String, organisationName: String,
                role: CommunityRole, status: MembershipStatus, organisationID: Int64 = 0, isSponsor: Bool = false) {
        self.communityID = communityID; self.memberID = memberID; self.memberName = memberName
        self.organisationName = organisationName; self.role = role; self.status = status
        self.organisationID = organisationID; self.isSponsor = isSponsor
    }
}

/// An innovation challenge with its brief and schedule.
public struct Challenge: Sendable, Equatable {
    public var id: Int64
    public var communityID: Int64
    public var title: String
    public var problem: String
    public var question: String
    public var sponsorID: Int64
    public var sponsorName: String
    public var schedule: ChallengeSchedule
    public var ideaCount: Int

    public init(id: Int64, communityID: Int64, title: String, problem: String, question: String, sponsorID: Int64,
                sponsorName: String, schedule: ChallengeSchedule, ideaCount: Int) {
        self.id = id; self.communityID = communityID; self.title = title; self.problem = problem
        self.question = question; self.sponsorID = sponsorID; self.sponsorName = sponsorName
        self.schedule = schedule; self.ideaCount = ideaCount
    }

    public func phase(at now: Date = Date()) -> ChallengePhase { schedule.phase(at: now) }
}

/// An idea as lists show it.
public struct IdeaSummary: Sendable, Hashable {
    public var id: Int64
    public var challengeID: Int64
    public var title: String
    public var summary: String
    public var tags: [String]
    public var state: IdeaState
    public var authorNames: [String]
    public var supportCount: Int
    public var commentCount: Int
    public var createdAt: Date
    public var isHidden: Bool
    public var dotCount = 0
    /// The language it is written in.
    public var language = "en"

    public init(id: Int64, challengeID: Int64, title: String, summary: String, tags: [String], state: IdeaState,
                authorNames: [String], supportCount: Int, commentCount: Int, createdAt: Date, isHidden: Bool = false) {
        self.id = id; self.challengeID = challengeID; self.title = title; self.summary = summary; self.tags = tags
        self.state = state; self.authorNames = authorNames; self.supportCount = supportCount
        self.commentCount = commentCount; self.createdAt = createdAt; self.isHidden = isHidden
    }
}

/// An author of an idea: the submitter first, then co-authors.
public struct Author: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var organisationName: String

    public init(id: Int64, name: String, organisationName: String) {
        self.id = id; self.name = name; self.organisationName = organisationName
    }
}

/// An idea with everything its page shows.
public struct Idea: Sendable, Equatable {
    public var id: Int64
    public var communityID: Int64
    public var challengeID: Int64
    public var title: String
    public var summary: String
    public var body: String
    public var tags: [String]
    public var state: IdeaState
    public var authors: [Author]
    public var supportCount: Int
    public var commentCount: Int
    public var mergedIntoID: Int64?
    public var hiddenReason: String?
    public var createdAt: Date
    public var dotCount = 0
    /// Added during the pairwise survey and not yet approved by a steward.
    public var awaitingApproval = false
    /// The language it is written in.
    public var language = "en"

    public init(id: Int64, communityID: Int64, challengeID: Int64, title: String, summary: String, body: String,
                tags: [String], state: IdeaState, authors: [Author], supportCount: Int, commentCount: Int,
                mergedIntoID: Int64?, hiddenReason: String?, createdAt: Date) {
        self.id = id; self.communityID = communityID; self.challengeID = challengeID; self.title = title
        self.summary = summary; self.body = body; self.tags = tags; self.state = state; self.authors = authors
        self.supportCount = supportCount; self.commentCount = commentCount; self.mergedIntoID = mergedIntoID
        self.hiddenReason = hiddenReason; self.createdAt = createdAt
    }

    public func isAuthor(_ memberID: Int64?) -> Bool {
        guard let memberID else { return false }
        return authors.contains { $0.id == memberID }
    }
}

/// One row of an idea's history.
public struct IdeaEvent: Sendable, Equatable {
    public var kind: String
    public var actorName: String?
    public var from: IdeaState?
    public var to: IdeaState?
    public var reason: String
    public var at: Date

    public init(kind: String, actorName: String?, from: IdeaState?, to: IdeaState?, reason: String, at: Date) {
        self.kind = kind; self.actorName = actorName; self.from = from; self.to = to; self.reason = reason; self.at = at
    }
}

/// A comment on an idea; `parentID` is set for replies (one level deep).
public struct Comment: Sendable, Equatable {
    public var id: Int64
    public var ideaID: Int64
    public var parentID: Int64?
    public var authorID: Int64
    public var authorName: String
    public var body: String
    public var hiddenReason: String?
    public var createdAt: Date
    /// The language it is written in.
    public var language = "en"

    public init(id: Int64, ideaID: Int64, parentID: Int64?, authorID: Int64, authorName: String, body: String,
                hiddenReason: String?, createdAt: Date) {
        self.id = id; self.ideaID = ideaID; self.parentID = parentID; self.authorID = authorID
        self.authorName = authorName; self.body = body; self.hiddenReason = hiddenReason; self.createdAt = createdAt
    }
}
