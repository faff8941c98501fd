import Foundation
import PostgresNIO

/// Reads `postgres://user:password@host:port/database` (and `?host=/socket/dir` for Unix sockets)
/// into a client configuration.
public enum DatabaseURL {
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
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
