import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A member's e-mail settings (the digest: daily, weekly or never) and what they follow; the one-click unsubscribe
/// link every e-mail carries, which works without signing in (the signed token is the authority).
struct MailController {
    let deps: FollowingDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.following.mail, use: settings)
        router.post(Site.following.mail, use: save)
        router.get(Site.following.unsubscribe, use: confirm)
        router.post(Site.following.unsubscribe, use: unsubscribe)
    }

    struct Choice { var value: String; var label: String; var checked: Bool }
    struct Followed { var title: String; var path: String; var kind: String }
    struct View {
        var choices: [Choice]
        var optedOut: Bool
        var followed: [Followed]
        var hasFollowed: Bool
        var noMailServer: Bool
        var mailFolder: String?
    }

    @Sendable func settings(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        async let current = deps.mail.frequency(memberID: viewer.member.id)
        async let followed = deps.follows.list(memberID: viewer.member.id)
        let (choice, list) = try await (current, followed)
        let (frequency, optedOut) = (choice.frequency, choice.optedOut)
        let view = View(choices: DigestFrequency.allCases.map { Choice(value: $0.rawValue, label: $0.said, checked: $0 == frequency) },
                        optedOut: optedOut, followed: list.map {
                            let kind = FollowKind($0.target)
                            return Followed(title: $0.title, path: kind.page($0.target.id), kind: say(kind.noun))
                        },
                        hasFollowed: !list.isEmpty, noMailServer: deps.config.smtpURL == nil,
                        // Where the messages go instead is the operators' business: only platform admins see the folder.
                        mailFolder: deps.config.smtpURL == nil && CommunityRules.check(.seeOperations,
                            actor: deps.actor(context, role: nil)).isAllowed ? deps.config.mailDirectory : nil)
        return try deps.renderer.page("following/mail", view, context: context, title: "E-mail and following")
    }

    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        guard let frequency = DigestFrequency(rawValue: context.form["digest"] ?? "") else {
            throw HTTPError(.unprocessableContent, message: "Choose how often the digest comes: every day, every week or never.")
        }
        try await deps.mail.choose(frequency, memberID: viewer.member.id)
        return redirect(to: Site.following.mail(), flash: frequency == .never ? "No more digests." : "Digest: \("frequency", say(Phrase(frequency.label)).lowercased()).")
    }

    struct ConfirmView {
        var token: String
        var done: Bool
        /// Where the button posts: the same signed link.
        var action: String

        init(token: String, done: Bool) {
            self.token = token
            self.done = done
            action = Site.following.unsubscribe(token)
        }
    }

    /// A link scanner may open the link: the GET only asks; the button (or the mail client's one-click POST) acts.
    @Sendable func confirm(_ request: Request, context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard try await UnsubscribeLink.load(deps.db).member(token) != nil else { throw HTTPError(.notFound) }
        return try deps.renderer.page("following/unsubscribe", ConfirmView(token: token, done: false), context: context,
                                          title: "Stop e-mails from Eyrie")
    }

    @Sendable func unsubscribe(_ request: Request, context: AppContext) async throws -> Response {
        let token = context.parameters.get("token") ?? ""
        guard let member = try await UnsubscribeLink.load(deps.db).member(token) else { throw HTTPError(.notFound) }
        try await deps.mail.optOut(memberID: member)
        return try deps.renderer.page("following/unsubscribe", ConfirmView(token: token, done: true), context: context,
                                          title: "E-mails stopped")
    }
}
