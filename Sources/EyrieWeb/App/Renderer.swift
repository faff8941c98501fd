import EyrieCore
import Foundation
import Hummingbird
import HTTPTypes
import Mustache

/// One link in the breadcrumbs.
struct Crumb: Sendable {
    var title: String
    var href: String
}

/// What the layout needs on every page.
struct Chrome {
    var title: String
    var signedIn: Bool
    /// False on a 503 page drawn without the session (the database did not answer): neither "Sign in" nor the
    /// member's name, since Eyrie does not know who is asking.
    var showsAccount: Bool
    var memberID: Int64
    var memberName: String
    /// Unread notifications.
    var unread: Int
    var hasUnread: Bool
    var csrf: String
    var flash: String?
    var communityName: String?
    var communitySlug: String?
    var crumbs: [Crumb]
    var hasCrumbs: Bool
    var errorSummary: [SummaryLine]
    var hasErrors: Bool
    /// The follow button of the page's challenge, idea, workshop or offering, for a signed-in viewer.
    var follow: FollowButton?
    /// Addresses every page may link to.
    var site = SiteLinks.shared
    /// The viewer's profile and the page's community, when there are.
    var profileLink: String?
    var communityLink: String?
    /// The page's language (`<html lang dir>`) and the others a reader may switch to.
    var lang = "en"
    var dir = "ltr"
    var languages: [LanguageOption] = []
    var hasLanguageChoice = false
    /// Where the language switcher posts, and the page to come back to.
    var languageAction = Site.accounts.language()
    var here = "/"
}

extension Chrome: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "title": title, "signedIn": signedIn, "showsAccount": showsAccount, "memberID": memberID,
            "memberName": memberName, "unread": unread, "hasUnread": hasUnread, "csrf": csrf, "crumbs": crumbs,
            "hasCrumbs": hasCrumbs, "errorSummary": errorSummary, "hasErrors": hasErrors, "site": site, "lang": lang,
            "dir": dir, "languages": languages, "hasLanguageChoice": hasLanguageChoice, "languageAction": languageAction,
            "here": here,
        ]
        fields.keep("flash", flash)
        fields.keep("communityName", communityName)
        fields.keep("communitySlug", communitySlug)
        fields.keep("follow", follow)
        fields.keep("profileLink", profileLink)
        fields.keep("communityLink", communityLink)
        return fields
    }
}

extension Crumb: TemplateFields {
    var templateFields: [String: Any] { ["title": title, "href": href] }
}

extension SummaryLine: TemplateFields {
    var templateFields: [String: Any] { ["field": field, "message": message] }
}

extension LanguageOption: TemplateFields {
    var templateFields: [String: Any] { ["tag": tag, "name": name, "selected": selected] }
}

extension FollowButton: TemplateFields {
    var templateFields: [String: Any] {
        ["action": action, "following": following, "noun": noun, "followers": followers, "followersText": followersText]
    }
}

extension Screen: TemplateFields {
    var templateFields: [String: Any] { ["chrome": chrome, "view": view, "t": t] }
}

/// One line of the error summary: the field it links to and what is wrong, in the page's language.
struct SummaryLine {
    var field: String
    var message: String
}

/// One language in the footer's switcher.
struct LanguageOption {
    var tag: String
    var name: String
    var selected: Bool
}

/// "Follow" or "Following" for one thing, posting to follow it or to stop.
struct FollowButton {
    /// Where the button posts: to follow, or to stop following.
    var action: String
    var following: Bool
    /// "idea", "challenge", "workshop", "offering".
    var noun: String
    var followers: Int
    /// "3 following", in the reader's language.
    var followersText: String
}

/// The root object a template renders: layout data plus the page's own view model.
struct Screen {
    var chrome: Chrome
    var view: Any
    /// `{{#t}}Sign in{{/t}}`: the message in the page's language.
    var t: MustacheLambda
}

/// Renders Mustache templates from `web/templates` into HTML responses. Templates are loaded once at start.
public struct Renderer: Sendable {
    /// The templates as written, for a language without its own copy: their `{{#t}}` sections call `Screen.t`.
    let library: MustacheLibrary
    /// Each offered language's templates with their messages already in place.
    let translated: TranslatedTemplates?
    let fragments: FragmentCache

    public init(directory: String, translations: Translations? = nil, fragmentLimit: Int = 5_000,
                fragmentBytes: Int = 64 << 20) async throws {
        library = try TranslatedTemplates.untranslated(directory: directory)
        translated = try translations.map { try TranslatedTemplates.load(directory: directory, translations: $0) }
        fragments = FragmentCache(limit: fragmentLimit, byteLimit: fragmentBytes)
    }

    /// The templates to render in `messages`' language.
    func library(for messages: Messages) -> MustacheLibrary {
        translated?.libraries[messages.language.tag] ?? library
    }

    /// Renders a page inside the layout. A missing template is a 500 (programming error), never a blank page.
    func page(
        _ template: String, _ view: Any, context: AppContext, title: String, status: HTTPResponse.Status = .ok,
        community: Community? = nil, crumbs: [Crumb] = [], errors: [FieldError] = [], follow: FollowButton? = nil
    ) throws -> Response {
        let messages = context.messages
        let chrome = Chrome(
            title: messages.title(title), signedIn: context.viewer != nil,
            showsAccount: context.viewer != nil || status != .serviceUnavailable, memberID: context.viewer?.member.id ?? 0,
            memberName: context.viewer?.member.name ?? "", unread: context.viewer?.unread ?? 0,
            hasUnread: (context.viewer?.unread ?? 0) > 0,
            csrf: context.csrf, flash: context.flash, communityName: community?.name, communitySlug: community?.slug,
            crumbs: crumbs.map { Crumb(title: messages.title($0.title), href: $0.href) }, hasCrumbs: !crumbs.isEmpty,
            errorSummary: errors.map { SummaryLine(field: $0.field, message: say($0.phrase)) }, hasErrors: !errors.isEmpty,
            follow: context.viewer == nil ? nil : follow,
            profileLink: context.viewer.map { Site.accounts.member($0.member.id) },
            communityLink: community.map { Site.communities.show($0.slug) },
            lang: context.language.tag, dir: context.language.direction,
            languages: context.offeredLanguages.map { LanguageOption(tag: $0.tag, name: $0.name, selected: $0 == context.language) },
            hasLanguageChoice: context.offeredLanguages.count > 1, here: context.here)
        guard let html = library(for: messages).render(tree(Screen(chrome: chrome, view: view, t: context.messages.lambda), in: context.messages),
                                        withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "template \(template) is missing")
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// One fragment's HTML in the reader's language, from the cache or rendered (its fields are listed only when it is
    /// rendered).
    func html(_ fragment: any TemplateFragment, in messages: Messages = .current) -> String {
        fragments.html(for: fragment, language: messages.language.tag) {
            var fields = fragment.templateFields
            fields["t"] = messages.lambda
            return library(for: messages).render(fields, withTemplate: $0) ?? ""
        }
    }

    /// The view model as dictionaries and arrays, with fragments (idea cards) rendered or taken from the cache.
    func tree(_ value: Any, in messages: Messages = .current) -> Any {
        RenderTree { html($0, in: messages) }.build(value)
    }

    /// The error page for a status, with a message a person can act on.
    func error(_ status: HTTPResponse.Status, message: String?, join: JoinPrompt? = nil, context: AppContext) -> Response {
        var view = ErrorView(status: status, message: message.map(context.messages.title))
        view.join = join
        if let response = try? page("error", view, context: context, title: view.heading, status: status) {
            return response
        }
        return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: view.heading)))
    }
}

/// The 400/403/404/413/422/429/500/503 page.
struct ErrorView {
    var code: Int
    var heading: String
    var message: String
    /// For a 403 that membership would lift: the button to join.
    var join: JoinPrompt?

    init(status: HTTPResponse.Status, message: String?) {
        code = status.code
        let heading: Phrase = switch status.code {
        case 400: "Bad request"
        case 403: "You can't do that"
        case 404: "Page not found"
        case 405: "Not allowed"
        case 413: "Too much data"
        case 422: "This can't be done now"
        case 429: "Too many attempts"
        case 503: "Eyrie is unavailable"
        default: "Something went wrong"
        }
        self.heading = say(heading)
        let fallback: Phrase = switch status.code {
        case 400: "The request could not be read. Go back and try again."
        case 403: "You don't have permission to do this. Ask a steward of the community if you think you should."
        case 404: "If you typed the web address, check it is correct. If you followed a link, the page may have moved."
        case 413: "What you sent is larger than Eyrie accepts. Shorten it and try again."
        case 503: "The database is not answering. Try again in a minute."
        default: "The problem has been logged. Try again later."
        }
        self.message = message ?? say(fallback)
    }
}

/// An answer already rendered (a page with a refusal's full explanation), thrown from deep in a handler.
struct RenderedError: Error {
    var response: Response
}

/// A 303 to `path` carrying a one-time message for the next page.
func redirect(to path: String, flash: Phrase? = nil) -> Response {
    var response = Response(status: .seeOther, headers: [.location: path])
    if let flash {
        let value = Data(say(flash).utf8).base64EncodedString()
        response.setCookie(Cookie(name: Cookies.flash, value: value, path: "/", httpOnly: true, sameSite: .lax))
    }
    return response
}

/// A 303 carrying a message already in the reader's language (made of several phrases).
func redirect(to path: String, saying flash: String) -> Response {
    redirect(to: path, flash: .verbatim(flash))
}

/// Cookie names.
enum Cookies {
    static let session = "eyrie_session"
    static let csrf = "eyrie_csrf"
    static let flash = "eyrie_flash"
    /// A visitor's chosen language (a member's is kept on their account too).
    static let language = "eyrie_lang"
}
