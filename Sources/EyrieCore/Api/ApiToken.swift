import Foundation

/// A member's personal API token as their profile lists it (the token itself is shown once, when made).
public struct ApiToken: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var prefix: String
    public var canWrite: Bool
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(id: Int64, name: String, prefix: String, canWrite: Bool, createdAt: Date, lastUsedAt: Date?,
                revokedAt: Date?) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.canWrite = canWrite
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Tokens start with this, so that a leaked one is recognisable (secret scanners, logs).
    public static let marker = "eyr_"

    /// The form that makes a token: a name of 1–80 characters and the scope (`read` or `write`).
    public static func validate(_ form: [String: String]) throws -> (name: String, canWrite: Bool) {
        var errors: [FieldError] = []
        let name = (form["name"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { errors.append(.init("name", "Give the token a name, such as the tool that will use it")) }
        if name.count > 80 { errors.append(.init("name", "Keep the name to 80 characters")) }
        let scope = form["scope"] ?? ""
        if scope != "read" && scope != "write" { errors.append(.init("scope", "Choose read, or read and write")) }
        if !errors.isEmpty { throw ValidationErrors(errors) }
        return (name, scope == "write")
    }
}

/// A request counted against a token's (or an address's) fixed window: allowed or not, what is left, when it resets.
public struct RateDecision: Sendable, Equatable {
    public var allowed: Bool
    public var limit: Int
    public var remaining: Int
    /// Seconds until the window starts again.
    public var reset: Int

    public init(count: Int, limit: Int, secondsLeft: Double) {
        allowed = count <= limit
        self.limit = limit
        remaining = max(0, limit - count)
        reset = max(1, Int(secondsLeft.rounded(.up)))
    }
}
