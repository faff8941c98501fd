import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A discussion: the question or topic, the accepted answer first, the replies (one level deep, with what they
/// quote), the reply form, and the moderators' tools.
enum DiscussionPage {
    /// What the discussion became, and the challenges it could become an idea in.
    struct Work {
        var outcomes: DiscussionRepository.Outcomes
        var openChallenges: [Challenge]
        var follow: FollowButton?
    }
    struct Link { var href: String; var label: String }
    /// `excerpt`: the quoted reply's first words, rendered from Markdown as safely as the reply itself.
    struct Quote { var author: String; var excerpt: String; var href: String; var language: String }
    struct ReplyLine {
        var id: Int64
        var anchor: String
        var author: String
        var when: String
        var body: String
        var language: String
        var hidden: Bool
        var hiddenReason: String
        var showsBody: Bool
        var isAnswer: Bool
        var quote: Quote?
        var children: [ReplyLine]
        var hasChildren: Bool
        var replyHref: String?
        var quoteHref: String?
        var canAccept: Bool
        var canModerate: Bool
        var hideAction: String
        var restoreAction: String
    }

    struct View {
        var id: Int64
        var title: String
        var language: String
        var kind: String
        var isQuestion: Bool
        var answered: Bool
        var locked: Bool
        var hidden: Bool
        var hiddenReason: String
        var author: String
        var when: String
        var challenge: String?
        var challengeHref: String?
        var body: String
        var answer: ReplyLine?
        var replies: [ReplyLine]
        var hasReplies: Bool
        var count: String
        var canReply: Bool
        var cannotReply: String?
        var replyAction: String
        var form: FormState
        /// The reply form's hidden fields (named apart from a reply's `quote`, which Mustache would otherwise find
        /// here for a reply without one).
        var parentField: String
        var quoteField: String
        var respondingTo: String?
        var cancelHref: String
        var canAccept: Bool
        var acceptAction: String
        var canModerate: Bool
        var lockAction: String
        var hideAction: String
        var restoreAction: String
        var listHref: String
        var becameIdea: Link?
        var becameResource: Link?
        var ideaIn: [Link]
        var canTurnIntoIdea: Bool
        var canKeep: Bool
        var keepAction: String
        var showsWork: Bool
    }

    static func render(_ scope: DiscussionScope, replies: [DiscussionReply], work: Work, request: Request, form: FormState,
                       deps: DiscussionDependencies, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let d = scope.discussion, community = scope.community
        let canModerate = scope.canModerate
        let canAccept = DiscussionRules.mayAccept(actor: scope.actor, isAsker: scope.isAsker, kind: d.kind).isAllowed
        let replyDecision = DiscussionRules.mayReply(actor: scope.actor, isLocked: d.isLocked, isHidden: d.isHidden)
        let byID = Dictionary(uniqueKeysWithValues: replies.map { ($0.id, $0) })
        let show = Site.discussions.show(d.id)
        func line(_ r: DiscussionReply, children: [ReplyLine] = []) -> ReplyLine {
            let quoted = r.quoteID.flatMap { byID[$0] }.flatMap { q -> Quote? in
                q.hiddenReason == nil ? Quote(author: q.authorName ?? say("A former member"),
                                              excerpt: MarkdownText.html(String(q.body.prefix(200)) + (q.body.count > 200 ? "…" : "")),
                                              href: "#reply-\(q.id)", language: q.language) : nil
            }
            let open = replyDecision.isAllowed && r.hiddenReason == nil
            return ReplyLine(
                id: r.id, anchor: "reply-\(r.id)", author: r.authorName ?? say("A former member"), when: Dates.time(r.createdAt),
                body: MarkdownText.html(r.body), language: r.language, hidden: r.hiddenReason != nil,
                hiddenReason: r.hiddenReason ?? "", showsBody: r.hiddenReason == nil || canModerate,
                isAnswer: d.acceptedReplyID == r.id, quote: quoted, children: children, hasChildren: !children.isEmpty,
                replyHref: open ? show + QueryTextFor.reply(parent: r.parentID ?? r.id) : nil,
                quoteHref: open ? show + QueryTextFor.quote(r.id, parent: r.parentID ?? r.id) : nil,
                canAccept: canAccept && r.hiddenReason == nil && d.acceptedReplyID != r.id, canModerate: canModerate,
                hideAction: Site.discussions.hideReply(r.id), restoreAction: Site.discussions.restoreReply(r.id))
        }
        let tops = replies.filter { $0.parentID == nil }.map { top in
            line(top, children: replies.filter { $0.parentID == top.id }.map { line($0) })
        }
        let params = request.uri.queryParameters
        let parentID = form.values["parent"].flatMap { Int64($0) } ?? params.get("parent").flatMap { Int64(String($0)) }
        let quoteID = form.values["quote"].flatMap { Int64($0) } ?? params.get("quote").flatMap { Int64(String($0)) }
        let respondingTo: String? = if let quoteID, let q = byID[quoteID] {
            say("Quoting \("name", q.authorName ?? say("A former member"))")
        } else if let parentID, let p = byID[parentID] {
            say("Replying to \("name", p.authorName ?? say("A former member"))")
        } else { nil }
        let view = View(
            id: d.id, title: d.title, language: d.language, kind: d.kind.said, isQuestion: d.kind == .question,
            answered: d.isAnswered, locked: d.isLocked, hidden: d.isHidden, hiddenReason: d.hiddenReason ?? "",
            author: d.authorName ?? say("A former member"), when: Dates.time(d.createdAt), challenge: d.challengeTitle,
            challengeHref: d.challengeID.map { Site.challenges.show($0) }, body: MarkdownText.html(d.body),
            answer: d.acceptedReplyID.flatMap { byID[$0] }.map { line($0) },
            replies: tops, hasReplies: !replies.isEmpty, count: Dates.count(d.replyCount, "reply", "replies"),
            canReply: replyDecision.isAllowed,
            cannotReply: replyDecision.isAllowed || !scope.actor.isSignedIn ? nil : {
                if case .notNow(let reason) = replyDecision { return say(reason) }
                return say("Join the community to reply.")
            }(),
            replyAction: Site.discussions.replies(d.id), form: form,
            parentField: parentID.map(String.init) ?? "", quoteField: quoteID.map(String.init) ?? "", respondingTo: respondingTo,
            cancelHref: show + "#reply-form", canAccept: canAccept && d.isAnswered, acceptAction: Site.discussions.accept(d.id),
            canModerate: canModerate, lockAction: Site.discussions.lock(d.id), hideAction: Site.discussions.hide(d.id),
            restoreAction: Site.discussions.restore(d.id), listHref: Site.discussions.index(community.slug),
            becameIdea: work.outcomes.idea.map { Link(href: Site.ideas.show($0.id), label: $0.title) },
            becameResource: work.outcomes.resource.map { Link(href: Site.library.show($0.id), label: $0.title) },
            ideaIn: work.outcomes.idea != nil || d.isHidden ? [] : work.openChallenges.map {
                Link(href: Site.ideas.new($0.id, query: [("discussion", String(d.id))]), label: $0.title)
            },
            canTurnIntoIdea: work.outcomes.idea == nil && !d.isHidden && !work.openChallenges.isEmpty,
            canKeep: work.outcomes.resource == nil && !d.isHidden && scope.check(.contribute).isAllowed,
            keepAction: Site.discussions.keep(d.id),
            showsWork: work.outcomes.idea != nil || work.outcomes.resource != nil
                || (!d.isHidden && scope.check(.contribute).isAllowed))
        return try deps.renderer.page("discussions/show", view, context: context, title: d.title, status: status,
                                      community: community,
                                      crumbs: crumbs(community) + [Crumb(title: "Discussions", href: Site.discussions.index(community.slug))],
                                      errors: form.list, follow: work.follow)
    }
}

/// The reply form's place in the page, answering or quoting a reply.
enum QueryTextFor {
    static func reply(parent: Int64) -> String { "?parent=\(parent)#reply-form" }
    static func quote(_ id: Int64, parent: Int64) -> String { "?parent=\(parent)&quote=\(id)#reply-form" }
}
