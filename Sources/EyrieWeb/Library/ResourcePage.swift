import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A resource as its community reads it: the text rendered from Markdown, who wrote it, its version, the useful mark.
enum ResourcePage {
    struct View {
        var title: String
        var kind: String
        var language: String
        var direction: String
        var writtenIn: String?
        var tags: [LibraryPage.TagLink]
        var hasTags: Bool
        var body: String
        var authors: String
        var version: String
        var historyHref: String
        var editHref: String
        var canContribute: Bool
        var usefulAction: String
        var markedUseful: Bool
        var usefulCount: String
        var libraryHref: String
        var canFeature: Bool
        var featured: Bool
        var featureAction: String
        var attachments: [AttachmentItem]
        var hasAttachments: Bool
        var attachAction: String
        var upload: FormState
        var accept: String
        var limitsHint: String
        var work: [WorkItem]
        var hasWork: Bool
        var linkAction: String
        var linkForm: FormState
    }

    struct WorkItem {
        var kind: String
        var title: String
        var href: String
        var madeFromIt: Bool
        var canRemove: Bool
        var removeAction: String
    }

    struct AttachmentItem {
        var name: String
        var href: String
        var type: String
        var size: String
        var by: String?
        var isImage: Bool
        var canRemove: Bool
        var removeAction: String
    }

    /// `upload`, `linkForm`: the attach and link forms after a refusal, the reason beside their field.
    static func render(_ scope: ResourceScope, upload: FormState = FormState(), linkForm: FormState = FormState(),
                       deps: LibraryDependencies, context: AppContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        let r = scope.resource, community = scope.community
        async let attachmentsRead = deps.attachments.list(resourceID: r.id)
        async let usageRead = deps.attachments.usage(communityID: community.id)
        async let linksRead = deps.workLinks.links(resourceID: r.id)
        async let followRead = deps.follows.button(.resource(r.id), context: context)
        let (attachments, usage, links, follow) = try await (attachmentsRead, usageRead, linksRead, followRead)
        let limits = deps.attachmentLimits
        let viewerID = context.viewer?.member.id
        let reader = context.language.tag
        let view = View(
            title: r.title, kind: r.kind.said, language: r.language,
            direction: ContentLanguage.entry(r.language).map { $0.tag == "ar" ? "rtl" : "ltr" } ?? "auto",
            writtenIn: r.language == reader ? nil : ContentLanguage.entry(r.language).map { say($0.writtenIn) },
            tags: r.tags.map { LibraryPage.TagLink(name: $0, href: Site.library.index(community.slug, query: [("tag", $0)]), chosen: false) },
            hasTags: !r.tags.isEmpty, body: MarkdownText.html(r.body),
            authors: scope.visit.authors.map(\.name).joined(separator: ", "),
            version: say("Version \("version", r.version), updated \("day", Dates.day(r.updatedAt))"),
            historyHref: Site.library.history(r.id), editHref: Site.library.edit(r.id),
            canContribute: scope.check(.contribute).isAllowed, usefulAction: Site.library.useful(r.id),
            markedUseful: scope.visit.markedUseful,
            usefulCount: say(.plural("{count} member found it useful", "{count} members found it useful", count: r.usefulCount)),
            libraryHref: Site.library.index(community.slug), canFeature: scope.check(.steer).isAllowed,
            featured: scope.visit.isFeatured, featureAction: Site.library.feature(r.id),
            attachments: attachments.map { a in
                AttachmentItem(name: a.name, href: Site.library.attachment(a.id), type: say(a.type.label), size: say(ByteSize(a.size).phrase),
                               by: a.uploaderName, isImage: a.type.isImage,
                               canRemove: AttachmentRules.mayRemove(actor: scope.actor, isUploader: a.uploadedBy != nil && a.uploadedBy == viewerID).isAllowed,
                               removeAction: Site.library.removeAttachment(a.id))
            },
            hasAttachments: !attachments.isEmpty, attachAction: Site.library.attachments(r.id), upload: upload,
            accept: AttachmentType.acceptList,
            limitsHint: say("PDF, images, office documents, CSV or plain text; up to \("limit", ByteSize(limits.perFile).phrase) each. The library holds \("used", ByteSize(usage.bytes).phrase) of \("quota", ByteSize(limits.perCommunity).phrase)."),
            work: links.map { link in
                WorkItem(kind: say(link.work.kind.label), title: link.title, href: link.work.path, madeFromIt: link.madeFromIt,
                         canRemove: WorkLinkRules.mayUnlink(actor: scope.actor, isLinker: link.linkedBy != nil && link.linkedBy == viewerID).isAllowed,
                         removeAction: Site.library.unlink(r.id, link.id))
            },
            hasWork: !links.isEmpty, linkAction: Site.library.links(r.id), linkForm: linkForm)
        return try deps.renderer.page("library/show", view, context: context, title: r.title, status: status, community: community,
                                      crumbs: crumbs(community) + [Crumb(title: "Library", href: Site.library.index(community.slug))],
                                      errors: upload.list + linkForm.list, follow: follow)
    }
}

/// The form to write or edit a resource; after a conflict, the text saved meanwhile beside the editor's own.
enum ResourceForm {
    struct Conflict { var body: String; var title: String; var who: String; var version: String }
    struct View {
        var isNew: Bool
        var action: String
        var form: FormState
        var kinds: [Option]
        var languages: [Option]
        var cancelHref: String
        var conflict: Conflict?
    }

    static func render(_ form: FormState, community: Community, resource: Resource?, conflict: LibraryRepository.EditConflict?,
                       deps: LibraryDependencies, context: AppContext, status: HTTPResponse.Status = .ok) async throws -> Response {
        let kinds = try await deps.library.kinds(communityID: community.id)
        let view = View(
            isNew: resource == nil,
            action: resource.map { Site.library.edit($0.id) } ?? Site.library.index(community.slug), form: form,
            kinds: kinds.map { Option(value: $0.key, label: $0.said, selected: $0.key == form.values["kind"]) },
            languages: IdeaController.languageOptions(form.values["language"], context: context),
            cancelHref: resource.map { Site.library.show($0.id) } ?? Site.library.index(community.slug),
            conflict: conflict.map {
                Conflict(body: $0.current.body, title: $0.current.title, who: $0.editorName ?? say("Someone"),
                         version: String($0.current.version))
            })
        var crumbs = crumbs(community) + [Crumb(title: "Library", href: Site.library.index(community.slug))]
        if let resource { crumbs.append(Crumb(title: resource.title, href: Site.library.show(resource.id))) }
        return try deps.renderer.page("library/form", view, context: context,
                                      title: resource == nil ? "Add to the library" : "Edit the resource", status: status,
                                      community: community, crumbs: crumbs, errors: form.list)
    }
}
