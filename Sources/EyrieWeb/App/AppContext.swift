import EyrieCore
import EyrieStore
import Hummingbird
import Logging
import NIOCore

/// The signed-in member for this request and their session's CSRF token.
public struct Viewer: Sendable {
    public var member: Member
    public var csrf: String
    /// Notifications not read yet, shown in the header.
    public var unread: Int = 0
    /// The language the member chose, if any.
    public var language: String?
}

/// Per-request state: who is asking, the parsed form, the CSRF token to put in forms, the flash to show.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var viewer: Viewer?
    public var form: [String: String] = [:]
    /// The files of a `multipart/form-data` form, by field name.
    public var files: [String: UploadedFile] = [:]
    /// The token forms on this page must carry: the session's, or the anonymous visitor's cookie token.
    public var csrf: String = ""
    /// A cookie to set on the response because this visitor had no CSRF token yet.
    public var newCSRFCookie: String?
    public var flash: String?
    /// The language this page is in, and its messages.
    public var language: Language = .english
    var messages: Messages = .english
    /// The languages a reader may switch to, and this page's address to come back to after switching.
    var offeredLanguages: [Language] = [.english]
    var here = "/"
    public var remoteAddress: String
    /// For `/api/v1`: whether the request's token may write (nil without a token).
    public var apiCanWrite: Bool?
    /// For `/api/v1`: the JSON body's fields, as strings (the same validators as the forms read them).
    public var apiBody: [String: JSONValue] = [:]
    /// The reader's last write (`ReadYourWritesMiddleware`): reads from a standby must have replayed past it.
    public var written: WALPosition?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// Raised limit: the form middleware enforces the configured body size itself.
    public var maxUploadSize: Int { 1 << 20 }
}
