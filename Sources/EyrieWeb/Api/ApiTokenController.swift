import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A member's personal API tokens: the list (name, scope, when made and last used), a form to make one (the token
/// is shown once, on the page that answers the form) and a button to revoke each.
struct ApiTokenController {
    let deps: ApiDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.accounts.tokens, use: list)
        router.post(Site.accounts.tokens, use: create)
        router.post(Site.accounts.revokeToken, use: revoke)
    }

    struct Line { var id: Int64; var revokeAction: String; var name: String; var prefix: String; var scope: String; var made: String
                  var used: String; var revoked: String?; var live: Bool }
    struct View { var tokens: [Line]; var hasTokens: Bool; var form: FormState; var created: String?; var createdName: String? }

    @Sendable func list(_ request: Request, context: AppContext) async throws -> Response {
        guard context.viewer != nil else { throw SignInRequired(next: returnPath(request)) }
        return try await render(context, form: FormState())
    }

    /// Makes a token; the answer shows it this once (it is stored only as a hash).
    @Sendable func create(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        do {
            let (name, canWrite) = try ApiToken.validate(context.form)
            let made = try await deps.apiTokens.create(memberID: viewer.member.id, name: name, canWrite: canWrite)
            var response = try await render(context, form: FormState(), created: (made.token, name))
            response.headers[.cacheControl] = "no-store"
            return response
        } catch let invalid as ValidationErrors {
            return try await render(context, form: FormState(values: context.form, errors: invalid.errors), status: .unprocessableContent)
        }
    }

    /// Revokes one of the member's own tokens (another's is a 404); requests with it fail from then on.
    @Sendable func revoke(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        guard try await deps.apiTokens.revoke(id: try context.parameters.id(), memberID: viewer.member.id) else {
            throw HTTPError(.notFound)
        }
        return redirect(to: Site.accounts.tokens(), flash: "Token revoked: requests with it are refused from now on.")
    }

    private func render(_ context: AppContext, form: FormState, created: (token: String, name: String)? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let tokens = try await deps.apiTokens.list(memberID: context.viewer!.member.id)
        let lines = tokens.map {
            Line(id: $0.id, revokeAction: Site.accounts.revokeToken($0.id), name: $0.name, prefix: $0.prefix + "…", scope: $0.canWrite ? "read and write" : "read",
                 made: Dates.time($0.createdAt), used: $0.lastUsedAt.map(Dates.time) ?? "never",
                 revoked: $0.revokedAt.map(Dates.time), live: $0.revokedAt == nil)
        }
        let view = View(tokens: lines, hasTokens: !lines.isEmpty, form: form, created: created?.token, createdName: created?.name)
        return try deps.renderer.page("api/tokens", view, context: context, title: "API tokens", status: status,
                                          errors: form.list)
    }
}
