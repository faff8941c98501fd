/// Small files of each kind the library keeps, and some it must refuse, as their bytes.
public enum SampleFiles {
    /// A real one-pixel PNG (Eyrie's blue).
    public static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53, 0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0x90, 0x8D, 0x5F, 0x01, 0x00, 0x01, 0xC1, 0x01, 0x25, 0xE7, 0x83, 0x2B, 0x3F, 0x00, 0x00, 0x00,
        0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
    public static let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
    /// The start of a Word document: a zip whose first part is `[Content_Types].xml`.
    public static let docx: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00] + Array(repeating: 0, count: 22)
        + Array("[Content_Types].xml<Types/>".utf8)
    /// A zip that is no office document.
    public static let zip: [UInt8] = [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00] + Array(repeating: 0, count: 24) + Array("notes.txt hello".utf8)
    public static let csv: [UInt8] = Array("city,calls\nLyon,12\nCasablanca,9\n".utf8)
    public static let svg: [UInt8] = Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>".utf8)
    public static let html: [UInt8] = Array("<html><script>alert(document.cookie)</script></html>".utf8)

    /// `count` bytes of a PDF (a real header, then filler).
    public static func pdf(bytes count: Int) -> [UInt8] {
        pdf + Array(repeating: 0x20, count: max(count - pdf.count, 0))
    }
}
