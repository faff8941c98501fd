import EyrieCore
import EyrieStore
import Foundation
import Hummingbird
import HummingbirdBcrypt
import NIOPosix

/// Members an import made cannot sign in: a steward of one of their communities (or a platform admin) invites them
/// from their profile with the address to use; Eyrie e-mails them the link (through the outbox), which opens a page
/// where they choose a password, once, within a week, and are signed in. The steward never sees the link: it opens
/// someone else's account.
struct InvitationController {
    let deps: AccountsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.post(Site.accounts.invite, use: invite)
        router.get(Site.accounts.invitation, use: show)
        router.post(Site.accounts.invitation, use: accept)
    }

    struct InvitedView { var name: String; var email: String; var memberID: Int64; var profile: String }
    struct AcceptView { var name: String; var email: String; var action: String; var form: FormState }

    /// Makes the invitation and sends it.
    @Sendable func invite(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        let id = try context.parameters.id()
        guard let member = try await deps.members.find(id: id) else { throw HTTPError(.notFound) }
        guard try await deps.inviteRights.mayInvite(viewer: viewer, memberID: id) else {
            throw HTTPError(.forbidden, message: "Only a steward of one of their communities can invite a member an import made.")
        }
        var errors: [FieldError] = []
        let email = Email.validate(context.form["email"], into: &errors)
        if !errors.isEmpty { throw HTTPError(.unprocessableContent, message: errors[0].message) }
        let base = deps.config.publicURL ?? "http://\(request.head.authority ?? "localhost")"
        do {
            _ = try await deps.invitations.create(memberID: id, email: email, invitedBy: viewer.member.id,
                                                  mail: .init(site: base, voices: Messages.current.voices))
        } catch InvitationRepository.Refusal.addressTaken {
            throw HTTPError(.unprocessableContent, message: "Another account uses \(email): they can sign in with it already.")
        }
        let view = InvitedView(name: member.name, email: email, memberID: id, profile: Site.accounts.member(id))
        var response = try deps.renderer.page("accounts/invited", view, context: context, title: say("Invitation for \("member", member.name)"))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard token.count < 100, let pending = try await deps.invitations.find(token: token) else { throw Self.unusable }
        return try render(pending, token: token, form: FormState(), context: context)
    }

    /// Sets the address and the password, then signs the member in.
    @Sendable func accept(_ request: Request, context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard token.count < 100, let pending = try await deps.invitations.find(token: token) else { throw Self.unusable }
        if let provider = try await deps.singleSignOn.provider(email: pending.email), provider.required {
            let name = provider.organisationName
            throw HTTPError(.unprocessableContent, message: "\(name) signs its people in through its own sign-in: choose "
                + "“Continue with \(name)” on the sign-in page, with \(pending.email), instead of a password.")
        }
        var errors: [FieldError] = []
        let password = Password.check(context.form["password"], into: &errors)
        if !errors.isEmpty {
            return try render(pending, token: token, form: FormState(values: [:], errors: errors), context: context,
                              status: .unprocessableContent)
        }
        let cost = deps.config.bcryptCost
        let hash = try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
        let memberID: Int64
        do {
            memberID = try await deps.invitations.accept(token: token, passwordHash: hash)
        } catch InvitationRepository.Refusal.addressTaken {
            throw HTTPError(.unprocessableContent, message: "Another account uses \(pending.email) now. Ask the steward who invited you for a new link.")
        } catch is InvitationRepository.Refusal {
            throw Self.unusable
        }
        return try await deps.sessions.start(memberID: memberID, next: Site.accounts.member(memberID), config: deps.config, flash: "Welcome, \("name", pending.name): you can sign in with \("address", pending.email) from now on.")
    }

    static let unusable = HTTPError(.notFound, message: "This invitation has been used, has expired, or never existed. "
        + "Ask the steward who sent it for a new one.")

    private func render(_ pending: InvitationRepository.Pending, token: String, form: FormState, context: AppContext,
                        status: HTTPResponse.Status = .ok) throws -> Response {
        let view = AcceptView(name: pending.name, email: pending.email, action: Site.accounts.invitation(token), form: form)
        return try deps.renderer.page("accounts/accept", view, context: context, title: "Choose your password",
                                          status: status, errors: form.list)
    }
}
