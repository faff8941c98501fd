import EyrieCore
import EyrieStore
import Hummingbird

/// The buttons on an idea page: lifecycle transitions, moderation, supports and comments.
struct IdeaActionController {
    let deps: IdeasDependencies

    func register(on router: some RouterMethods<AppContext>) {
        for action in [IdeaAction.submit, .withdraw, .shortlist, .decline, .advance, .select] {
            router.post(Site.ideas.transition(action)!) { request, context in
                try await transition(action, request: request, context: context)
            }
        }
        router.post(Site.ideas.merge, use: merge)
        router.post(Site.ideas.hide, use: hide)
        router.post(Site.ideas.restore, use: restore)
        router.post(Site.ideas.support, use: support)
        router.post(Site.ideas.unsupport, use: unsupport)
        router.post(Site.ideas.addDot, use: addDot)
        router.post(Site.ideas.removeDot, use: removeDot)
        router.post(Site.ideas.comments, use: comment)
        router.post(Site.ideas.hideComment) { request, context in try await moderateComment(request, context, hide: true) }
        router.post(Site.ideas.restoreComment) { request, context in try await moderateComment(request, context, hide: false) }
    }

    /// Submit, withdraw, shortlist or decline: checked against the rules table, recorded in the history.
    func transition(_ action: IdeaAction, request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(action), request, community: scope.community)
        let reason = try validatedReason(context.form["reason"], required: action.needsReason)
        do {
            try await deps.ideas.transition(ideaID: scope.idea.id, from: action.sources, to: action.target!,
                                                actorID: context.viewer!.member.id, reason: reason)
        } catch StoreError.conflict {
            throw Self.changedMeanwhile
        }
        return redirect(to: Site.ideas.show(scope.idea.id), flash: "Idea \("state", say(Phrase(action.target!.label)).lowercased()).")
    }

    /// Merges this idea into another active idea of the same challenge.
    @Sendable func merge(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.merge), request, community: scope.community)
        guard let targetID = Int64(context.form["target"] ?? ""), targetID != scope.idea.id,
              let target = try await deps.ideas.find(id: targetID),
              target.challengeID == scope.challenge.id, target.state.isActive, target.hiddenReason == nil else {
            throw HTTPError(.unprocessableContent, message: "Choose another active idea of this challenge to merge into.")
        }
        let reason = try validatedReason(context.form["reason"], required: false)
        do {
            try await deps.ideas.merge(sourceID: scope.idea.id, targetID: targetID, from: IdeaAction.merge.sources,
                                           actorID: context.viewer!.member.id, reason: reason)
        } catch StoreError.conflict {
            throw Self.changedMeanwhile
        }
        return redirect(to: Site.ideas.show(targetID), flash: "Idea #\("id", scope.idea.id) merged into this one.")
    }

    /// Hides an idea from everyone but its authors and the stewards; the reason is kept in its history.
    @Sendable func hide(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.hide), request, community: scope.community)
        let reason = try validatedReason(context.form["reason"], required: true)
        try await deps.ideas.setHidden(ideaID: scope.idea.id, reason: reason, actorID: context.viewer!.member.id)
        return redirect(to: Site.ideas.show(scope.idea.id), flash: "Idea hidden.")
    }

    /// Shows a hidden idea again.
    @Sendable func restore(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.restore), request, community: scope.community)
        try await deps.ideas.setHidden(ideaID: scope.idea.id, reason: nil, actorID: context.viewer!.member.id)
        return redirect(to: Site.ideas.show(scope.idea.id), flash: "Idea restored.")
    }

    /// Supports the idea; a second support from the same member changes nothing.
    @Sendable func support(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.support), request, community: scope.community)
        try await deps.voting.support(scope, memberID: context.viewer!.member.id)
        return redirect(to: Site.ideas.show(scope.idea.id), flash: "You support this idea.")
    }

    /// Withdraws the member's support.
    @Sendable func unsupport(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.unsupport), request, community: scope.community)
        try await deps.supports.unsupport(ideaID: scope.idea.id, memberID: context.viewer!.member.id,
                                              challengeID: scope.challenge.id)
        return redirect(to: Site.ideas.show(scope.idea.id), flash: "Support withdrawn.")
    }

    /// Puts one of the member's dots on the idea; the database refuses when the budget or the per-idea limit is reached.
    @Sendable func addDot(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.addDot), request, community: scope.community)
        let left = try await deps.voting.addDot(scope, memberID: context.viewer!.member.id)
        return redirect(to: back(request, scope), flash: .plural("Dot added. You have {count} dot left.", "Dot added. You have {count} dots left.", count: left))
    }

    /// Takes one of the member's dots back from the idea.
    @Sendable func removeDot(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.removeDot), request, community: scope.community)
        let removed = try await deps.dots.remove(ideaID: scope.idea.id, memberID: context.viewer!.member.id,
                                                     challengeID: scope.challenge.id)
        return redirect(to: back(request, scope), flash: removed ? "Dot taken back." : "You had no dot on this idea.")
    }

    /// A vote, comment or merge that lost a race with a steward's move of the idea (declined, merged, …).
    static let changedMeanwhile = HTTPError(
        .unprocessableContent,
        message: "This idea changed while you were acting on it (a steward may have declined or merged it). "
            + "Reload it to see where it stands.")

    /// Dot buttons sit on the challenge page and the idea page: go back to the one the member used.
    private func back(_ request: Request, _ scope: IdeaScope) -> String {
        let path = returnPath(request)
        return path.hasPrefix(Site.challenges.show(scope.challenge.id)) ? path : Site.ideas.show(scope.idea.id)
    }

    /// Adds a comment or a reply; an invalid one re-renders the idea page with the message beside the box.
    @Sendable func comment(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.comment), request, community: scope.community)
        do {
            let draft = try CommentDraft.validate(context.form)
            let id = try await deps.comments.add(ideaID: scope.idea.id, communityID: scope.community.id,
                                                     authorID: context.viewer!.member.id, draft: draft)
            return redirect(to: Site.ideas.show(scope.idea.id) + "#comment-\(id)", flash: "Comment added.")
        } catch let invalid as ValidationErrors {
            var view = try await IdeaPage.build(scope, deps: deps, context: context)
            view.commentForm = FormState(values: context.form, errors: invalid.errors)
            return try deps.renderer.page("ideas/show", view, context: context, title: scope.idea.title,
                                              status: .unprocessableContent, community: scope.community,
                                              crumbs: ideaCrumbs(scope), errors: invalid.errors)
        } catch StoreError.notFound {
            throw HTTPError(.unprocessableContent, message: "The comment you replied to is not on this idea.")
        } catch StoreError.conflict {
            throw Self.changedMeanwhile
        }
    }

    /// Facilitators and stewards hide a comment (with a reason) or restore it.
    func moderateComment(_ request: Request, _ context: AppContext, hide: Bool) async throws -> Response {
        let commentID = try context.parameters.id()
        guard let comment = try await deps.comments.find(id: commentID) else { throw HTTPError(.notFound) }
        let scope = try await deps.ideaScope(request, context: context, id: comment.ideaID)
        try deps.enforce(scope.check(hide ? .hideComment : .restoreComment), request, community: scope.community)
        let reason = hide ? try validatedReason(context.form["reason"], required: true) : nil
        try await deps.comments.setHidden(commentID: commentID, reason: reason, actorID: context.viewer!.member.id)
        return redirect(to: Site.ideas.show(scope.idea.id) + "#comment-\(commentID)", flash: hide ? "Comment hidden." : "Comment restored.")
    }
}
