import EyrieCore
import Foundation

/// Settings for one Eyrie server, from flags and environment variables (see README).
public struct AppConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    /// Folder holding `templates/` and `static/`.
    public var webDirectory: String = "web"
    /// Folder holding the numbered migrations.
    public var sqlDirectory: String = "sql"
    public var bcryptCost: UInt8 = 12
    /// Largest request body accepted, in bytes; larger ones get 413.
    public var maxBodySize: Int = 64 * 1024
    /// The library's attachments: the largest file, and what each community's library may hold in all.
    public var attachmentLimits = AttachmentLimits()
    /// Largest request head (request line and headers) accepted, in bytes; larger ones get 431 and the connection closes.
    public var maxHeaderBytes: Int = 32 * 1024
    /// How long a connection may take to send a request's head (from opening, or from the first byte of a later
    /// request) before it is answered 408 and closed: slow clients cannot hold connections.
    public var requestHeadTimeout: Duration = .seconds(10)
    /// How long a kept-alive connection may wait, sending nothing, for its next request.
    public var keepAliveTimeout: Duration = .seconds(75)
    /// Set the cookies' Secure flag (serve over HTTPS, directly or behind a proxy).
    public var secureCookies: Bool = false
    public var sessionLifetime: TimeInterval = 14 * 24 * 3600
    /// Failed sign-ins allowed per account and per address within `signInWindow` seconds.
    public var signInLimitPerAccount: Int = 5
    public var signInLimitPerAddress: Int = 20
    /// API requests per minute: per token, and per address without one.
    public var apiRateLimit: Int = 600
    public var apiAnonymousRateLimit: Int = 120
    public var signInWindow: Int = 15 * 60
    /// Take the client address from X-Forwarded-For (only behind a trusted proxy).
    public var trustProxy: Bool = false
    /// The longest a request waits for the database (a connection, a query, a lock) before it answers 503.
    public var databaseTimeout: Duration = .seconds(5)
    /// How far behind the primary (seconds) a standby may be and still serve the reads that tolerate lag; 0: never.
    public var standbyMaxLag: Double = 5
    /// How long `serve` waits for the database to answer before it listens, then gives up (exit status 1).
    public var startupWait: Duration = .seconds(30)
    /// After SIGTERM, how long requests in flight may take to finish before the server exits anyway.
    public var shutdownGrace: Duration = .seconds(10)
    /// The address people reach Eyrie at, e.g. `https://eyrie.example.org`: links in calendar files, and the only
    /// Origin a live board's WebSocket accepts. Without it, the request's own Host is used.
    public var publicURL: String?
    /// How often `serve` brings each community's health figures up to date (nil: never, only on demand).
    public var healthRefresh: Duration? = .seconds(3600)
    /// `smtp://[user:password@]host[:port]` (STARTTLS whenever the server offers it) or `smtps://…` (TLS from the
    /// first byte, port 465 by default); without it, e-mail is written to `mailDirectory` as `.eml` files.
    /// Offer the pseudo-language `en-XA` (accented, longer, between markers): for tests and translators.
    public var pseudoLanguage = false
    /// The instance key (32 bytes, base64) that seals identity providers' client secrets; `eyrie serve` reads
    /// `EYRIE_SECRET_KEY`, else the key file in the data folder (made on first start).
    public var secretKey: String?
    /// The longest any call to an identity provider may take (discovery, keys, the token exchange).
    public var signInProviderTimeout: Duration = .seconds(5)
    public var smtpURL: String?
    /// A PEM file of certificate authorities the mail server's certificate may also be signed by (besides the
    /// system's), for a server with a private CA. Certificates are always verified, host name included.
    public var smtpCAFile: String?
    public var mailFrom: String = "Eyrie <eyrie@localhost>"
    public var mailDirectory: String = ".eyrie/mail"
    /// How often the outbox is looked at, and how often due digests are written.
    public var mailPoll: Duration = .seconds(5)
    public var digestCheck: Duration = .seconds(600)
    /// The first wait before a message the mail server did not take is tried again (it doubles each time).
    public var mailRetry: Double = 60

    public init() {}

    /// Reads `EYRIE_*` variables over the defaults.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> AppConfiguration {
        var c = AppConfiguration()
        if let v = env["EYRIE_HOST"] { c.host = v }
        if let v = env["EYRIE_PORT"].flatMap(Int.init) { c.port = v }
        if let v = env["EYRIE_WEB_DIR"] { c.webDirectory = v }
        if let v = env["EYRIE_SQL_DIR"] { c.sqlDirectory = v }
        if let v = env["EYRIE_BCRYPT_COST"].flatMap(UInt8.init), (4...31).contains(v) { c.bcryptCost = v }
        if let v = env["EYRIE_MAX_BODY_BYTES"].flatMap(Int.init), v > 0 { c.maxBodySize = v }
        if let v = env["EYRIE_ATTACHMENT_MAX_MB"].flatMap(Double.init), v > 0, v <= 1024 {
            c.attachmentLimits.perFile = Int(v * 1_000_000)
        }
        if let v = env["EYRIE_LIBRARY_QUOTA_MB"].flatMap(Double.init), v > 0, v <= 1_000_000 {
            c.attachmentLimits.perCommunity = Int(v * 1_000_000)
        }
        if let v = env["EYRIE_MAX_HEADER_BYTES"].flatMap(Int.init), (1024...1 << 20).contains(v) { c.maxHeaderBytes = v }
        if let v = env["EYRIE_REQUEST_HEAD_TIMEOUT"].flatMap(Double.init), v >= 0.5, v <= 600 {
            c.requestHeadTimeout = .milliseconds(Int64(v * 1000))
        }
        if let v = env["EYRIE_KEEPALIVE_TIMEOUT"].flatMap(Double.init), v >= 0.5, v <= 3600 {
            c.keepAliveTimeout = .milliseconds(Int64(v * 1000))
        }
        if let v = env["EYRIE_API_RATE_LIMIT"].flatMap(Int.init), v > 0 { c.apiRateLimit = v }
        if let v = env["EYRIE_API_ANONYMOUS_RATE_LIMIT"].flatMap(Int.init), v > 0 { c.apiAnonymousRateLimit = v }
        if let v = env["EYRIE_SECURE_COOKIES"] { c.secureCookies = v == "1" || v == "true" }
        if let v = env["EYRIE_TRUST_PROXY"] { c.trustProxy = v == "1" || v == "true" }
        if let v = env["EYRIE_DB_TIMEOUT"].flatMap(Double.init), v >= 0.1, v <= 600 { c.databaseTimeout = .seconds(v) }
        if let v = env["EYRIE_STANDBY_MAX_LAG"].flatMap(Double.init), v >= 0, v <= 3600 { c.standbyMaxLag = v }
        if let v = env["EYRIE_STARTUP_WAIT"].flatMap(Double.init), v >= 0, v <= 3600 { c.startupWait = .milliseconds(Int64(v * 1000)) }
        if let v = env["EYRIE_SHUTDOWN_GRACE"].flatMap(Double.init), v >= 0, v <= 600 { c.shutdownGrace = .seconds(v) }
        if let v = env["EYRIE_HEALTH_REFRESH_MINUTES"].flatMap(Double.init), v >= 0, v <= 10_080 {
            c.healthRefresh = v == 0 ? nil : .seconds(v * 60)
        }
        if let v = env["EYRIE_SECRET_KEY"], !v.isEmpty { c.secretKey = v }
        if let v = env["EYRIE_PSEUDO_LANGUAGE"] { c.pseudoLanguage = v == "1" || v == "true" }
        if let v = env["EYRIE_SSO_TIMEOUT"].flatMap(Double.init), v >= 0.1, v <= 60 {
            c.signInProviderTimeout = .milliseconds(Int64(v * 1000))
        }
        if let v = env["EYRIE_SMTP_URL"], !v.isEmpty { c.smtpURL = v }
        if let v = env["EYRIE_SMTP_CA_FILE"], !v.isEmpty { c.smtpCAFile = v }
        if let v = env["EYRIE_MAIL_FROM"], !v.isEmpty { c.mailFrom = v }
        if let v = env["EYRIE_MAIL_DIR"], !v.isEmpty { c.mailDirectory = v }
        if let v = env["EYRIE_MAIL_POLL_SECONDS"].flatMap(Double.init), v >= 0.05, v <= 3600 { c.mailPoll = .milliseconds(Int64(v * 1000)) }
        if let v = env["EYRIE_MAIL_RETRY_SECONDS"].flatMap(Double.init), v >= 0.1, v <= 3600 { c.mailRetry = v }
        if let v = env["EYRIE_DIGEST_CHECK_SECONDS"].flatMap(Double.init), v >= 0.05, v <= 86_400 {
            c.digestCheck = .milliseconds(Int64(v * 1000))
        }
        if let v = env["EYRIE_PUBLIC_URL"], let url = URL(string: v), url.scheme != nil, url.host != nil {
            c.publicURL = v.hasSuffix("/") ? String(v.dropLast()) : v
        }
        return c
    }
}

extension AppConfiguration {
    /// The address links in e-mail start with.
    public var site: String { publicURL ?? "http://localhost:\(port)" }
}
