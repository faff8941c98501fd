import EyrieCore
import EyrieStore
import EyrieTestSupport
import EyrieWeb
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Attachments over HTTP, as a browser sends them: kept with the type their bytes are, served so that nothing in them
/// runs, hostile names and files refused beside the field, invisible outside a private community, removed by the
/// member who attached them or a steward.
struct AttachmentPageTests {
    static func files(_ world: World) async throws -> Int64 {
        try await world.db.count("SELECT count(*) FROM resource_attachments")
    }

    @Test func aMemberAttachesAPdfAndAnyReaderDownloadsItAsThePdfItIs() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Welcome guide")
            let member = try await world.browser(f.memberIDs[1])
            // act: the browser claims an image; the bytes are a PDF
            let sent = try await member.upload(http, "/resources/\(resource)/attachments", name: "Pilot report – Lyon.pdf",
                                               bytes: SampleFiles.pdf(bytes: 3000), type: "image/png")
            #expect(sent.status == .seeOther && sent.location == "/resources/\(resource)#attachments")
            let page = try await member.get(http, "/resources/\(resource)")
            let id = try #require(try await AttachmentRepository(world.db).list(resourceID: resource).first?.id)
            #expect(page.text.contains("Pilot report – Lyon.pdf") && page.text.contains("href=\"/attachments/\(id)\"")
                    && page.text.contains("PDF · 3 KB"))
            // sizes are written as the reader's language writes them
            let french = try await http.execute(uri: "/resources/\(resource)", method: .get,
                                                headers: [.cookie: member.cookie, .acceptLanguage: "fr"], body: nil)
            #expect(String(buffer: french.body).contains("3 ko") && String(buffer: french.body).contains("10 Mo"))
            // check: anyone who reads the resource downloads it, as a PDF, as a download, sandboxed, not sniffed
            let file = try await world.browser(nil).get(http, "/attachments/\(id)")
            #expect(file.status == .ok && file.headers[.contentType] == "application/pdf")
            #expect(file.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"Pilot report _ Lyon.pdf\"") == true)
            #expect(file.headers[.contentDisposition]?.contains("filename*=UTF-8''Pilot%20report%20%E2%80%93%20Lyon.pdf") == true)
            #expect(file.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(file.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            #expect(Array(file.body.readableBytesView) == SampleFiles.pdf(bytes: 3000))
        }
    }

    @Test func anImageIsShownOnThePageAndInline() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Journey map")
            let member = try await world.browser(f.memberIDs[0])
            let sent = try await member.upload(http, "/resources/\(resource)/attachments", name: "map.png", bytes: SampleFiles.png)
            #expect(sent.status == .seeOther)
            let id = try #require(try await AttachmentRepository(world.db).list(resourceID: resource).first?.id)
            #expect(try await member.get(http, "/resources/\(resource)").text.contains("<img src=\"/attachments/\(id)\""))
            let file = try await member.get(http, "/attachments/\(id)")
            #expect(file.headers[.contentType] == "image/png" && file.headers[.contentDisposition]?.hasPrefix("inline;") == true)
        }
    }

    @Test(arguments: [
        ("photo.png", SampleFiles.pdf, "but holds PDF: rename it to end in .pdf"),
        ("logo.svg", SampleFiles.svg, "SVG drawings can carry scripts"),
        ("page.html", SampleFiles.html, "The library keeps PDF, images"),
        ("blueprint.docx", SampleFiles.zip, "The library keeps PDF, images"),
        ("../../etc/report.pdf", SampleFiles.pdf, "may not contain / or \\"),
        ("C:\\Users\\ann\\report.pdf", SampleFiles.pdf, "may not contain / or \\"),
        ("report\n.pdf", SampleFiles.pdf, "contains control or direction characters"),
        ("invoice\u{202E}fdp.exe", SampleFiles.pdf, "contains control or direction characters"),
        ("", SampleFiles.pdf, "Choose a file to attach"),
    ])
    func aHostileFileIsRefusedBesideTheField(name: String, bytes: [UInt8], reason: String) async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Welcome guide")
            let sent = try await world.browser(f.memberIDs[0]).upload(http, "/resources/\(resource)/attachments", name: name, bytes: bytes)
            #expect(sent.status == .unprocessableContent)
            let html = sent.text.replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&#x2F;", with: "/")
                .replacingOccurrences(of: "&#x5C;", with: "\\").replacingOccurrences(of: "&#92;", with: "\\")
            #expect(html.contains("field-error") && html.contains(reason), "\(sent.text.prefix(4000))")
            #expect(try await Self.files(world) == 0)
        }
    }

    @Test func sizesAreRefusedBesideTheFieldOrAtOnceWhenFarTooLarge() async throws {
        var configuration = Harness.configuration()
        configuration.attachmentLimits = AttachmentLimits(perFile: 100_000, perCommunity: 150_000)
        try await Harness.run(configuration: configuration) { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Welcome guide")
            let member = try await world.browser(f.memberIDs[0])
            let path = "/resources/\(resource)/attachments"
            // a little over the limit: the form again, the sizes beside the field
            let over = try await member.upload(http, path, name: "big.pdf", bytes: SampleFiles.pdf(bytes: 120_000))
            #expect(over.status == .unprocessableContent && over.text.contains("The file is 120 KB; each file may be at most 100 KB"))
            // far over: 413 before the bytes are kept
            let far = try await member.upload(http, path, name: "huge.pdf", bytes: SampleFiles.pdf(bytes: 400_000))
            #expect(far.status == .contentTooLarge)
            // the community's room: one file of 90 KB fits, a second does not
            #expect(try await member.upload(http, path, name: "a.pdf", bytes: SampleFiles.pdf(bytes: 90_000)).status == .seeOther)
            let full = try await member.upload(http, path, name: "b.pdf", bytes: SampleFiles.pdf(bytes: 90_000))
            #expect(full.status == .unprocessableContent && full.text.contains("library is full (90 KB of 150 KB)"))
            #expect(try await Self.files(world) == 1)
            // other forms keep the small limit: a large urlencoded post is still 413
            let form = try await member.post(http, "/resources/\(resource)/useful", ["useful": String(repeating: "x", count: 200_000)])
            #expect(form.status == .contentTooLarge)
        }
    }

    @Test func aPrivateCommunitysFilesDoNotExistOutsideIt() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.privateResource(world.db)
            let id = try await f.attachment(world.db, resourceID: resource, by: f.stewardID)
            #expect(try await world.browser(f.outsiderID).get(http, "/attachments/\(id)").status == .notFound)
            #expect(try await world.browser(f.memberIDs[0]).get(http, "/attachments/\(id)").status == .notFound)
            #expect(try await world.browser(f.outsiderID).post(http, "/attachments/\(id)/remove").status == .notFound)
            let upload = try await world.browser(f.memberIDs[0]).upload(http, "/resources/\(resource)/attachments", name: "x.pdf",
                                                                          bytes: SampleFiles.pdf)
            #expect(upload.status == .notFound)
            #expect(try await world.browser(f.stewardID).get(http, "/attachments/\(id)").status == .ok)
            #expect(try await world.browser(nil).get(http, "/attachments/999999").status == .notFound)
        }
    }

    @Test func theMemberWhoAttachedItOrAStewardRemovesIt() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let resource = try await f.resource(world.db, title: "Welcome guide")
            let first = try await f.attachment(world.db, resourceID: resource, name: "one.png", by: f.memberIDs[0])
            let second = try await f.attachment(world.db, resourceID: resource, name: "two.png", by: f.memberIDs[0])
            let other = try await world.browser(f.memberIDs[1])
            #expect(try await other.post(http, "/attachments/\(first)/remove").status == .forbidden)
            #expect(!(try await other.get(http, "/resources/\(resource)").text.contains("/attachments/\(first)/remove")))
            let uploader = try await world.browser(f.memberIDs[0])
            #expect(try await uploader.get(http, "/resources/\(resource)").text.contains("/attachments/\(first)/remove"))
            #expect(try await uploader.post(http, "/attachments/\(first)/remove").status == .seeOther)
            #expect(try await uploader.post(http, "/attachments/\(first)/remove").status == .notFound)
            #expect(try await world.browser(f.stewardID).post(http, "/attachments/\(second)/remove").status == .seeOther)
            #expect(try await Self.files(world) == 0)
            #expect(try await AttachmentRepository(world.db).usage(communityID: f.community.id) == .init(bytes: 0, files: 0))
        }
    }
}
