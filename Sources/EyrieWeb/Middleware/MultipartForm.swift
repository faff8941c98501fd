import Foundation
import MultipartKit
import NIOCore

/// A file sent with a form: the name the browser gave it (anything at all: the library checks it), the type the
/// browser claimed (kept for the log only) and its bytes.
public struct UploadedFile: Sendable {
    public var filename: String
    public var claimedType: String?
    public var content: ByteBuffer
}

/// Reads a `multipart/form-data` body (RFC 7578): its text fields and its files. MultipartKit's parser splits the
/// parts; the `Content-Disposition` parameters are read here, quoted strings and RFC 5987 `filename*` included.
enum MultipartForm {
    struct Unreadable: Error {}

    static let maxParts = 50

    static func parse(_ body: ByteBuffer, contentType: String) throws -> (fields: [String: String], files: [String: UploadedFile]) {
        guard let boundary = parameters(contentType)["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw Unreadable()
        }
        var parts: [(headers: [(String, String)], body: ByteBuffer)] = []
        var headers: [(String, String)] = []
        var current = ByteBuffer()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in headers.append((name.lowercased(), value)) }
        parser.onBody = { chunk in current.writeBuffer(&chunk) }
        parser.onPartComplete = {
            parts.append((headers, current))
            headers = []
            current = ByteBuffer()
        }
        do { try parser.execute(body) } catch { throw Unreadable() }
        guard parts.count <= maxParts else { throw Unreadable() }
        var fields: [String: String] = [:]
        var files: [String: UploadedFile] = [:]
        for part in parts {
            guard let disposition = part.headers.first(where: { $0.0 == "content-disposition" })?.1 else { continue }
            let params = parameters(disposition)
            guard let name = params["name"] else { continue }
            if let filename = params["filename*"].flatMap(extended) ?? params["filename"].map(browserEncoded) {
                // A file field left empty arrives as a part with an empty name and no bytes: no file.
                guard !(filename.isEmpty && part.body.readableBytes == 0) else { continue }
                files[name] = UploadedFile(filename: filename,
                                           claimedType: part.headers.first(where: { $0.0 == "content-type" })?.1,
                                           content: part.body)
            } else {
                guard let text = String(bytes: part.body.readableBytesView, encoding: .utf8) else { throw Unreadable() }
                fields[name] = text.replacingOccurrences(of: "\r\n", with: "\n")
            }
        }
        return (fields, files)
    }

    /// A header's `; key=value` parameters (keys lower-cased, quoted values unquoted). Browsers do not escape with a
    /// backslash (a Windows path keeps its own): they write `"` as `%22` and line breaks as `%0D`/`%0A` (the HTML
    /// standard's form encoding), which `filename` turns back, so that such a name is refused for what it is.
    static func parameters(_ header: String) -> [String: String] {
        var out: [String: String] = [:]
        var chars = Array(header)[...]
        // skip the value before the first `;`
        while let c = chars.first, c != ";" {
            if c == "\"" { _ = quoted(&chars) } else { chars = chars.dropFirst() }
        }
        while chars.first == ";" {
            chars = chars.dropFirst()
            while chars.first == " " || chars.first == "\t" { chars = chars.dropFirst() }
            var key = ""
            while let c = chars.first, c != "=", c != ";" { key.append(c); chars = chars.dropFirst() }
            guard chars.first == "=" else { continue }
            chars = chars.dropFirst()
            var value = ""
            if chars.first == "\"" {
                value = quoted(&chars)
                while let c = chars.first, c != ";" { _ = c; chars = chars.dropFirst() }
            } else {
                while let c = chars.first, c != ";" { value.append(c); chars = chars.dropFirst() }
                value = value.trimmingCharacters(in: .whitespaces)
            }
            out[key.trimmingCharacters(in: .whitespaces).lowercased()] = value
        }
        return out
    }

    /// Reads a quoted string at the front of `chars` (which starts with `"`), leaving what follows it.
    static func quoted(_ chars: inout ArraySlice<Character>) -> String {
        chars = chars.dropFirst()
        var value = ""
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\"" { break }
            value.append(c)
        }
        return value
    }

    static func browserEncoded(_ name: String) -> String {
        name.replacingOccurrences(of: "%22", with: "\"").replacingOccurrences(of: "%0D", with: "\r")
            .replacingOccurrences(of: "%0A", with: "\n")
    }

    /// `UTF-8''na%C3%AFve.pdf` (RFC 5987); nil for another charset or a bad escape.
    static func extended(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}
