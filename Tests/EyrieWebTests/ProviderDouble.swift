import Crypto
import Foundation
import Hummingbird
import JWTKit
import NIOCore

/// A real OpenID Connect provider over real HTTP on loopback, for the web tests: discovery, keys (JWKS), and a token
/// endpoint that checks the client's secret, uses each code once and checks the PKCE verifier. Its ID tokens are
/// really signed (ES256); a test bends one claim, signs with a stranger's key, rotates keys or makes it slow.
actor ProviderDouble {
    struct Claims: Sendable {
        var subject = "sub-1"
        var email = "ann@acme.example"
        var emailVerified = true
        var name = "Ann Acme"
        var audience: String?
        var issuer: String?
        var expiresIn: TimeInterval = 300
        var nonce: String?
        var strangerKey = false
    }

    struct Grant {
        var nonce: String
        var challenge: String
        var claims: Claims
    }

    let clientID = "eyrie-test"
    let clientSecret = "s3cret-\(UInt32.random(in: 0...UInt32.max))"
    private(set) var port = 0
    var issuer: String { "http://127.0.0.1:\(port)" }
    private var keys: [(kid: String, key: ES256PrivateKey)] = [("k1", ES256PrivateKey())]
    private var grants: [String: Grant] = [:]
    private(set) var tokenCalls = 0
    private(set) var keyFetches = 0
    /// Seconds the token endpoint waits before answering (a provider that hangs).
    var tokenDelay: Double = 0

    func setPort(_ port: Int) { self.port = port }
    func setTokenDelay(_ seconds: Double) { tokenDelay = seconds }

    /// A new signing key under a new id; the old one leaves the key set.
    func rotate() -> String {
        let kid = "k\(keys.count + 1)-\(UInt16.random(in: 0...UInt16.max))"
        keys = [(kid, ES256PrivateKey())]
        return kid
    }

    /// What the member's browser would do at the provider: read Eyrie's redirect, "sign in", and come back with a code.
    /// Answers the callback path (with the state Eyrie sent).
    func authorize(_ location: String, as claims: Claims = Claims()) -> String {
        let query = URLComponents(string: location)?.queryItems ?? []
        func item(_ name: String) -> String { query.first { $0.name == name }?.value ?? "" }
        let code = "code-\(UInt64.random(in: 0...UInt64.max))"
        grants[code] = Grant(nonce: item("nonce"), challenge: item("code_challenge"), claims: claims)
        var callback = URLComponents(string: "/signin/callback")!
        callback.queryItems = [URLQueryItem(name: "code", value: code), URLQueryItem(name: "state", value: item("state"))]
        return callback.string!
    }

    var discovery: String {
        """
        {"issuer": "\(issuer)", "authorization_endpoint": "\(issuer)/authorize", "token_endpoint": "\(issuer)/token",
         "jwks_uri": "\(issuer)/jwks", "end_session_endpoint": "\(issuer)/logout",
         "response_types_supported": ["code"], "subject_types_supported": ["public"],
         "id_token_signing_alg_values_supported": ["ES256"], "code_challenge_methods_supported": ["S256"],
         "token_endpoint_auth_methods_supported": ["client_secret_basic"]}
        """
    }

    func jwks() -> String {
        keyFetches += 1
        let entries = keys.map { kid, key in
            let (x, y) = key.publicKey.parameters!
            return #"{"kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": "\#(kid)", "x": "\#(x)", "y": "\#(y)"}"#
        }
        return #"{"keys": [\#(entries.joined(separator: ","))]}"#
    }

    /// The token endpoint: (status, JSON).
    func token(form: [String: String], authorization: String?) async throws -> (HTTPResponse.Status, String) {
        tokenCalls += 1
        if tokenDelay > 0 { try await Task.sleep(for: .seconds(tokenDelay)) }
        let expected = "Basic " + Data("\(clientID):\(clientSecret)".utf8).base64EncodedString()
        guard authorization == expected else { return (.unauthorized, #"{"error": "invalid_client"}"#) }
        guard let code = form["code"], let grant = grants.removeValue(forKey: code) else {
            return (.badRequest, #"{"error": "invalid_grant", "error_description": "unknown or used code"}"#)
        }
        let verifier = form["code_verifier"] ?? ""
        let challenge = Data(SHA256.hash(data: Data(verifier.utf8))).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        guard challenge == grant.challenge else { return (.badRequest, #"{"error": "invalid_grant", "error_description": "PKCE"}"#) }
        let c = grant.claims
        let now = Date()
        let payload = TokenPayload(iss: c.issuer ?? issuer, sub: c.subject, aud: AudienceClaim(value: [c.audience ?? clientID]),
                                   exp: ExpirationClaim(value: now.addingTimeInterval(c.expiresIn)),
                                   iat: IssuedAtClaim(value: now.addingTimeInterval(min(0, c.expiresIn - 300))),
                                   nonce: c.nonce ?? grant.nonce, email: c.email, email_verified: c.emailVerified, name: c.name)
        let signer = JWTKeyCollection()
        let (kid, key) = c.strangerKey ? (keys[0].kid, ES256PrivateKey()) : keys[0]
        await signer.add(ecdsa: key, kid: JWKIdentifier(string: kid))
        let jwt = try await signer.sign(payload, kid: JWKIdentifier(string: kid))
        return (.ok, #"{"access_token": "at", "token_type": "Bearer", "id_token": "\#(jwt)"}"#)
    }

    struct TokenPayload: JWTPayload {
        var iss: String
        var sub: String
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var nonce: String
        var email: String
        var email_verified: Bool
        var name: String
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// Runs the provider on a free loopback port for the length of `body`.
    static func run<T: Sendable>(_ body: @Sendable (ProviderDouble) async throws -> T) async throws -> T {
        let double = ProviderDouble()
        let router = Router()
        router.get("/.well-known/openid-configuration") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: await double.discovery)))
        }
        router.get("/jwks") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: await double.jwks())))
        }
        router.post("/token") { request, _ in
            let body = try await request.body.collect(upTo: 65536)
            var form: [String: String] = [:]
            for pair in String(buffer: body).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
                if parts.count == 2 { form[parts[0]] = parts[1] }
            }
            let (status, json) = try await double.token(form: form, authorization: request.headers[.authorization])
            return Response(status: status, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            defer { group.cancelAll() }
            for await port in ports { await double.setPort(port); break }
            return try await body(double)
        }
    }
}
