import EyrieCore
import Foundation

/// A community in a list.
struct CommunityCard {
    var slug: String
    var name: String
    var domain: String
    var memberCount: Int
    var isPrivate: Bool
    var role: String?
    var isPending: Bool

    init(_ community: Community, role: CommunityRole? = nil, status: MembershipStatus? = nil) {
        slug = community.slug
        name = community.name
        domain = String(community.domain.prefix(220))
        memberCount = community.memberCount
        isPrivate = community.visibility == .private
        self.role = status == .active ? role?.label : nil
        isPending = status == .pending
    }
}

/// A challenge in a list, with its phase as a tag.
struct ChallengeCard {
    var id: Int64
    var title: String
    var question: String
    var phase: String
    var phaseLabel: String
    var sponsor: String
    var ideaCount: Int
    var communityName: String?
    var communitySlug: String?
    var closes: String

    init(_ challenge: Challenge, community: Community? = nil) {
        id = challenge.id
        title = challenge.title
        question = challenge.question
        let phase = challenge.phase()
        self.phase = phase.rawValue
        phaseLabel = phase.label
        sponsor = challenge.sponsorName
        ideaCount = challenge.ideaCount
        communityName = community?.name
        communitySlug = community?.slug
        closes = Dates.day(challenge.schedule.closesAt)
    }
}

/// An idea in a list: title, summary, authors, tags, state and counts in words.
struct IdeaCard {
    var id: Int64
    var title: String
    var summary: String
    var authors: String
    var tags: [String]
    var state: String
    var stateLabel: String
    var supports: String
    var comments: String
    var created: String
    var isHidden: Bool
    /// Shown only where the challenge uses dot voting.
    var dots: String?

    init(_ idea: IdeaSummary, showDots: Bool = false) {
        id = idea.id
        title = idea.title
        summary = idea.summary
        authors = idea.authorNames.joined(separator: ", ")
        tags = idea.tags
        state = idea.state.rawValue
        stateLabel = idea.state.label
        supports = Dates.count(idea.supportCount, "support", "supports")
        comments = Dates.count(idea.commentCount, "comment", "comments")
        created = Dates.day(idea.createdAt)
        isHidden = idea.isHidden
        dots = showDots ? Dates.count(idea.dotCount, "dot", "dots") : nil
    }
}

/// Formatting of dates and counts for pages.
enum Dates {
    static func day(_ date: Date) -> String {
        date.formatted(.dateTime.day().month(.abbreviated).year().locale(Locale(identifier: "en_GB")))
    }

    static func time(_ date: Date) -> String {
        date.formatted(.dateTime.day().month(.abbreviated).year().hour().minute().locale(Locale(identifier: "en_GB")))
    }

    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}

extension String {
    /// The string with its first letter upper-cased.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// A decision on one of the member's ideas, for "What became of your ideas".
struct OutcomeLine {
    var ideaID: Int64
    var title: String
    var state: String
    var stateLabel: String
    var who: String
    var when: String
    var reason: String?

    init(ideaID: Int64, title: String, event: IdeaEvent) {
        self.ideaID = ideaID
        self.title = title
        state = event.to?.rawValue ?? ""
        stateLabel = event.to?.label ?? ""
        who = event.actorName ?? "the community"
        when = Dates.day(event.at)
        reason = event.reason.isEmpty ? nil : event.reason
    }
}
