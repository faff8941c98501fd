import Foundation

/// What a file attached to a resource is, as Eyrie recorded it from the file's own bytes (never the type the
/// uploader's browser claimed): it decides the `Content-Type` the file is served with and whether it is shown inline.
public enum AttachmentType: String, Sendable, CaseIterable {
    case pdf, png, jpeg, gif, webp
    case docx, xlsx, pptx, odt, ods, odp
    case doc, xls, ppt
    case csv, text

    public var mediaType: String {
        switch self {
        case .pdf: "application/pdf"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .ods: "application/vnd.oasis.opendocument.spreadsheet"
        case .odp: "application/vnd.oasis.opendocument.presentation"
        case .doc: "application/msword"
        case .xls: "application/vnd.ms-excel"
        case .ppt: "application/vnd.ms-powerpoint"
        case .csv: "text/csv; charset=utf-8"
        case .text: "text/plain; charset=utf-8"
        }
    }

    /// The endings a file of this type may have (the first is the usual one).
    public var extensions: [String] {
        switch self {
        case .jpeg: ["jpg", "jpeg"]
        case .text: ["txt", "md"]
        default: [rawValue]
        }
    }

    /// Shown in the reader's browser (the others download).
    public var isImage: Bool { [.png, .jpeg, .gif, .webp].contains(self) }

    /// What a member calls it.
    public var label: Phrase {
        switch self {
        case .pdf: "PDF"
        case .png, .jpeg, .gif, .webp: "Image"
        case .docx, .doc, .odt: "Text document"
        case .xlsx, .xls, .ods: "Spreadsheet"
        case .pptx, .ppt, .odp: "Presentation"
        case .csv: "CSV table"
        case .text: "Plain text"
        }
    }

    /// The `accept` list of the file field: every ending Eyrie keeps.
    public static let acceptList = allCases.flatMap { $0.extensions.map { "." + $0 } }.joined(separator: ",")
}

/// A file attached to a resource (its bytes are read only to serve it).
public struct Attachment: Sendable, Equatable {
    public var id: Int64
    public var resourceID: Int64
    public var name: String
    public var type: AttachmentType
    public var size: Int
    public var uploadedBy: Int64?
    public var uploaderName: String?
    public var uploadedAt: Date

    public init(id: Int64, resourceID: Int64, name: String, type: AttachmentType, size: Int, uploadedBy: Int64?,
                uploaderName: String?, uploadedAt: Date) {
        self.id = id; self.resourceID = resourceID; self.name = name; self.type = type; self.size = size
        self.uploadedBy = uploadedBy; self.uploaderName = uploaderName; self.uploadedAt = uploadedAt
    }
}

/// Who may do what with an attachment, beyond reading it with its resource.
public enum AttachmentRules {
    /// The member who attached it, or a steward, removes it.
    public static func mayRemove(actor: Actor, isUploader: Bool) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        if actor.atLeast(.steward) { return .allowed }
        guard actor.atLeast(.member) else { return .joinCommunity }
        return isUploader ? .allowed : .forbidden("Only the member who attached the file, or a steward, removes it.")
    }
}

/// How much the library keeps: per file, and per community (all its resources' attachments together).
public struct AttachmentLimits: Sendable, Equatable {
    public var perFile: Int
    public var perCommunity: Int

    public init(perFile: Int = 10_000_000, perCommunity: Int = 500_000_000) {
        self.perFile = perFile
        self.perCommunity = perCommunity
    }
}

/// A file as it arrived, ready to keep: its checked name and the type its bytes are.
public struct AttachmentUpload: Sendable, Equatable {
    public var name: String
    public var type: AttachmentType

    public init(name: String, type: AttachmentType) {
        self.name = name
        self.type = type
    }

    public static let maxName = 200

    /// Checks the file's name and bytes; every refusal is a sentence beside the `file` field. `name` is what the
    /// browser sent (it may be anything), `bytes` the file's content.
    public static func validate(name rawName: String?, bytes: some Collection<UInt8>, limits: AttachmentLimits) throws -> AttachmentUpload {
        let name = (rawName ?? "").trimmingWhitespace()
        guard !name.isEmpty else { throw ValidationErrors([FieldError("file", "Choose a file to attach")]) }
        if name.contains("/") || name.contains("\\") {
            throw ValidationErrors([FieldError("file", "The file's name may not contain / or \\: name it without folders")])
        }
        if name.unicodeScalars.contains(where: isHidden) {
            throw ValidationErrors([FieldError("file", "The file's name contains control or direction characters: rename it")])
        }
        if name.hasPrefix(".") { throw ValidationErrors([FieldError("file", "The file's name may not start with a dot")]) }
        if name.count > maxName { throw ValidationErrors([FieldError("file", "The file's name is too long: \(number: "max", maxName) characters at most")]) }
        guard !bytes.isEmpty else { throw ValidationErrors([FieldError("file", "The file is empty")]) }
        if bytes.count > limits.perFile {
            throw ValidationErrors([FieldError("file", "The file is \("size", ByteSize(bytes.count).phrase); each file may be at most \("limit", ByteSize(limits.perFile).phrase)")])
        }
        let ending = name.lastIndex(of: ".").map { String(name[name.index(after: $0)...]).lowercased() } ?? ""
        if ending == "svg" || ending == "svgz" {
            throw ValidationErrors([FieldError("file", "SVG drawings can carry scripts, so the library does not keep them: save it as PNG and attach that")])
        }
        guard let type = sniff(bytes, ending: ending) else {
            throw ValidationErrors([FieldError("file", "The library keeps PDF, images (PNG, JPEG, GIF, WebP), office documents and CSV or plain text; this file is none of these")])
        }
        if !ending.isEmpty, !type.extensions.contains(ending) {
            throw ValidationErrors([FieldError("file", "The file is named .\("ending", ending) but holds \("what", type.rawValue.uppercased()): rename it to end in .\("right", type.extensions[0])")])
        }
        return AttachmentUpload(name: name, type: type)
    }

    /// C0 and C1 controls, DEL, and the marks that reorder text (a name could otherwise pretend to end in `.pdf`).
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || (0x200E...0x200F).contains(v) || (0x202A...0x202E).contains(v)
            || (0x2066...0x2069).contains(v)
    }

    /// The type the bytes are. Office files are zip or OLE containers, told apart by their ending (and, for zip, by
    /// the part every such document holds); text must be UTF-8 without NUL bytes, named .csv, .txt or .md.
    static func sniff(_ bytes: some Collection<UInt8>, ending: String) -> AttachmentType? {
        let head = Array(bytes.prefix(4096))
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + prefix.count && Array(head[offset..<offset + prefix.count]) == prefix
        }
        func contains(_ text: String) -> Bool {
            let needle = Array(text.utf8)
            guard head.count >= needle.count else { return false }
            return (0...(head.count - needle.count)).contains { Array(head[$0..<$0 + needle.count]) == needle }
        }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts([0x50, 0x4B, 0x03, 0x04]) {
            switch ending {
            case "docx", "xlsx", "pptx": return contains("[Content_Types].xml") ? AttachmentType(rawValue: ending) : nil
            case "odt", "ods", "odp":
                let type = AttachmentType(rawValue: ending)!
                return contains("mimetype" + type.mediaType) ? type : nil
            default: return nil
            }
        }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return ["doc", "xls", "ppt"].contains(ending) ? AttachmentType(rawValue: ending) : nil
        }
        guard ["csv", "txt", "md"].contains(ending), !bytes.contains(0), String(bytes: Array(bytes), encoding: .utf8) != nil else {
            return nil
        }
        return ending == "csv" ? .csv : .text
    }
}

/// A number of bytes as people read it: "820 KB", "2.4 MB" (French "820 ko", "2,4 Mo": each unit is a message,
/// and a size under 10 MB keeps one decimal, whose separator the message places).
public struct ByteSize: CustomStringConvertible, Sendable {
    public var bytes: Int
    public init(_ bytes: Int) { self.bytes = bytes }

    public var phrase: Phrase {
        if bytes < 1000 { return "\(number: "n", bytes) B" }
        if bytes < 1_000_000 { return "\(number: "n", Int((Double(bytes) / 1000).rounded())) KB" }
        let tenths = Int((Double(bytes) / 100_000).rounded())
        if tenths < 100 { return "\(number: "whole", tenths / 10).\("tenth", tenths % 10) MB" }
        return "\(number: "n", Int((Double(bytes) / 1_000_000).rounded())) MB"
    }

    public var description: String { phrase.description }
}
