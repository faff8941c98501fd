import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A community's discussions: all, questions, or the questions still waiting for an answer, found by words.
enum DiscussionListPage {
    struct Card {
        var href: String
        var title: String
        var language: String
        var kind: String
        var isQuestion: Bool
        var answered: Bool
        var locked: Bool
        var hidden: Bool
        var author: String
        var replies: String
        var latest: String
        var challenge: String?
    }
    struct FilterLink { var label: String; var href: String; var current: Bool }

    struct View {
        var communityName: String
        var action: String
        var newHref: String
        var canStart: Bool
        var words: String
        var filter: String
        var filters: [FilterLink]
        var cards: [Card]
        var hasCards: Bool
        var searched: Bool
        var clearHref: String
    }

    static func render(_ scope: CommunityScope, request: Request, deps: DiscussionDependencies, context: AppContext) async throws -> Response {
        let community = scope.community
        let params = request.uri.queryParameters
        let filter = params.get("filter").flatMap { DiscussionFilter(rawValue: String($0)) } ?? .all
        let typed: String = params.get("q").map { String($0) } ?? ""
        let words = String(typed.trimmingWhitespace().prefix(200))
        let challenge = params.get("challenge").flatMap { Int64(String($0)) }
        let list = try await deps.discussions.list(communityID: community.id, filter: filter, words: words, challengeID: challenge,
                                                   includeHidden: scope.check(.moderate).isAllowed)
        let base = Site.discussions.index(community.slug)
        func href(_ f: DiscussionFilter) -> String {
            var query: [(String, String)] = []
            if f != .all { query.append(("filter", f.rawValue)) }
            if !words.isEmpty { query.append(("q", words)) }
            if let challenge { query.append(("challenge", String(challenge))) }
            return Site.discussions.index(community.slug, query: query)
        }
        let view = View(
            communityName: community.name, action: base,
            newHref: Site.discussions.new(community.slug, query: challenge.map { [("challenge", String($0))] } ?? []),
            canStart: scope.check(.contribute).isAllowed, words: words, filter: filter == .all ? "" : filter.rawValue,
            filters: DiscussionFilter.allCases.map { FilterLink(label: $0.said, href: href($0), current: $0 == filter) },
            cards: list.map { (d: Discussion) -> Card in
                Card(href: Site.discussions.show(d.id), title: d.title, language: d.language, kind: d.kind.said,
                     isQuestion: d.kind == DiscussionKind.question, answered: d.isAnswered, locked: d.isLocked, hidden: d.isHidden,
                     author: d.authorName ?? say("A former member"),
                     replies: Dates.count(d.replyCount, "reply", "replies"),
                     latest: say("last post \("time", Dates.time(d.lastPostAt))"), challenge: d.challengeTitle)
            },
            hasCards: !list.isEmpty, searched: !words.isEmpty || filter != .all || challenge != nil, clearHref: base)
        return try deps.renderer.page("discussions/index", view, context: context,
                                      title: say("Discussions in \("community", community.name)"), community: community,
                                      crumbs: crumbs(community))
    }
}

/// The form to ask a question or open a topic.
enum DiscussionForm {
    struct View {
        var action: String
        var form: FormState
        var kinds: [Option]
        var challenges: [Option]
        var hasChallenges: Bool
        var languages: [Option]
        var cancelHref: String
    }

    static func render(_ form: FormState, scope: CommunityScope, deps: DiscussionDependencies, context: AppContext,
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let community = scope.community
        let challenges = try await deps.challenges.list(communityID: community.id)
        let view = View(
            action: Site.discussions.index(community.slug), form: form,
            kinds: DiscussionKind.allCases.map { Option(value: $0.rawValue, label: $0.said, selected: $0.rawValue == form.values["kind"]) },
            challenges: [Option(value: "", label: say("The whole community"), selected: (form.values["challenge"] ?? "").isEmpty)]
                + challenges.map { Option(value: String($0.id), label: $0.title, selected: String($0.id) == form.values["challenge"]) },
            hasChallenges: !challenges.isEmpty,
            languages: IdeaController.languageOptions(form.values["language"], context: context),
            cancelHref: Site.discussions.index(community.slug))
        return try deps.renderer.page("discussions/form", view, context: context, title: "Start a discussion", status: status,
                                      community: community,
                                      crumbs: crumbs(community) + [Crumb(title: "Discussions", href: Site.discussions.index(community.slug))],
                                      errors: form.list)
    }
}

extension DiscussionKind: Named {}
extension DiscussionFilter: Named {}
