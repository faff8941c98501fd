import Crypto
import Foundation

/// Seals secrets Eyrie must keep but never show again (an identity provider's client secret) with the instance key,
/// AES-256-GCM: a copy of the database alone does not reveal them. The sealed bytes are bound to what they belong to
/// (`context`, e.g. the organisation's id), so a sealed value copied to another row does not open.
public struct SecretBox: Sendable {
    private let key: SymmetricKey

    public init(key: Data) throws {
        guard key.count == 32 else { throw BadKey() }
        self.key = SymmetricKey(data: key)
    }

    public struct BadKey: Error, CustomStringConvertible {
        public var description: String { "the instance key must be 32 bytes, base64-encoded (openssl rand -base64 32)" }
    }

    /// The secret could not be opened: another instance key, or a value moved from elsewhere.
    public struct CannotOpen: Error, CustomStringConvertible {
        public var description: String { "a stored secret does not open with this instance key (was EYRIE_SECRET_KEY changed?)" }
    }

    public func seal(_ secret: String, context: String) throws -> Data {
        try AES.GCM.seal(Data(secret.utf8), using: key, authenticating: Data(context.utf8)).combined ?? Data()
    }

    public func open(_ sealed: Data, context: String) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: key, authenticating: Data(context.utf8)), as: UTF8.self)
        } catch {
            throw CannotOpen()
        }
    }

    /// A new random key, base64-encoded.
    public static func newKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}
