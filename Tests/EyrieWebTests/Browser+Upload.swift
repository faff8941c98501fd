import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

extension Browser {
    /// Posts a `multipart/form-data` form with one file in the field `file`, as a browser does: the file's name
    /// quoted with `"` and line breaks written `%22`, `%0D`, `%0A`; the CSRF token a field like any other.
    func upload(_ http: any TestClientProtocol, _ uri: String, name: String, bytes: [UInt8],
                type: String = "application/octet-stream", fields: [String: String] = [:]) async throws -> TestResponse {
        let boundary = "----EyrieFormBoundary\(UInt64.random(in: 0...UInt64.max))"
        var all = fields
        all["_csrf"] = csrf
        var body = ByteBuffer()
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(key)\"\r\n\r\n\(value)\r\n")
        }
        let quoted = name.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(quoted)\"\r\n")
        body.writeString("Content-Type: \(type)\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await http.execute(uri: uri, method: .post,
                                      headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                                      body: body)
    }
}
