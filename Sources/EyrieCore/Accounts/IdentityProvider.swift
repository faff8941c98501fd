import Foundation

/// An organisation's OpenID Connect provider, as a platform admin enters it.
public struct IdentityProviderDraft: Sendable, Equatable {
    /// The issuer exactly as the provider names itself (its ID tokens' `iss`), without a trailing slash.
    public var issuer: String
    public var clientID: String
    /// Empty: keep the secret already stored.
    public var clientSecret: String
    /// The e-mail domains the organisation owns, lower case: addresses there are led to this provider.
    public var domains: [String]
    /// Members with an address in these domains sign in only through the provider.
    public var required: Bool

    public init(issuer: String, clientID: String, clientSecret: String, domains: [String], required: Bool) {
        self.issuer = issuer; self.clientID = clientID; self.clientSecret = clientSecret
        self.domains = domains; self.required = required
    }

    /// `hasSecret`: a secret is stored already, so an empty one keeps it.
    public static func validate(_ form: [String: String], hasSecret: Bool) throws -> IdentityProviderDraft {
        var errors: [FieldError] = []
        var issuer = TextRule("issuer", "Issuer URL", min: 8, max: 500).check(form["issuer"], into: &errors)
        while issuer.hasSuffix("/") { issuer.removeLast() }
        if errors.isEmpty, !Self.isIssuer(issuer) {
            errors.append(.init("issuer", "Give the provider's https:// address, as its documentation names the issuer"))
        }
        let clientID = TextRule("clientID", "Client ID", min: 1, max: 300).check(form["clientID"], into: &errors)
        let secret = (form["clientSecret"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if secret.isEmpty && !hasSecret { errors.append(.init("clientSecret", "Enter the client secret the provider gave")) }
        if secret.count > 1000 { errors.append(.init("clientSecret", "The client secret is at most 1,000 characters")) }
        let domains = Self.domains(form["domains"] ?? "", into: &errors)
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return IdentityProviderDraft(issuer: issuer, clientID: clientID, clientSecret: secret, domains: domains,
                                     required: form["required"] == "on")
    }

    /// https, or http on this machine (a provider for tests or development).
    static func isIssuer(_ text: String) -> Bool {
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty, url.query == nil,
              url.fragment == nil, url.user == nil else { return false }
        if url.scheme == "https" { return true }
        return url.scheme == "http" && (host == "localhost" || host == "127.0.0.1" || host == "::1")
    }

    /// One domain per line or separated by commas or spaces; at least one (a provider is trusted for these only).
    static func domains(_ text: String, into errors: inout [FieldError]) -> [String] {
        var seen: [String] = []
        for raw in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            var domain = raw.lowercased()
            if domain.hasPrefix("@") { domain.removeFirst() }
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            let valid = domain.count <= 253 && labels.count >= 2 && labels.allSatisfy { label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
            }
            guard valid else {
                errors.append(.init("domains", "“\("raw", raw.prefix(80))” is not a domain like acme.example"))
                return []
            }
            if !seen.contains(domain) { seen.append(domain) }
        }
        if seen.isEmpty { errors.append(.init("domains", "Enter at least one e-mail domain the organisation owns")) }
        if seen.count > 50 { errors.append(.init("domains", "At most 50 domains")) }
        return seen
    }
}

/// The domain of an e-mail address, lower case ("" without one).
public func emailDomain(_ email: String) -> String {
    guard let at = email.lastIndex(of: "@") else { return "" }
    return email[email.index(after: at)...].lowercased()
}
