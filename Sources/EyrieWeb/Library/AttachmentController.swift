import EyrieCore
import EyrieStore
import Foundation
import Hummingbird
import HTTPTypes

/// Files attached to the library's resources: members attach them on the resource's page (checked by name and by
/// bytes, within the per-file and per-community limits), whoever reads the resource downloads them, the member who
/// attached one or a steward removes it.
struct AttachmentController {
    let deps: LibraryDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.post(Site.library.attachments, use: attach)
        router.get(Site.library.attachment, use: download)
        router.post(Site.library.removeAttachment, use: remove)
    }

    @Sendable func attach(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.resourceScope(request, context: context)
        try deps.enforce(scope.check(.contribute), request, community: scope.community)
        let file = context.files["file"]
        let content = file?.content ?? ByteBuffer()
        do {
            let upload = try AttachmentUpload.validate(name: file?.filename, bytes: content.readableBytesView,
                                                       limits: deps.attachmentLimits)
            try await deps.attachments.attach(resourceID: scope.resource.id, upload, content: content,
                                              quota: deps.attachmentLimits.perCommunity, actorID: context.viewer!.member.id)
            context.logger.info("attachment kept", metadata: [
                "resource": .stringConvertible(scope.resource.id), "type": .string(upload.type.rawValue),
                "claimed": .string(file?.claimedType ?? ""), "bytes": .stringConvertible(content.readableBytes),
            ])
            return redirect(to: Site.library.show(scope.resource.id) + "#attachments", flash: "Attached “\("name", upload.name)”.")
        } catch let invalid as ValidationErrors {
            return try await ResourcePage.render(scope, upload: FormState(errors: invalid.errors), deps: deps, context: context,
                                                 status: .unprocessableContent)
        } catch let full as AttachmentRepository.QuotaExceeded {
            let refused = [FieldError("file", "The community's library is full (\("used", ByteSize(full.used).phrase) of \("quota", ByteSize(full.quota).phrase)): remove an attachment first, or ask the platform's administrators for more room")]
            return try await ResourcePage.render(scope, upload: FormState(errors: refused), deps: deps, context: context,
                                                 status: .unprocessableContent)
        }
    }

    /// The file, with the type Eyrie recorded: images shown, everything else downloaded; sandboxed either way.
    @Sendable func download(_ request: Request, context: AppContext) async throws -> Response {
        let (attachment, _) = try await load(request, context: context)
        guard let content = try await deps.attachments.content(id: attachment.id) else { throw HTTPError(.notFound) }
        var headers: HTTPFields = [
            .contentType: attachment.type.mediaType,
            .contentDisposition: Self.disposition(attachment),
            .cacheControl: "private, max-age=86400",
            .contentSecurityPolicy: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
        ]
        headers[.eTag] = "\"a\(attachment.id)\""
        if request.headers[.ifNoneMatch] == headers[.eTag] { return Response(status: .notModified, headers: headers) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: content))
    }

    @Sendable func remove(_ request: Request, context: AppContext) async throws -> Response {
        let (attachment, scope) = try await load(request, context: context)
        try deps.enforce(AttachmentRules.mayRemove(actor: scope.actor, isUploader: attachment.uploadedBy == context.viewer?.member.id),
                         request, community: scope.community)
        do {
            try await deps.attachments.remove(id: attachment.id, resourceID: attachment.resourceID)
        } catch StoreError.notFound {
            // removed meanwhile (a double click): the same outcome
        }
        return redirect(to: Site.library.show(scope.resource.id) + "#attachments", flash: "Removed “\("name", attachment.name)”.")
    }

    /// The attachment in the URL and its resource's scope; a 404 when either is missing or out of the viewer's sight.
    func load(_ request: Request, context: AppContext) async throws -> (Attachment, ResourceScope) {
        guard let attachment = try await deps.attachments.find(id: try context.parameters.id()) else { throw HTTPError(.notFound) }
        let scope = try await deps.resourceScope(id: attachment.resourceID, request, context: context)
        return (attachment, scope)
    }

    /// `inline` for images, `attachment` otherwise; the name as ASCII (anything else as `_`) and in full as
    /// RFC 5987 `filename*`.
    static func disposition(_ attachment: Attachment) -> String {
        let ascii = String(attachment.name.unicodeScalars.map { s -> Character in
            s.isASCII && s.value >= 0x20 && s != "\"" && s != "\\" && s != ";" ? Character(s) : "_"
        })
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let encoded = attachment.name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "\(attachment.type.isImage ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
