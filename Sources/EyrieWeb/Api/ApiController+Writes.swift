import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The API's writes: the same rules, validators and stores as the forms, with JSON in and out.
extension ApiController {
    /// The JSON body as the form fields the validators read: texts as they are, numbers as written, lists of texts
    /// joined with commas (tags, co-authors).
    static func form(_ context: AppContext) throws -> [String: String] {
        var form: [String: String] = [:]
        for (key, value) in context.apiBody {
            switch value {
            case .string(let text): form[key] = text
            case .number(let text): form[key] = text
            case .bool(let flag): form[key] = flag ? "on" : ""
            case .null: break
            case .array(let items):
                var texts: [String] = []
                for item in items {
                    guard case .string(let text) = item else {
                        throw ApiProblem(status: .unprocessableContent, detail: "\("field", key) must list texts.",
                                         errors: [.init(key, "List texts")])
                    }
                    texts.append(text)
                }
                form[key] = texts.joined(separator: ",")
            case .object:
                throw ApiProblem(status: .unprocessableContent, detail: "\("field", key) must not be an object.", errors: [.init(key, "Not an object")])
            }
        }
        return form
    }

    /// Submits an idea (`draft: true` keeps it a draft); `key` makes a repeated request submit it once.
    @Sendable func submitIdea(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.challengeScope(request, context: context)
        let (challenge, community, actor) = (scope.challenge, scope.community, scope.actor)
        try deps.enforce(IdeaRules.checkSubmission(to: challenge, actor: actor), request, community: community)
        var form = try Self.form(context)
        if let authors = form.removeValue(forKey: "coauthors") { form["coauthors"] = authors }
        let draft = try IdeaDraft.validate(form)
        let coAuthors = try await deps.members.coAuthors(draft, communityID: community.id)
        let key = String((form["key"] ?? "").prefix(64))
        let id = try await deps.ideas.create(draft, challenge: challenge, authorID: context.viewer!.member.id,
                                                 coAuthorIDs: coAuthors, state: form["draft"] == "on" ? .draft : .submitted,
                                                 submissionKey: key.isEmpty ? Token.random(bytes: 16) : key)
        return try ApiJSON.created(ApiResources.Created(id: id, url: Site.api.idea(id)))
    }

    @Sendable func comment(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.comment), request, community: scope.community)
        var form = try Self.form(context)
        if let parent = form.removeValue(forKey: "parent_id") { form["parent"] = parent }
        let draft = try CommentDraft.validate(form)
        let id = try await deps.comments.add(ideaID: scope.idea.id, communityID: scope.community.id,
                                                 authorID: context.viewer!.member.id, draft: draft)
        return try ApiJSON.created(ApiResources.Created(id: id, url: Site.api.comments(scope.idea.id)))
    }

    /// Supports the idea; supporting again changes nothing (PUT is idempotent).
    @Sendable func support(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.support), request, community: scope.community)
        try await deps.voting.support(scope, memberID: context.viewer!.member.id)
        return try ApiJSON.ok(ApiResources.Done(ok: true, message: "You support this idea."))
    }

    @Sendable func unsupport(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.unsupport), request, community: scope.community)
        try await deps.supports.unsupport(ideaID: scope.idea.id, memberID: context.viewer!.member.id,
                                              challengeID: scope.challenge.id)
        return try ApiJSON.ok(ApiResources.Done(ok: true, message: "Support withdrawn."))
    }

    @Sendable func addDot(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.addDot), request, community: scope.community)
        let left = try await deps.voting.addDot(scope, memberID: context.viewer!.member.id)
        return try ApiJSON.ok(ApiResources.Done(ok: true, message: "Dot added; \(left) left."))
    }

    @Sendable func removeDot(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.ideaScope(request, context: context)
        try deps.enforce(scope.check(.removeDot), request, community: scope.community)
        let removed = try await deps.dots.remove(ideaID: scope.idea.id, memberID: context.viewer!.member.id,
                                                     challengeID: scope.challenge.id)
        return try ApiJSON.ok(ApiResources.Done(ok: removed, message: removed ? "Dot taken back." : "You had no dot on this idea."))
    }

    /// The pair to compare next, with the prompt to send back with the answer (signed-in members of the survey).
    @Sendable func pair(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else {
            throw ApiProblem(status: .unauthorized, detail: "The survey needs a personal API token.", headers: [.wwwAuthenticate: "Bearer"])
        }
        let (challenge, community, settings, actor) = try await deps.survey(request, context: context)
        try deps.enforce(settings.checkPairwise(actor: actor, phase: challenge.phase()), request, community: community)
        let next = try await deps.voting.nextPair(challengeID: challenge.id, communityID: community.id, memberID: viewer.member.id)
        return try ApiJSON.ok(ApiResources.Pair(prompt: next.pair?.prompt, left: next.pair.map { .init($0.left) },
                                                right: next.pair.map { .init($0.right) }, answered: next.answered),
                              cacheable: false)
    }

    /// Answers the pair last shown (`prompt`, `choice` left/right/skip, and for skip a `reason`); a stale or repeated
    /// answer is not counted.
    @Sendable func answerPair(_ request: Request, context: AppContext) async throws -> Response {
        let (challenge, community, settings, actor) = try await deps.survey(request, context: context)
        try deps.enforce(settings.checkPairwise(actor: actor, phase: challenge.phase()), request, community: community)
        let form = try Self.form(context)
        let answer = try PairwiseAnswer.validate(form)
        let recorded = try await deps.pairwise.answer(challengeID: challenge.id, memberID: context.viewer!.member.id,
                                                          token: String((form["prompt"] ?? "").prefix(64)), answer: answer)
        return try ApiJSON.ok(ApiResources.Done(ok: recorded, message: recorded ? "Answer recorded."
            : "That pair was already answered or is not the one shown last: ask for the next pair."))
    }
}

/// JSON responses: keys sorted and dates in ISO 8601, so that the same data gives the same bytes (and `ETag`).
enum ApiJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func ok(_ value: some Encodable, cacheable: Bool = true) throws -> Response {
        var response = try respond(value, status: .ok)
        if !cacheable { response.headers[.cacheControl] = "no-store" }
        return response
    }

    static func created(_ value: ApiResources.Created) throws -> Response {
        var response = try respond(value, status: .created)
        response.headers[.location] = value.url
        return response
    }

    private static func respond(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        var data = try encoder.encode(value)
        data.append(10)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
