import AsyncHTTPClient
import EyrieCore
import EyrieStore
import Foundation
import JWTKit
import Logging
import NIOCore
import NIOHTTP1

/// What Eyrie reads of a provider's discovery document (OpenID Connect Discovery 1.0 §3).
struct ProviderMetadata: Decodable, Sendable {
    var issuer: String
    var authorization_endpoint: String
    var token_endpoint: String
    var jwks_uri: String
    var end_session_endpoint: String?
    var token_endpoint_auth_methods_supported: [String]?
    var code_challenge_methods_supported: [String]?
}

/// The calls Eyrie makes to identity providers, every one bounded by `timeout`: discovery and the provider's keys,
/// each cached for the lifetime the provider gives (`Cache-Control: max-age`, between a minute and a day; an hour
/// without one), and the keys fetched again when a token names a key Eyrie has not seen (a rotation), at most once
/// a minute per provider.
actor OpenIDProviders {
    let timeout: Duration
    let logger: Logger
    private let http: HTTPClient
    private var documents: [String: (metadata: ProviderMetadata, until: Date)] = [:]
    private var keySets: [String: (keys: JWTKeyCollection, kids: Set<String>, until: Date, fetched: Date)] = [:]
    /// Key ids a token named that the cached set did not hold, and when the set was fetched again for them: a new
    /// key is picked up at once, and a token naming a key that does not exist costs one fetch a minute at most.
    private var missed: [String: Date] = [:]
    /// Largest answer read from a provider.
    static let maxBody = 1 << 20

    init(timeout: Duration, logger: Logger, http: HTTPClient = .shared) {
        self.timeout = timeout
        self.logger = logger
        self.http = http
    }

    /// The provider's discovery document, from the cache while it is fresh.
    func metadata(issuer: String) async throws(SignInFailure) -> ProviderMetadata {
        if let cached = documents[issuer], cached.until > Date() { return cached.metadata }
        let url = issuer + "/.well-known/openid-configuration"
        let (body, lifetime) = try await get(url)
        guard let metadata = try? JSONDecoder().decode(ProviderMetadata.self, from: body) else {
            throw .misconfigured("\(url) is not an OpenID Connect discovery document")
        }
        guard metadata.issuer.trimmingSuffix("/") == issuer.trimmingSuffix("/") else {
            throw .misconfigured("the provider names itself \(metadata.issuer.prefix(200)), not \(issuer)")
        }
        documents[issuer] = (metadata, Date().addingTimeInterval(lifetime))
        return metadata
    }

    /// Verifies an ID token's signature with the provider's keys and reads its claims (the checks of
    /// `IDTokenCheck` come after).
    func claims(of token: String, metadata: ProviderMetadata) async throws(SignInFailure) -> IDTokenClaims {
        let kid = Self.keyID(of: token)
        var keys = try await keySet(metadata.jwks_uri, needing: kid)
        let payload: IDTokenPayload
        do {
            payload = try await keys.keys.verify(token, as: IDTokenPayload.self)
        } catch {
            // A key that rotated under the same id, or a token signed before Eyrie saw a new key: fetch once more.
            if keys.fetched < Date().addingTimeInterval(-60) {
                keySets[metadata.jwks_uri] = nil
                keys = try await keySet(metadata.jwks_uri, needing: kid)
                if let again = try? await keys.keys.verify(token, as: IDTokenPayload.self) { return again.claims }
            }
            throw .tokenRejected("the signature does not verify with the provider's keys (\(error))")
        }
        return payload.claims
    }

    /// Fetches the provider's keys (when saving its settings: a key set Eyrie cannot use is caught then).
    func checkKeys(_ metadata: ProviderMetadata) async throws(SignInFailure) {
        _ = try await keySet(metadata.jwks_uri, needing: nil)
    }

    /// Exchanges the authorization code (with the PKCE verifier) for the ID token at the token endpoint.
    func idToken(code: String, verifier: String, redirectURI: String, clientID: String, secret: String,
                 metadata: ProviderMetadata) async throws(SignInFailure) -> String {
        var form = ["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI,
                    "code_verifier": verifier]
        var headers = HTTPHeaders([("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")])
        // client_secret_basic unless the provider lists only client_secret_post (the default is basic).
        let methods = metadata.token_endpoint_auth_methods_supported ?? ["client_secret_basic"]
        if methods.contains("client_secret_basic") || !methods.contains("client_secret_post") {
            let user = Self.formEncode(clientID), password = Self.formEncode(secret)
            headers.add(name: "Authorization", value: "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
        } else {
            form["client_id"] = clientID
            form["client_secret"] = secret
        }
        let body = form.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.formEncode($0.value))" }.joined(separator: "&")
        let (answer, status, _) = try await exchange(metadata.token_endpoint, method: .POST, headers: headers, body: body)
        struct TokenAnswer: Decodable {
            var id_token: String?
            var error: String?
            var error_description: String?
        }
        let token = try? JSONDecoder().decode(TokenAnswer.self, from: answer)
        guard status == .ok, let idToken = token?.id_token else {
            let reason = [token?.error, token?.error_description].compactMap { $0 }.joined(separator: ": ")
            throw .providerSaid(reason.isEmpty ? "the token endpoint answered \(status.code)" : String(reason.prefix(300)))
        }
        return idToken
    }

    // MARK: HTTP

    private func keySet(_ url: String, needing kid: String?) async throws(SignInFailure)
        -> (keys: JWTKeyCollection, kids: Set<String>, until: Date, fetched: Date) {
        if let cached = keySets[url], cached.until > Date() {
            guard let kid, !cached.kids.contains(kid) else { return cached }
            let key = url + " " + kid
            if let last = missed[key], last > Date().addingTimeInterval(-60) { return cached }
            if missed.count > 1000 { missed = missed.filter { $0.value > Date().addingTimeInterval(-60) } }
            missed[key] = Date()
        }
        let (body, lifetime) = try await get(url)
        let keys = JWTKeyCollection()
        var kids: Set<String> = []
        do {
            let set = try JSONDecoder().decode(JWKS.self, from: body)
            for jwk in set.keys where jwk.keyIdentifier != nil {
                // Keys of kinds Eyrie cannot use (or meant for encryption) are skipped, not fatal.
                if (try? await keys.add(jwk: jwk)) != nil, let id = jwk.keyIdentifier { kids.insert(id.string) }
            }
        } catch {
            throw .misconfigured("\(url) is not a key set (JWKS)")
        }
        guard !kids.isEmpty else { throw .misconfigured("\(url) holds no signing key Eyrie can use") }
        let entry = (keys: keys, kids: kids, until: Date().addingTimeInterval(lifetime), fetched: Date())
        keySets[url] = entry
        return entry
    }

    private func get(_ url: String) async throws(SignInFailure) -> (Data, TimeInterval) {
        let (body, status, headers) = try await exchange(url, method: .GET, headers: ["Accept": "application/json"], body: nil)
        guard status == .ok else { throw .misconfigured("\(url) answered \(status.code)") }
        return (body, Self.lifetime(headers["Cache-Control"].first))
    }

    private func exchange(_ url: String, method: HTTPMethod, headers: HTTPHeaders, body: String?) async throws(SignInFailure)
        -> (Data, HTTPResponseStatus, HTTPHeaders) {
        guard let parsed = URL(string: url), let scheme = parsed.scheme, scheme == "https"
                || scheme == "http" && ["localhost", "127.0.0.1", "::1"].contains(parsed.host ?? "") else {
            throw .misconfigured("\(url.prefix(200)) is not an https address")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = headers
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let (http, timeout, prepared) = (http, timeout, request)
        do {
            return try await Deadline.run(timeout) {
                let response = try await http.execute(prepared, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                    + timeout.components.attoseconds / 1_000_000_000))
                let buffer = try await response.body.collect(upTo: Self.maxBody)
                return (Data(buffer: buffer), response.status, response.headers)
            }
        } catch is Deadline.Exceeded {
            throw .unreachable("\(parsed.host ?? url) did not answer within \(timeout)")
        } catch {
            throw .unreachable("\(parsed.host ?? url): \(error)")
        }
    }

    /// `max-age` from Cache-Control, between a minute and a day; an hour without one.
    static func lifetime(_ cacheControl: String?) -> TimeInterval {
        guard let cacheControl else { return 3600 }
        for part in cacheControl.lowercased().split(separator: ",") {
            let item = part.trimmingCharacters(in: .whitespaces)
            if item == "no-store" || item == "no-cache" { return 60 }
            if item.hasPrefix("max-age="), let seconds = Double(item.dropFirst(8)) { return min(max(seconds, 60), 86_400) }
        }
        return 3600
    }

    /// The `kid` in a token's header, read without trusting anything else in it.
    static func keyID(of token: String) -> String? {
        guard let header = token.split(separator: ".").first else { return nil }
        var text = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["kid"] as? String
    }

    static func formEncode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// An ID token as jwt-kit decodes it; `IDTokenCheck` does the checks, so `verify` here only reads.
struct IDTokenPayload: JWTPayload {
    var iss: String
    var sub: String
    var aud: AudienceClaim
    var azp: String?
    var exp: ExpirationClaim
    var iat: IssuedAtClaim
    var nonce: String?
    var email: String?
    var email_verified: BoolClaim?
    var name: String?
    var given_name: String?
    var family_name: String?

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    var claims: IDTokenClaims {
        IDTokenClaims(issuer: iss, subject: sub, audiences: aud.value, authorizedParty: azp, expires: exp.value,
                      issuedAt: iat.value, nonce: nonce, email: email, emailVerified: email_verified?.value ?? false,
                      name: name, givenName: given_name, familyName: family_name)
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
