import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// Submitting, editing and showing ideas.
struct IdeaController {
    let deps: IdeasDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.ideas.new, use: new)
        router.post(Site.ideas.create, use: create)
        router.get(Site.ideas.similar, use: similar)
        router.get(Site.ideas.show, use: show)
        router.get(Site.ideas.edit, use: edit)
        router.post(Site.ideas.edit, use: update)
    }

    struct FormView {
        var form: FormState
        var challengeID: Int64
        var challengeTitle: String
        var question: String
        var action: String
        /// Where the form asks for ideas with a similar title while one types.
        var similarLink: String
        var key: String
        var isNew: Bool
        var similar: [IdeaCard]
        var hasSimilar: Bool
        /// "Written in": the content languages, the idea's (or else the writer's) chosen.
        var languages: [Option]
    }

    /// The submit form, while the challenge accepts ideas and the viewer is a member.
    @Sendable func new(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.challengeScope(request, context: context)
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        try deps.enforce(IdeaRules.checkSubmission(to: challenge, actor: actor), request, community: community)
        var values: [String: String] = [:]
        // From a discussion of the same community (`?discussion=`): its title, words and answer to start from.
        if let id = request.uri.queryParameters.get("discussion").flatMap({ Int64(String($0)) }),
           let source = try await sourceDiscussion(id, community: community, context: context) {
            values = source
        }
        return try await renderForm(FormState(values: values), challenge: challenge, community: community, context: context,
                                    key: Token.random(bytes: 16))
    }

    /// A discussion of `community` the viewer may read (not hidden), as the idea form's first values; nil otherwise.
    private func sourceDiscussion(_ id: Int64, community: Community, context: AppContext) async throws -> [String: String]? {
        guard let visit = try await deps.discussions.visit(id: id, viewerID: context.viewer?.member.id),
              visit.community.id == community.id, !visit.discussion.isHidden else { return nil }
        let d = visit.discussion
        var answer: String?
        if let accepted = d.acceptedReplyID {
            answer = try await deps.discussions.replies(discussionID: d.id).first { $0.id == accepted && $0.hiddenReason == nil }?.body
        }
        var values = DiscussionKeeping.ideaFields(title: d.title, question: d.body, answer: answer)
        values["discussion"] = String(d.id)
        values["language"] = d.language
        return values
    }

    /// Creates the idea (as a draft or submitted). The form's one-time key makes a double click create one idea.
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.challengeScope(request, context: context)
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        try deps.enforce(IdeaRules.checkSubmission(to: challenge, actor: actor), request, community: community)
        let key = String((context.form["key"] ?? "").prefix(64))
        do {
            let draft = try IdeaDraft.validate(context.form)
            var coAuthors = try await deps.members.coAuthors(draft, communityID: community.id)
            // From a discussion: its asker and the author of its answer are credited as co-authors, and it points here.
            var source: Int64?
            if let id = context.form["discussion"].flatMap({ Int64($0) }),
               try await sourceDiscussion(id, community: community, context: context) != nil {
                source = id
                for member in try await deps.discussions.contributors(discussionID: id)
                where member != context.viewer!.member.id && !coAuthors.contains(member) {
                    coAuthors.append(member)
                }
            }
            let state: IdeaState = context.form["action"] == "draft" ? .draft : .submitted
            let id = try await deps.ideas.create(draft, challenge: challenge, authorID: context.viewer!.member.id,
                                                     coAuthorIDs: coAuthors, state: state,
                                                     submissionKey: key.isEmpty ? Token.random(bytes: 16) : key)
            if let source { try await deps.discussions.linkIdea(discussionID: source, ideaID: id) }
            return redirect(to: Site.ideas.show(id), flash: state == .draft ? "Draft saved. Only you and your co-authors can see it." : "Idea submitted.")
        } catch let invalid as ValidationErrors {
            return try await renderForm(FormState(values: context.form, errors: invalid.errors), challenge: challenge,
                                        community: community, context: context, key: key, status: .unprocessableContent)
        }
    }

    /// Ideas with a similar title in the same challenge, as JSON, for the hint shown while typing.
    @Sendable func similar(_ request: Request, context: AppContext) async throws -> Response {
        let challenge = try await deps.challengeScope(request, context: context).challenge
        let title = String((request.uri.queryParameters.get("title") ?? "").prefix(140))
        let ideas = try await deps.ideaLists.similar(challengeID: challenge.id, title: title)
        let body = try JSONEncoder().encode(ideas.map { ["id": String($0.id), "title": $0.title, "href": Site.ideas.show($0.id)] })
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The idea page.
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        let reads = try await IdeaPage.load(scope, deps: deps, context: context)
        let view = IdeaPage(scope, reads: reads, viewerID: context.viewer?.member.id)
        return try deps.renderer.page("ideas/show", view, context: context, title: scope.idea.title,
                                      community: scope.community, crumbs: ideaCrumbs(scope), follow: reads.follow)
    }

    /// The edit form, for authors while the idea is a draft or submitted.
    @Sendable func edit(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, community: scope.community)
        let idea = scope.idea
        let emails = try await coAuthorEmails(idea)
        let values = ["title": idea.title, "summary": idea.summary, "body": idea.body,
                      "tags": idea.tags.joined(separator: ", "), "coauthors": emails.joined(separator: ", "),
                      "language": idea.language]
        return try await renderForm(FormState(values: values), challenge: scope.challenge, community: scope.community,
                                    context: context, key: "", ideaID: idea.id)
    }

    /// Saves the author's changes.
    @Sendable func update(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.edit), request, community: scope.community)
        do {
            let draft = try IdeaDraft.validate(context.form)
            let coAuthors = try await deps.members.coAuthors(draft, communityID: scope.community.id)
            let first = scope.idea.authors.first?.id ?? context.viewer!.member.id
            try await deps.ideas.update(ideaID: scope.idea.id, communityID: scope.community.id, draft: draft,
                                            authorIDs: [first] + coAuthors.filter { $0 != first })
            return redirect(to: Site.ideas.show(scope.idea.id), flash: "Changes saved.")
        } catch let invalid as ValidationErrors {
            return try await renderForm(FormState(values: context.form, errors: invalid.errors), challenge: scope.challenge,
                                        community: scope.community, context: context, key: "", ideaID: scope.idea.id,
                                        status: .unprocessableContent)
        }
    }

    /// The content languages, `chosen` selected, else the writer's own (their choice, else the page's).
    static func languageOptions(_ chosen: String?, context: AppContext) -> [Option] {
        let selected = chosen.flatMap { ContentLanguage.entry($0)?.tag }
            ?? ContentLanguage.closest(context.viewer?.language ?? context.language.tag)
        return ContentLanguage.all.map { Option(value: $0.tag, label: $0.ownName, selected: $0.tag == selected) }
    }

    private func coAuthorEmails(_ idea: Idea) async throws -> [String] {
        var emails: [String] = []
        for author in idea.authors.dropFirst() {
            if let member = try await deps.members.find(id: author.id) { emails.append(member.email) }
        }
        return emails
    }

    private func renderForm(_ form: FormState, challenge: Challenge, community: Community, context: AppContext,
                            key: String, ideaID: Int64? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let similar = status == .ok ? [] : try await deps.ideaLists.similar(
            challengeID: challenge.id, title: form.values["title"] ?? "", excluding: ideaID)
        let view = FormView(
            form: form, challengeID: challenge.id, challengeTitle: challenge.title, question: challenge.question,
            action: ideaID.map { Site.ideas.edit($0) } ?? Site.ideas.create(challenge.id),
            similarLink: Site.ideas.similar(challenge.id), key: key,
            isNew: ideaID == nil, similar: similar.map { IdeaCard($0) }, hasSimilar: !similar.isEmpty,
            languages: Self.languageOptions(form.values["language"], context: context))
        return try deps.renderer.page(
            "ideas/form", view, context: context, title: ideaID == nil ? "Submit an idea" : "Edit idea", status: status,
            community: community,
            crumbs: crumbs(community) + [Crumb(title: challenge.title, href: Site.challenges.show(challenge.id))], errors: form.list)
    }
}

func ideaCrumbs(_ scope: IdeaScope) -> [Crumb] {
    crumbs(scope.community) + [Crumb(title: scope.challenge.title, href: Site.challenges.show(scope.challenge.id))]
}
