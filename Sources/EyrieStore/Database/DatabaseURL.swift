import Foundation
import PostgresNIO

/// Reads `postgres://user:password@host:port/database` (and `?host=/socket/dir` for Unix sockets)
/// into a client configuration.
public enum DatabaseURL {
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Each host of a URL that names several as libpq does (`postgres://u@db1:6432,db2:6432/eyrie?sslmode=disable`,
    /// what `pg_autoctl show uri` prints), with its own configuration; a URL of one host gives one.
    /// (`target_session_attrs` is read as `read-write` whatever it says: Eyrie writes, so it wants the primary.)
    public static func hosts(_ text: String, poolSize: Int = 20) throws -> [(name: String, configuration: PostgresClient.Configuration)] {
        guard let schemeEnd = text.range(of: "://") else { return [("database", try configuration(text, poolSize: poolSize))] }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let at = authority.lastIndex(of: "@")
        let user = at.map { authority[...$0] } ?? ""
        let list = at.map { authority[authority.index(after: $0)...] } ?? authority
        let names = list.split(separator: ",", omittingEmptySubsequences: false)
        guard names.count > 1 else { return [("database", try configuration(text, poolSize: poolSize))] }
        return try names.map { name in
            guard !name.isEmpty else { throw Invalid(description: "DATABASE_URL names an empty host") }
            let one = text[..<schemeEnd.upperBound] + user + name + rest[authorityEnd...]
            return (String(name), try configuration(String(one), poolSize: poolSize))
        }
    }

    public static func configuration(_ text: String, poolSize: Int = 20) throws -> PostgresClient.Configuration {
        guard let url = URLComponents(string: text), ["postgres", "postgresql"].contains(url.scheme ?? "") else {
            throw Invalid(description: "DATABASE_URL must look like postgres://user:password@host:5432/database")
        }
        let user = url.user?.removingPercentEncoding ?? "postgres"
        let password = url.password?.removingPercentEncoding
        let database = String(url.path.dropFirst()).removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 }
        let items = url.queryItems ?? []
        let port = url.port ?? 5432
        var configuration: PostgresClient.Configuration
        if let socketDir = items.first(where: { $0.name == "host" })?.value, socketDir.hasPrefix("/") {
            configuration = .init(unixSocketPath: "\(socketDir)/.s.PGSQL.\(port)", username: user,
                                  password: password, database: database ?? user)
        } else {
            let mode = items.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
            let tls: PostgresClient.Configuration.TLS = switch mode {
            case "disable": .disable
            case "require", "verify-full", "verify-ca": .require(.makeClientConfiguration())
            default: .prefer(.makeClientConfiguration())
            }
            configuration = .init(host: url.host ?? "localhost", port: port, username: user, password: password,
                                  database: database ?? user, tls: tls)
        }
        configuration.options.maximumConnections = poolSize
        return configuration
    }
}
