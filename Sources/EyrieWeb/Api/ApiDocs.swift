import EyrieCore
import Foundation
import Hummingbird

/// The API's OpenAPI document (`web/api/openapi.json`, the source of truth the routes are tested against), served
/// as it is, and the reference page made from it on the server.
struct ApiDocs: Sendable {
    let bytes: ByteBuffer
    let view: View

    struct Parameter { var name: String; var place: String; var required: Bool; var about: String }
    struct Field { var name: String; var about: String; var required: Bool }
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var about: String
        var writes: Bool
        var parameters: [Parameter]
        var hasParameters: Bool
        var body: [Field]
        var hasBody: Bool
        var responses: String
        var anchor: String
    }
    struct Group { var name: String; var operations: [Operation] }
    struct View { var title: String; var about: String; var groups: [Group] }

    /// A description as HTML: escaped, with the document's `code` spans (Markdown's backticks) set as code. Templates
    /// insert the `about` fields with `{{{about}}}`.
    static func html(_ text: String) -> String {
        var out = ""
        var inCode = false
        for character in text {
            switch character {
            case "`": out += inCode ? "</code>" : "<code>"; inCode.toggle()
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return inCode ? out + "</code>" : out
    }

    /// Reads the document once, when the app is built.
    init(webDirectory: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(webDirectory)/api/openapi.json"))
        bytes = ByteBuffer(bytes: data)
        view = Self.view(try JSONParser.parse(String(decoding: data, as: UTF8.self), maxDepth: 32))
    }

    static func view(_ document: JSONValue) -> View {
        let info = document["info"]
        let schemas = document["components"]["schemas"]
        var groups: [String: [Operation]] = [:]
        var order: [String] = []
        for (path, item) in document["paths"].fields {
            for (method, op) in item.fields {
                let tag = op["tags"].items.first?.text ?? "api"
                if groups[tag] == nil { order.append(tag) }
                let parameters = op["parameters"].items.map {
                    Parameter(name: $0["name"].text ?? "", place: $0["in"].text ?? "", required: $0["required"] == .bool(true),
                              about: html($0["description"].text ?? describe($0["schema"])))
                }
                var body: [Field] = []
                if let name = op["requestBody"]["content"]["application/json"]["schema"]["$ref"].text?.split(separator: "/").last {
                    let schema = schemas[String(name)]
                    let required = Set(schema["required"].items.compactMap(\.text))
                    body = schema["properties"].fields.map {
                        Field(name: $0.key, about: html($0.value["description"].text ?? describe($0.value)), required: required.contains($0.key))
                    }
                }
                let codes = op["responses"].fields.map(\.key).filter { $0 != "default" }.joined(separator: ", ")
                groups[tag, default: []].append(Operation(
                    method: method.uppercased(), path: path, summary: op["summary"].text ?? "", about: html(op["description"].text ?? ""),
                    writes: method != "get", parameters: parameters, hasParameters: !parameters.isEmpty, body: body,
                    hasBody: !body.isEmpty, responses: codes, anchor: op["operationId"].text ?? ""))
            }
        }
        return View(title: info["title"].text ?? "API", about: html(info["description"].text ?? ""),
                    groups: order.map { Group(name: $0.capitalized, operations: groups[$0] ?? []) })
    }

    /// A schema in words: its type, bounds and allowed values.
    static func describe(_ schema: JSONValue) -> String {
        if case .array(let values) = schema["enum"] { return "one of " + values.compactMap(\.text).joined(separator: ", ") }
        var words = [schema["type"].text ?? "value"]
        if let min = schema["minimum"].number, let max = schema["maximum"].number { words.append("\(min)–\(max)") }
        if let max = schema["maxLength"].number { words.append("up to \(max) characters") }
        if schema["type"].text == "array", let item = schema["items"]["type"].text { words = ["list of \(item)s"] }
        return words.joined(separator: ", ")
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue {
        if case .object(let fields) = self { return fields.first { $0.key == key }?.value ?? .null }
        return .null
    }
    var fields: [(key: String, value: JSONValue)] { if case .object(let f) = self { f } else { [] } }
    var items: [JSONValue] { if case .array(let a) = self { a } else { [] } }
    var text: String? { if case .string(let s) = self { s } else { nil } }
    var number: String? { if case .number(let n) = self { n } else { nil } }
}

extension ApiController {
    @Sendable func document(_ request: Request, context: AppContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, max-age=300"],
                 body: .init(byteBuffer: docs.bytes))
    }

    @Sendable func reference(_ request: Request, context: AppContext) async throws -> Response {
        try deps.renderer.page("api/docs", docs.view, context: context, title: "API reference")
    }
}
