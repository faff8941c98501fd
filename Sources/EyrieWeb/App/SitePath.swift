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
    /// Most values (slugs, sort names, tokens) need no encoding: they are returned as they are, without asking
    /// Foundation, which pages call dozens of times.
    var pathText: String {
        if utf8.allSatisfy(Self.isUnreserved) { return self }
        return addingPercentEncoding(withAllowedCharacters: .urlPathSegmentAllowed) ?? self
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }
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

    /// The pattern up to its first parameter: `/unsubscribe/` for `/unsubscribe/:token`.
    var prefix: String { pattern.firstIndex(of: ":").map { String(pattern[..<$0]) } ?? pattern }
}

/// A pattern cut once into the text between its parameters: `/workshops/:id/board` is `/workshops/`, a value,
/// `/board`. Printing appends the pieces, with each value in its place.
struct PathPieces: Sendable {
    let literals: [String]

    init(_ pattern: String, parameters: Int) {
        var literals = [""]
        for (index, segment) in pattern.split(separator: "/", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { literals[literals.count - 1] += "/" }
            if segment.hasPrefix(":") { literals.append("") } else { literals[literals.count - 1] += segment }
        }
        precondition(literals.count == parameters + 1, "\(pattern): \(literals.count - 1) parameters, not \(parameters)")
        self.literals = literals
    }

    func print(_ values: [String], query: [(String, String)]) -> String {
        var text = literals[0]
        for (value, literal) in zip(values, literals.dropFirst()) {
            text += value
            text += literal
        }
        return query.isEmpty ? text : text + QueryText.format(query)
    }
}

/// A path with no parameters.
struct Path: SitePath {
    let pattern: String
    init(_ pattern: String) {
        precondition(!pattern.contains(":"), "\(pattern): a path with parameters is a Path1 or Path2")
        self.pattern = pattern
    }
    func callAsFunction(query: [(String, String)] = []) -> String { pattern + QueryText.format(query) }
}

/// A path with one parameter.
struct Path1<A: PathValue>: SitePath {
    let pattern: String
    private let pieces: PathPieces
    init(_ pattern: String) {
        self.pattern = pattern
        pieces = PathPieces(pattern, parameters: 1)
    }
    func callAsFunction(_ a: A, query: [(String, String)] = []) -> String { pieces.print([a.pathText], query: query) }
}

/// A path with two parameters, in the order they appear.
struct Path2<A: PathValue, B: PathValue>: SitePath {
    let pattern: String
    private let pieces: PathPieces
    init(_ pattern: String) {
        self.pattern = pattern
        pieces = PathPieces(pattern, parameters: 2)
    }
    func callAsFunction(_ a: A, _ b: B, query: [(String, String)] = []) -> String {
        pieces.print([a.pathText, b.pathText], query: query)
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

    /// Registers a handler at a declared path for one method.
    @discardableResult
    func on(_ path: some SitePath, method: HTTPRequest.Method,
            use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator) -> Self {
        on(RouterPath(path.pattern), method: method, use: handler)
    }
}
