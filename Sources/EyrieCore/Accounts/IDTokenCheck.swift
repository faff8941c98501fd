import Foundation

/// The claims of an ID token Eyrie relies on (OpenID Connect Core §2), read after its signature was verified.
public struct IDTokenClaims: Sendable, Equatable {
    public var issuer: String
    public var subject: String
    public var audiences: [String]
    public var authorizedParty: String?
    public var expires: Date
    public var issuedAt: Date
    public var nonce: String?
    public var email: String?
    public var emailVerified: Bool
    public var name: String?
    public var givenName: String?
    public var familyName: String?

    public init(issuer: String, subject: String, audiences: [String], authorizedParty: String? = nil, expires: Date,
                issuedAt: Date, nonce: String?, email: String?, emailVerified: Bool, name: String? = nil,
                givenName: String? = nil, familyName: String? = nil) {
        self.issuer = issuer; self.subject = subject; self.audiences = audiences; self.authorizedParty = authorizedParty
        self.expires = expires; self.issuedAt = issuedAt; self.nonce = nonce; self.email = email
        self.emailVerified = emailVerified; self.name = name; self.givenName = givenName; self.familyName = familyName
    }

    /// The member's name from the claims: `name`, else given and family names, else the address before the @.
    public var displayName: String {
        let full = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !full.isEmpty { return String(full.prefix(80)) }
        let parts = [givenName, familyName].compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        if !parts.isEmpty { return String(parts.joined(separator: " ").prefix(80)) }
        let local = (email ?? "").split(separator: "@").first.map(String.init) ?? ""
        return local.isEmpty ? "Member" : String(local.prefix(80))
    }
}

/// Why an ID token is not trusted, in an operator's words (the member sees a calmer sentence).
public enum IDTokenProblem: Error, Sendable, Equatable, CustomStringConvertible {
    case wrongIssuer(String)
    case wrongAudience
    case expired
    case issuedInTheFuture
    case nonceMismatch
    case noSubject
    case noEmail
    case emailOutsideDomains(String)

    public var description: String {
        switch self {
        case .wrongIssuer(let issuer): "the token's issuer is \(issuer.prefix(200)), not the configured one"
        case .wrongAudience: "the token is not meant for this client (aud/azp)"
        case .expired: "the token has expired"
        case .issuedInTheFuture: "the token is issued in the future (check the clocks)"
        case .nonceMismatch: "the token's nonce is not the one this sign-in sent"
        case .noSubject: "the token names no subject"
        case .noEmail: "the token carries no e-mail address (ask for the email scope)"
        case .emailOutsideDomains(let email): "the address \(email.prefix(254)) is outside the organisation's domains"
        }
    }
}

/// OpenID Connect Core §3.1.3.7, the checks after the signature: issuer, audience, times with a little skew, nonce,
/// and Eyrie's own rule that a provider speaks only for its organisation's domains.
public enum IDTokenCheck {
    public static let clockSkew: TimeInterval = 120

    public static func check(_ claims: IDTokenClaims, issuer: String, clientID: String, nonce: String, domains: [String],
                             now: Date) throws(IDTokenProblem) {
        guard normalised(claims.issuer) == normalised(issuer) else { throw .wrongIssuer(claims.issuer) }
        guard claims.audiences.contains(clientID) else { throw .wrongAudience }
        if claims.audiences.count > 1, let party = claims.authorizedParty, party != clientID { throw .wrongAudience }
        guard claims.expires.timeIntervalSince(now) > -clockSkew else { throw .expired }
        guard claims.issuedAt.timeIntervalSince(now) < clockSkew else { throw .issuedInTheFuture }
        guard claims.nonce == nonce else { throw .nonceMismatch }
        guard !claims.subject.isEmpty, claims.subject.count <= 255 else { throw .noSubject }
        guard let email = claims.email, email.contains("@") else { throw .noEmail }
        guard domains.contains(emailDomain(email)) else { throw .emailOutsideDomains(email) }
    }

    private static func normalised(_ issuer: String) -> String {
        issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
    }
}
