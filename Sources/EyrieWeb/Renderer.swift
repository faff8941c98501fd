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
    var memberID: Int64
    var memberName: String
    var isAdmin: Bool
    var csrf: String
    var flash: String?
    var communityName: String?
    var communitySlug: String?
    var crumbs: [Crumb]
    var hasCrumbs: Bool
    var errorSummary: [FieldError]
    var hasErrors: Bool
}

/// The root object a template renders: layout data plus the page's own view model.
struct Screen {
    var chrome: Chrome
    var view: Any
}

/// Renders Mustache templates from `web/templates` into HTML responses. Templates are loaded once at start.
public struct Renderer: Sendable {
    let library: MustacheLibrary

    public init(directory: String) async throws {
        library = try await MustacheLibrary(directory: directory)
    }

    /// Renders a page inside the layout. A missing template is a 500 (programming error), never a blank page.
    func page(
        _ template: String, _ view: Any, context: AppContext, title: String, status: HTTPResponse.Status = .ok,
        community: Community? = nil, crumbs: [Crumb] = [], errors: [FieldError] = []
    ) throws -> Response {
        let chrome = Chrome(
            title: title, signedIn: context.viewer != nil, memberID: context.viewer?.member.id ?? 0,
            memberName: context.viewer?.member.name ?? "", isAdmin: context.viewer?.member.isAdmin ?? false,
            csrf: context.csrf, flash: context.flash, communityName: community?.name, communitySlug: community?.slug,
            crumbs: crumbs, hasCrumbs: !crumbs.isEmpty, errorSummary: errors, hasErrors: !errors.isEmpty)
        guard let html = library.render(RenderTree.build(Screen(chrome: chrome, view: view)), withTemplate: template) else {
            throw HTTPError(.internalServerError, message: "template \(template) is missing")
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The error page for a status, with a message a person can act on.
    func error(_ status: HTTPResponse.Status, message: String?, context: AppContext) -> Response {
        let view = ErrorView(status: status, message: message)
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

    init(status: HTTPResponse.Status, message: String?) {
        code = status.code
        switch status.code {
        case 400: heading = "Bad request"
        case 403: heading = "You can't do that"
        case 404: heading = "Page not found"
        case 405: heading = "Not allowed"
        case 413: heading = "Too much data"
        case 422: heading = "This can't be done now"
        case 429: heading = "Too many attempts"
        case 503: heading = "Eyrie is unavailable"
        default: heading = "Something went wrong"
        }
        let fallback = switch status.code {
        case 400: "The request could not be read. Go back and try again."
        case 403: "You don't have permission to do this. Ask a steward of the community if you think you should."
        case 404: "If you typed the web address, check it is correct. If you followed a link, the page may have moved."
        case 413: "What you sent is larger than Eyrie accepts. Shorten it and try again."
        case 503: "The database is not answering. Try again in a minute."
        default: "The problem has been logged. Try again later."
        }
        self.message = message ?? fallback
    }
}

/// A 303 to `path` carrying a one-time message for the next page.
func redirect(to path: String, flash: String? = nil) -> Response {
    var response = Response(status: .seeOther, headers: [.location: path])
    if let flash {
        let value = Data(flash.utf8).base64EncodedString()
        response.setCookie(Cookie(name: Cookies.flash, value: value, path: "/", httpOnly: true, sameSite: .lax))
    }
    return response
}

/// Cookie names.
enum Cookies {
    static let session = "eyrie_session"
    static let csrf = "eyrie_csrf"
    static let flash = "eyrie_flash"
}

/// A view model that hands its fields to templates itself, for those rendered many times per page (idea cards):
/// reflecting each field of each card cost more than the query that loaded them. The values are used as they are:
/// strings, numbers, booleans and arrays of them; nil optionals are left out.
protocol TemplateFields {
    var templateFields: [String: Any] { get }
}

/// Turns a view model into dictionaries and arrays once, before rendering. swift-mustache looks names up with
/// `Mirror` at every tag and at every level of the context stack, which made a 20-card page cost 13 ms; dictionary
/// lookups make it a fraction of that. Nil optionals are left out, which Mustache reads as false, as before.
enum RenderTree {
    static func build(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is Substring:
            return value
        case let own as any TemplateFields:
            return own.templateFields
        case let array as [Any]:
            return array.map(build)
        case let dictionary as [String: Any]:
            return dictionary.mapValues(build)
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { build($0.value) } as Any
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let name = child.label else { continue }
                let inner = Mirror(reflecting: child.value)
                if inner.displayStyle == .optional {
                    guard let some = inner.children.first else { continue }
                    fields[name] = build(some.value)
                } else {
                    fields[name] = build(child.value)
                }
            }
            return fields
        case .collection, .set:
            return mirror.children.map { build($0.value) }
        case .dictionary:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                let pair = Mirror(reflecting: child.value).children.map(\.value)
                if pair.count == 2, let key = pair[0] as? String { fields[key] = build(pair[1]) }
            }
            return fields
        default:
            return value
        }
    }
}
