/// How large a request body may be: the configured size for forms and the API, and room for one file (plus the
/// form around it) on the route that takes the library's attachments. A file a little over the limit still arrives,
/// to be refused beside the field; one far over it gets 413 before its bytes are kept.
struct BodyLimits: Sendable {
    let standard: Int
    let upload: Int

    init(_ configuration: AppConfiguration) {
        standard = configuration.maxBodySize
        upload = max(configuration.maxBodySize, configuration.attachmentLimits.perFile + configuration.attachmentLimits.perFile / 4 + 64 * 1024)
    }

    func limit(for path: String) -> Int { Self.takesFiles(path) ? upload : standard }

    /// `/resources/<id>/attachments`, the one form with a file.
    static func takesFiles(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0].isEmpty && parts[1] == "resources" && parts[3] == "attachments"
            && !parts[2].isEmpty && parts[2].allSatisfy(\.isNumber)
    }
}
