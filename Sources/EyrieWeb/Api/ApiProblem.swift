import EyrieCore
import EyrieStore
import Foundation
import Hummingbird
import HTTPTypes

/// Errors of the JSON API as RFC 9457 problem details (`application/problem+json`): a status, a title, what went
/// wrong in words, and for invalid input the fields with their messages.
struct ApiProblem: Error {
    var status: HTTPResponse.Status
    var detail: Phrase
    var errors: [FieldError] = []
    var headers: HTTPFields = [:]

    static let contentType = "application/problem+json"

    /// The statuses' titles, as messages: a client that sends `Accept-Language` reads them, the detail and the
    /// fields' messages in its language (the `type`, `status` and field names stay as they are).
    static let titles: [Phrase] = [
        "Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed", "Conflict", "Content Too Large",
        "Unsupported Media Type", "Unprocessable Content", "Too Many Requests", "Internal Server Error",
        "Service Unavailable",
    ]

    /// The problem as its client reads it, in `messages`' language (the request's: see `Translations.messages(for:)`).
    func response(_ messages: Messages) -> Response {
        var object: [(String, String)] = [
            ("type", JSONText.string("about:blank")), ("title", JSONText.string(messages.title(status.reasonPhrase))),
            ("status", String(status.code)), ("detail", JSONText.string(messages.text(detail))),
        ]
        if !errors.isEmpty {
            let list = errors.map { "{\"field\": \(JSONText.string($0.field)), \"message\": \(JSONText.string(messages.text($0.phrase)))}" }
            object.append(("errors", "[" + list.joined(separator: ", ") + "]"))
        }
        let body = "{" + object.map { "\(JSONText.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}\n"
        var fields = headers
        fields[.contentType] = Self.contentType
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// Any error below the API as the problem a client can act on; never an HTML page, never a stack.
    static func from(_ error: any Error, context: AppContext) -> ApiProblem {
        switch error {
        case let problem as ApiProblem:
            return problem
        case is SignInRequired:
            // A private community does not show it exists to someone who may not see it.
            return ApiProblem(status: .notFound, detail: "There is no such resource, or you may not see it.")
        case let join as JoinRequired:
            return ApiProblem(status: .forbidden, detail: "Only members of \("community", join.prompt.name) can do this: join it on the site first.")
        case let rendered as RenderedError:
            // A page the site shows for a refusal (results not published yet): its status, in words.
            return ApiProblem(status: rendered.response.status, detail: rendered.response.status == .forbidden
                ? "Not open to you yet: the stewards have not published this." : Phrase(rendered.response.status.reasonPhrase))
        case let invalid as ValidationErrors:
            return ApiProblem(status: .unprocessableContent, detail: "Some fields are not right.", errors: invalid.errors)
        case let http as HTTPError where http.status.code < 500:
            let detail: Phrase = http.body.map(Phrase.verbatim)
                ?? (http.status == .notFound ? "There is no such resource, or you may not see it." : Phrase(http.status.reasonPhrase))
            return ApiProblem(status: http.status, detail: detail)
        case let http as any HTTPResponseError where http.status.code < 500:
            return ApiProblem(status: http.status, detail: Phrase(http.status.reasonPhrase))
        case StoreError.notFound:
            return ApiProblem(status: .notFound, detail: "There is no such resource, or you may not see it.")
        case StoreError.conflict:
            return ApiProblem(status: .conflict, detail: "Someone else changed this at the same time. Read it again and retry.")
        case StoreError.busy:
            return ApiProblem(status: .serviceUnavailable, detail: "Many people are doing this at the same moment; nothing was changed.",
                              headers: [.retryAfter: "2"])
        case let error where error.isDatabaseUnavailable:
            context.logger.warning("database unavailable: \(String(reflecting: error))")
            return ApiProblem(status: .serviceUnavailable, detail: "The database is not answering; try again shortly.",
                              headers: [.retryAfter: "5"])
        default:
            context.logger.error("api request failed: \(String(reflecting: error))")
            return ApiProblem(status: .internalServerError, detail: "Something went wrong on our side.")
        }
    }
}
