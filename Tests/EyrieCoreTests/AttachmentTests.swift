import EyrieCore
import Testing

/// What the library keeps: the type read from the bytes (never the name or the browser's word), names without
/// folders or hidden characters, the size limit; and who removes a file.
struct AttachmentTests {
    let limits = AttachmentLimits(perFile: 1000, perCommunity: 5000)

    func refusal(_ name: String?, _ bytes: [UInt8]) -> String? {
        do {
            _ = try AttachmentUpload.validate(name: name, bytes: bytes, limits: limits)
            return nil
        } catch let errors as ValidationErrors {
            #expect(errors.errors.map(\.field) == ["file"])
            return errors.errors.first.map { $0.phrase.template }
        } catch {
            return "\(error)"
        }
    }

    func recorded(_ name: String, _ bytes: [UInt8]) -> AttachmentType? {
        try? AttachmentUpload.validate(name: name, bytes: bytes, limits: limits).type
    }

    @Test func theTypeIsReadFromTheBytes() {
        #expect(recorded("diagram.png", Array(pngHead)) == .png)
        #expect(recorded("Pilot report.PDF", Array("%PDF-1.7 ...".utf8)) == .pdf)
        #expect(recorded("report", Array("%PDF-1.7 ...".utf8)) == .pdf)
        #expect(recorded("photo.jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 1, 2]) == .jpeg)
        #expect(recorded("figures.csv", Array("a,b\n1,2\n".utf8)) == .csv)
        #expect(recorded("notes.md", Array("# Notes\nLyon, Casablanca".utf8)) == .text)
        let docx: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 26) + Array("[Content_Types].xml".utf8)
        #expect(recorded("blueprint.docx", docx) == .docx)
        let odt: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 26) + Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8)
        #expect(recorded("blueprint.odt", odt) == .odt)
        #expect(recorded("old.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]) == .xls)
    }

    let pngHead: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]

    @Test func aFileWhoseNameLiesIsRefusedWithTheRightName() {
        #expect(refusal("photo.png", Array("%PDF-1.4 hidden".utf8)) == "The file is named .{ending} but holds {what}: rename it to end in .{right}")
        let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + Array(repeating: 0, count: 26) + Array("payload.exe".utf8)
        #expect(refusal("blueprint.docx", zip)?.hasPrefix("The library keeps PDF") == true)
        #expect(refusal("figures.csv", [0x41, 0x00, 0x42])?.hasPrefix("The library keeps PDF") == true)
        #expect(refusal("page.html", Array("<html><script>alert(1)</script>".utf8))?.hasPrefix("The library keeps PDF") == true)
        #expect(refusal("tool.exe", [0x4D, 0x5A, 0x90, 0x00])?.hasPrefix("The library keeps PDF") == true)
    }

    @Test func svgIsRefusedWhateverItHolds() {
        let svg = Array("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".utf8)
        #expect(refusal("logo.svg", svg)?.hasPrefix("SVG drawings can carry scripts") == true)
        #expect(refusal("logo.SVG", Array(pngHead))?.hasPrefix("SVG drawings can carry scripts") == true)
        #expect(refusal("logo.txt", svg) == nil) // plain text, served as text/plain and downloaded: inert
    }

    @Test func namesWithFoldersOrHiddenCharactersAreRefused() {
        let pdf = Array("%PDF-1.4".utf8)
        #expect(refusal("../../etc/passwd.pdf", pdf)?.hasPrefix("The file's name may not contain / or \\") == true)
        #expect(refusal("C:\\Users\\ann\\report.pdf", pdf)?.hasPrefix("The file's name may not contain / or \\") == true)
        #expect(refusal("report\u{0}.pdf", pdf)?.hasPrefix("The file's name contains control") == true)
        #expect(refusal("report\n.pdf", pdf)?.hasPrefix("The file's name contains control") == true)
        #expect(refusal("invoice\u{202E}fdp.exe", pdf)?.hasPrefix("The file's name contains control") == true)
        #expect(refusal(".htaccess", pdf) == "The file's name may not start with a dot")
        #expect(refusal(String(repeating: "a", count: 197) + ".pdf", pdf) == "The file's name is too long: {max} characters at most")
        #expect(refusal(nil, pdf) == "Choose a file to attach")
        #expect(refusal("  ", pdf) == "Choose a file to attach")
        #expect(refusal("Résumé du pilote – Lyon.pdf", pdf) == nil)
    }

    @Test func sizeIsCheckedAgainstTheLimit() {
        #expect(refusal("empty.pdf", []) == "The file is empty")
        let big = Array("%PDF-1.4".utf8) + Array(repeating: 0x20, count: 993)
        #expect(big.count == 1001)
        #expect(refusal("big.pdf", big) == "The file is {size}; each file may be at most {limit}")
        #expect(refusal("just.pdf", Array(big.dropLast())) == nil)
    }

    @Test func sizesReadAsPeopleSayThem() {
        #expect(ByteSize(512).description == "512 B")
        #expect(ByteSize(820_400).description == "820 KB")
        #expect(ByteSize(2_400_000).description == "2.4 MB")
        #expect(ByteSize(500_000_000).description == "500 MB")
    }

    @Test func theUploaderOrAStewardRemovesAFile() {
        #expect(AttachmentRules.mayRemove(actor: .anonymous, isUploader: false) == .signInRequired)
        #expect(AttachmentRules.mayRemove(actor: Actor(role: .member), isUploader: true) == .allowed)
        #expect(!AttachmentRules.mayRemove(actor: Actor(role: .member), isUploader: false).isAllowed)
        #expect(!AttachmentRules.mayRemove(actor: Actor(role: .facilitator), isUploader: false).isAllowed)
        #expect(AttachmentRules.mayRemove(actor: Actor(role: .steward), isUploader: false) == .allowed)
        #expect(AttachmentRules.mayRemove(actor: Actor(isAdmin: true), isUploader: false) == .allowed)
        #expect(AttachmentRules.mayRemove(actor: Actor(), isUploader: true) == .joinCommunity)
        #expect(AttachmentType.png.isImage && !AttachmentType.pdf.isImage && AttachmentType.csv.mediaType == "text/csv; charset=utf-8")
    }
}
