@testable import EyrieCore
import Foundation
import Testing

/// The export escapes cells straight from PostgreSQL's bytes, copying clean runs whole: the bytes must be exactly what
/// the escaping of whole strings gives, whatever sits at a run's edges.
@Suite struct ExportEscapingTests {
    static let samples = [
        "", "plain", "\"", "\\", "a\"b\\c", "line\nbreak\r\n", "\ttab", "\u{1}\u{1f}x\u{0}", "end\"", "\"start",
        "é ü 中文 🙂", "before\u{2028}after\u{2029}", "\u{2028}", "€ costs – a dash", "x\u{2026}y", "\u{e2}",
        "=SUM(A1)", "'quoted", "a,b", "say \"hi\", then\nleave",
    ]

    @Test(arguments: samples) func aJSONCellFromBytesEqualsTheStringEscaper(_ text: String) {
        var bytes: [UInt8] = []
        var copy = text
        copy.withUTF8 { JSONText.appendString(UnsafeRawBufferPointer($0), to: &bytes) }
        #expect(String(decoding: bytes, as: UTF8.self) == JSONText.string(text))
    }

    @Test(arguments: samples) func aCSVCellIsQuotedWithItsQuotesDoubledOnlyWhenItMustBe(_ text: String) {
        var bytes: [UInt8] = []
        var copy = text
        copy.withUTF8 { CSVText.appendCell(UnsafeRawBufferPointer($0), defuse: true, to: &bytes) }
        let defused = SpreadsheetSafe.neutralise(text)
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        let expected = needsQuotes ? "\"" + defused.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : defused
        #expect(String(decoding: bytes, as: UTF8.self) == expected)
    }
}
