import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// Discussions: members ask and talk, reply (quoting, one level deep), and the asker marks the answer; facilitators
/// and stewards hide and restore posts with a reason and lock discussions.
struct DiscussionController {
    let deps: DiscussionDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.discussions.index, use: index)
        router.post(Site.discussions.index, use: create)
        router.get(Site.discussions.new, use: new)
        router.get(Site.discussions.show, use: show)
        router.post(Site.discussions.replies, use: reply)
        router.post(Site.discussions.accept, use: accept)
        router.post(Site.discussions.lock, use: lock)
        router.post(Site.discussions.hide, use: hide)
        router.post(Site.discussions.restore, use: restore)
        router.post(Site.discussions.hideReply, use: hideReply)
        router.post(Site.discussions.restoreReply, use: restoreReply)
        router.post(Site.discussions.keep, use: keep)
    }

    /// What the page reads besides the replies: what the discussion became, and where it could become an idea.
    private func work(_ scope: DiscussionScope, context: AppContext) async throws -> DiscussionPage.Work {
        async let outcomes = deps.discussions.outcomes(discussionID: scope.discussion.id)
        async let challenges = deps.challenges.list(communityID: scope.community.id)
        async let follow = deps.follows.button(.discussion(scope.discussion.id), context: context)
        let open = try await challenges.filter { IdeaRules.checkSubmission(to: $0, actor: scope.actor).isAllowed }
        return try await DiscussionPage.Work(outcomes: outcomes, openChallenges: open, follow: follow)
    }

    /// Keeps the discussion in the library (once: a second time opens the resource it became).
    @Sendable func keep(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.discussionScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        let kind: ResourceKind = scope.discussion.kind == .question ? .lesson : .case
        let id = try await deps.discussions.keepAsResource(discussionID: scope.discussion.id, kind: kind,
                                                           actorID: context.viewer!.member.id)
        return redirect(to: Site.library.show(id), flash: "Kept in the library. Edit it to make it useful to others.")
    }

    @Sendable func index(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        return try await DiscussionListPage.render(scope, request: request, deps: deps, context: context)
    }

    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        var values = ["kind": DiscussionKind.question.rawValue]
        if let challenge = request.uri.queryParameters.get("challenge") { values["challenge"] = String(challenge) }
        return try await DiscussionForm.render(FormState(values: values), scope: scope, deps: deps, context: context)
    }

    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.communityScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        let challenges = try await deps.challenges.list(communityID: scope.community.id).map(\.id)
        do {
            let draft = try DiscussionDraft.validate(context.form, challenges: challenges)
            let id = try await deps.discussions.create(draft, communityID: scope.community.id, actorID: context.viewer!.member.id)
            let done: Phrase = draft.kind == .question ? "Question asked. Members can answer it now." : "Discussion started."
            return redirect(to: Site.discussions.show(id), flash: done)
        } catch let invalid as ValidationErrors {
            return try await DiscussionForm.render(FormState(values: context.form, errors: invalid.errors), scope: scope,
                                                   deps: deps, context: context, status: .unprocessableContent)
        }
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.discussionScope(request, context: context)
        let replies = try await deps.discussions.replies(discussionID: scope.discussion.id)
        return try DiscussionPage.render(scope, replies: replies, work: try await work(scope, context: context), request: request, form: FormState(),
                                         deps: deps, context: context)
    }

    @Sendable func reply(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.discussionScope(request, context: context)
        let d = scope.discussion
        try deps.enforce(DiscussionRules.mayReply(actor: scope.actor, isLocked: d.isLocked, isHidden: d.isHidden), request,
                         community: scope.community)
        do {
            let draft = try ReplyDraft.validate(context.form)
            let id = try await deps.discussions.reply(discussionID: d.id, draft, actorID: context.viewer!.member.id)
            return redirect(to: Site.discussions.show(d.id) + "#reply-\(id)", flash: "Reply posted.")
        } catch let invalid as ValidationErrors {
            let replies = try await deps.discussions.replies(discussionID: d.id)
            return try DiscussionPage.render(scope, replies: replies, work: try await work(scope, context: context), request: request,
                                             form: FormState(values: context.form, errors: invalid.errors), deps: deps,
                                             context: context, status: .unprocessableContent)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: say("This discussion is locked: it takes no more replies."))
        } catch StoreError.notFound {
            throw HTTPError(.unprocessableContent, message: say("The reply you answered or quoted is no longer here."))
        }
    }

    /// The asker (or a steward) marks the reply that answered the question; `reply=none` takes the mark back.
    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.discussionScope(request, context: context)
        try deps.enforce(DiscussionRules.mayAccept(actor: scope.actor, isAsker: scope.isAsker, kind: scope.discussion.kind),
                         request, community: scope.community)
        let raw = context.form["reply"] ?? ""
        let replyID: Int64? = raw == "none" ? nil : Int64(raw)
        guard raw == "none" || replyID != nil else {
            throw HTTPError(.unprocessableContent, message: say("Choose the reply that answered the question."))
        }
        do {
            try await deps.discussions.accept(discussionID: scope.discussion.id, replyID: replyID, actorID: context.viewer!.member.id)
        } catch StoreError.notFound {
            throw HTTPError(.unprocessableContent, message: say("Choose the reply that answered the question."))
        }
        let done: Phrase = replyID == nil ? "The answer is unmarked." : "Marked as the answer. Thank you for closing the loop."
        return redirect(to: Site.discussions.show(scope.discussion.id), flash: done)
    }

    @Sendable func lock(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.discussionScope(request, context: context)
        try deps.enforce(scope.check(.moderate), request, community: scope.community)
        let locking = context.form["locked"] != "off"
        try await deps.discussions.setLocked(discussionID: scope.discussion.id, locking, actorID: context.viewer!.member.id)
        let done: Phrase = locking ? "Discussion locked: it takes no more replies." : "Discussion open to replies again."
        return redirect(to: Site.discussions.show(scope.discussion.id), flash: done)
    }

    @Sendable func hide(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.discussionScope(request, context: context)
        try deps.enforce(scope.check(.moderate), request, community: scope.community)
        let reason = try validatedReason(context.form["reason"], required: true)
        try await deps.discussions.setHidden(discussionID: scope.discussion.id, reason: reason, actorID: context.viewer!.member.id)
        return redirect(to: Site.discussions.show(scope.discussion.id), flash: "Discussion hidden. Only its author and moderators see it.")
    }

    @Sendable func restore(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.discussionScope(request, context: context)
        try deps.enforce(scope.check(.moderate), request, community: scope.community)
        try await deps.discussions.setHidden(discussionID: scope.discussion.id, reason: nil, actorID: context.viewer!.member.id)
        return redirect(to: Site.discussions.show(scope.discussion.id), flash: "Discussion restored.")
    }

    @Sendable func hideReply(_ request: Request, context: AppContext) async throws -> Response {
        try await moderateReply(request, context: context, hide: true)
    }

    @Sendable func restoreReply(_ request: Request, context: AppContext) async throws -> Response {
        try await moderateReply(request, context: context, hide: false)
    }

    /// A reply's discussion decides who may moderate it; a reply of a community the viewer may not see is a 404.
    private func moderateReply(_ request: Request, context: AppContext, hide: Bool) async throws -> Response {
        let replyID = try context.parameters.id()
        guard let discussionID = try await deps.discussions.discussionOf(replyID: replyID),
              let visit = try await deps.discussions.visit(id: discussionID, viewerID: context.viewer?.member.id) else {
            throw HTTPError(.notFound)
        }
        let scope = DiscussionScope(visit: visit, actor: deps.actor(context, role: visit.role))
        try deps.scopes.ensureVisible(visit.community, actor: scope.actor, request)
        try deps.enforce(scope.check(.moderate), request, community: scope.community)
        let reason = hide ? try validatedReason(context.form["reason"], required: true) : nil
        try await deps.discussions.setReplyHidden(replyID: replyID, reason: reason, actorID: context.viewer!.member.id)
        let done: Phrase = hide ? "Reply hidden." : "Reply restored."
        return redirect(to: Site.discussions.show(discussionID) + "#reply-\(replyID)", flash: done)
    }
}
