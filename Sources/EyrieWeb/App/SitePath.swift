import Foundation
import Hummingbird

/// A value that can stand in a path: ids as digits, slugs and tokens percent-encoded.
protocol PathValue: Sendable {
    var pathText: String { get }
}

extension Int64: PathValue {
    var pathText: String { String(self) }
}

extension String: PathValue {
    var pathText: String { addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? self }
}

private extension CharacterSet {
    /// Unreserved characters only, so that a value is always exactly one segment.
    static let urlPathSegmentAllowed = CharacterSet(charactersIn:
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
}

/// One route's address, declared once in `Site`: its pattern (`/workshops/:id/board`) registers the route and the
/// same declaration prints every link, form action and redirect to it with typed parameters.
protocol SitePath: Sendable {
    var pattern: String { get }
}

extension SitePath {
    /// The pattern as Hummingbird prints a registered route: `/workshops/{id}/board`.
    var routerPattern: String { RouterPath(pattern).description }
}

/// The pattern's segments, with each `:name` to be replaced in order by the values printed into it.
private func printed(_ pattern: String, _ values: [any PathValue], query: [(String, String)]) -> String {
    var values = values[...]
    let path = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
        guard segment.hasPrefix(":") else { return String(segment) }
        guard let value = values.popFirst() else { preconditionFailure("\(pattern): a value is missing") }
        return value.pathText
    }.joined(separator: "/")
    precondition(values.isEmpty, "\(pattern): too many values")
    return path + QueryText.format(query)
}

/// A path with no parameters.
struct Path: SitePath {
    let pattern: String
    init(_ pattern: String) { self.pattern = pattern }
    func callAsFunction(query: [(String, String)] = []) -> String { printed(pattern, [], query: query) }
}

/// A path with one parameter.
struct Path1<A: PathValue>: SitePath {
    let pattern: String
    init(_ pattern: String) { self.pattern = pattern }
    func callAsFunction(_ a: A, query: [(String, String)] = []) -> String { printed(pattern, [a], query: query) }
}

/// A path with two parameters, in the order they appear.
struct Path2<A: PathValue, B: PathValue>: SitePath {
    let pattern: String
    init(_ pattern: String) { self.pattern = pattern }
    func callAsFunction(_ a: A, _ b: B, query: [(String, String)] = []) -> String {
        printed(pattern, [a, b], query: query)
    }
}

/// A query string from pairs, empty values left out, each part percent-encoded.
enum QueryText {
    static func format(_ pairs: [(String, String)]) -> String {
        let parts = pairs.filter { !$0.1.isEmpty }.map { "\($0.0)=\($0.1.pathText)" }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}

extension RouterMethods {
    /// Registers a GET handler at a declared path.
    @discardableResult
    func get(_ path: some SitePath, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator)
        -> Self {
        on(RouterPath(path.pattern), method: .get, use: handler)
    }

    /// Registers a POST handler at a declared path.
    @discardableResult
    func post(_ path: some SitePath, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator)
        -> Self {
        on(RouterPath(path.pattern), method: .post, use: handler)
    }

    /// Registers a PUT handler at a declared path.
    @discardableResult
    func put(_ path: some SitePath, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator)
        -> Self {
        on(RouterPath(path.pattern), method: .put, use: handler)
    }

    /// Registers a DELETE handler at a declared path.
    @discardableResult
    func delete(_ path: some SitePath, use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator)
        -> Self {
        on(RouterPath(path.pattern), method: .delete, use: handler)
    }
}
