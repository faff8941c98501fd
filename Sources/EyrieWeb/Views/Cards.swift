import EyrieCore
import Foundation

/// A community in a list.
struct CommunityCard {
    var slug: String
    var href: String
    var name: String
    var domain: String
    var memberCount: Int
    var isPrivate: Bool
    var role: String?
    var isPending: Bool

    init(_ community: Community, role: CommunityRole? = nil, status: MembershipStatus? = nil) {
        slug = community.slug
        href = Site.communities.show(community.slug)
        name = community.name
        domain = String(community.domain.prefix(220))
        memberCount = community.memberCount
        isPrivate = community.visibility == .private
        self.role = status == .active ? role?.said : nil
        isPending = status == .pending
    }
}

/// A challenge in a list, with its phase as a tag.
struct ChallengeCard {
    var id: Int64
    var href: String
    var title: String
    var question: String
    var phase: String
    var phaseLabel: String
    var sponsor: String
    var ideaCount: Int
    var communityName: String?
    var communitySlug: String?
    var communityHref: String?
    var closes: String

    init(_ challenge: Challenge, community: Community? = nil) {
        id = challenge.id
        href = Site.challenges.show(challenge.id)
        title = challenge.title
        question = challenge.question
        let phase = challenge.phase()
        self.phase = phase.rawValue
        phaseLabel = phase.said
        sponsor = challenge.sponsorName
        ideaCount = challenge.ideaCount
        communityName = community?.name
        communitySlug = community?.slug
        communityHref = community.map { Site.communities.show($0.slug) }
        closes = Dates.day(challenge.schedule.closesAt)
    }
}

extension ChallengeCard: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "id": id, "href": href, "title": title, "question": question, "phase": phase, "phaseLabel": phaseLabel,
            "sponsor": sponsor, "ideaCount": ideaCount, "closes": closes,
        ]
        fields.keep("communityName", communityName)
        fields.keep("communitySlug", communitySlug)
        fields.keep("communityHref", communityHref)
        return fields
    }
}

/// An idea in a list: title, summary, authors, tags, state and counts in words.
struct IdeaCard: Hashable {
    var id: Int64
    var href: String
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
    /// The language it is written in (the card's `lang`), and "Written in French" when the reader reads another.
    var language: String
    var writtenIn: String?

    init(_ idea: IdeaSummary, showDots: Bool = false, reader: String = "en") {
        id = idea.id
        href = Site.ideas.show(idea.id)
        title = idea.title
        summary = idea.summary
        authors = idea.authorNames.joined(separator: ", ")
        tags = idea.tags
        state = idea.state.rawValue
        stateLabel = idea.state.said
        supports = Dates.count(idea.supportCount, "support", "supports")
        comments = Dates.count(idea.commentCount, "comment", "comments")
        created = Dates.day(idea.createdAt)
        isHidden = idea.isHidden
        dots = showDots ? Dates.count(idea.dotCount, "dot", "dots") : nil
        language = idea.language
        writtenIn = idea.language == reader ? nil : ContentLanguage.entry(idea.language).map { say($0.writtenIn) }
    }
}

extension IdeaCard: TemplateFragment {
    static let template = "ideas/idea-card"

    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "id": id, "href": href, "title": title, "summary": summary, "authors": authors, "tags": tags, "state": state,
            "stateLabel": stateLabel, "supports": supports, "comments": comments, "created": created, "isHidden": isHidden,
        ]
        if let dots { fields["dots"] = dots }
        fields["language"] = language
        if let writtenIn { fields["writtenIn"] = writtenIn }
        return fields
    }
}

/// An idea card known by the idea it shows: the fragment cache keys it by the idea (and the reader's language), so a
/// card already rendered costs a hash of the idea, not its words (counts, dates and labels in the reader's language),
/// which are worked out only when the card is rendered.
struct IdeaCardOf: TemplateFragment {
    var idea: IdeaSummary
    var showDots = false
    var reader = "en"

    static let template = IdeaCard.template
    var card: IdeaCard { IdeaCard(idea, showDots: showDots, reader: reader) }
    var templateFields: [String: Any] { card.templateFields }
}

/// Formatting of dates (UTC) and counts for pages, in the reader's language. Dates are worked out with integer
/// arithmetic: Foundation's format styles cost far more than the rest of a list page.
enum Dates {
    static let months: [Phrase] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static let weekdays: [Phrase] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// "Tue 1 Dec 2026, 14:00–16:30" for a span seen in `zone`, in the reader's language. On a right-to-left page the
    /// clock times are isolated as left-to-right, so that "14:00–16:30" does not read backwards.
    static func span(_ start: Date, _ end: Date, in zone: TimeZone) -> String {
        let text = LocalTime.span(start, end, in: zone) { weekday, day, month, year in
            say("\("weekday", say(weekdays[weekday - 1])) \("day", day) \("month", say(months[month - 1])) \("year", String(year))")
        }
        guard Messages.current.language.isRightToLeft else { return text }
        return text.replacingOccurrences(of: #"\d{2}:\d{2}(–\d{2}:\d{2})?"#, with: "\u{2066}$0\u{2069}", options: .regularExpression)
    }

    /// "23 Nov 2026"
    static func day(_ date: Date) -> String {
        let (y, m, d) = civil(daysSinceEpoch(date))
        return say("\("day", d) \("month", say(months[m - 1])) \("year", String(y))")
    }

    /// "23 Nov 2026 at 17:05"
    static func time(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let minute = (seconds / 60) % 60, hour = (seconds / 3600) % 24
        let pad = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return say("\("day", day(date)) at \("time", "\(pad(hour)):\(pad(minute))")")
    }

    /// "2 days 3 h", "45 min": a wait on the blueprint.
    static func duration(_ minutes: Int) -> String {
        let days = minutes / 1440, hours = (minutes % 1440) / 60, rest = minutes % 60
        var parts: [String] = []
        if days > 0 { parts.append(Dates.count(days, "day", "days")) }
        if hours > 0 { parts.append(say("\("hours", hours) h")) }
        if rest > 0 && days == 0 { parts.append(say("\("minutes", rest) min")) }
        return parts.isEmpty ? say("\("minutes", 0) min") : parts.joined(separator: " ")
    }

    /// "1 idea", "3 ideas": the message `{count} idea` in the reader's language, with its plural forms.
    static func count(_ n: Int, _ one: String, _ many: String) -> String {
        say(.plural("{count} " + one, "{count} " + many, count: n))
    }

    private static func daysSinceEpoch(_ date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86400).rounded(.down))
    }

    /// Year, month and day of a day count since 1970-01-01 (Howard Hinnant's civil_from_days).
    static func civil(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

/// A decision on one of the member's ideas, for "What became of your ideas".
struct OutcomeLine {
    var ideaID: Int64
    var href: String
    var title: String
    var state: String
    var stateLabel: String
    var who: String
    var when: String
    var reason: String?

    init(ideaID: Int64, title: String, event: IdeaEvent) {
        self.ideaID = ideaID
        href = Site.ideas.show(ideaID)
        self.title = title
        state = event.to?.rawValue ?? ""
        stateLabel = event.to?.said ?? ""
        who = event.actorName ?? "the community"
        when = Dates.day(event.at)
        reason = event.reason.isEmpty ? nil : event.reason
    }
}

extension String {
    /// The string with its first letter upper-cased.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
