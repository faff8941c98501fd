@testable import EyrieCore
import Testing

@Suite struct JSONParserTests {
    static func parse(_ text: String) -> Result<JSONValue, JSONSyntaxError> {
        do { return .success(try JSONParser.parse(text, maxDepth: 4)) } catch { return .failure(error) }
    }

    @Test func readsValuesKeepingNumbersAsWritten() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.50, 3e+2], "b": "x\u00e9\ud83d\ude00\n", "c": null, "d": true}"#)
        #expect(value == .object([
            ("a", .array([.number("1"), .number("-2.50"), .number("3e+2")])),
            ("b", .string("xé😀\n")), ("c", .null), ("d", .bool(true)),
        ]))
    }

    @Test(arguments: [
        (#"{"a": 1"#, 1, 8, "the document ends too early"),
        (#"{"a": 1,}"#, 1, 9, "a comma before '}'"),
        (#"[1, 2] x"#, 1, 8, "unexpected text after the end of the document"),
        ("{\n\"a\": \"open", 2, 11, "a text is not closed"),
        (#"[[[[[1]]]]]"#, 1, 5, "nested deeper than 4 levels"),
        (#"[01]"#, 1, 2, "an invalid number"),
        (#"["\ud800"]"#, 1, 9, "a lone surrogate in \\u escape"),
        ("\u{FEFF}{}", 1, 1, "starts with a byte-order mark (BOM): save it as UTF-8 without one"),
    ])
    func refusesMalformedDocumentsWithTheirPlace(text: String, line: Int, column: Int, reason: String) {
        guard case .failure(let error) = Self.parse(text) else { Issue.record("parsed \(text)"); return }
        #expect(error.reason.description == reason)
        #expect(error.line == line)
        #expect(error.column == column)
    }

    @Test func refusesInvalidUTF8InsideATextWithItsPlace() {
        var bytes: [UInt8]? = Array(#"{"name": "North"#.utf8) + [0xFF] + Array(#"wind"}"#.utf8)
        let parser = JSONParser { defer { bytes = nil }; return bytes }
        #expect(throws: JSONSyntaxError(line: 1, column: 10, reason: "a text is not valid UTF-8")) { _ = try parser.value() }
    }
}

@Suite struct CSVReaderTests {
    static func rows(_ text: String, delimiter: Character = ",") throws -> [[String]] {
        var chunk: [UInt8]? = Array(text.utf8)
        let reader = CSVReader(delimiter: delimiter) { defer { chunk = nil }; return chunk }
        var out: [[String]] = []
        while let row = try reader.next() { out.append(row) }
        return out
    }

    @Test func readsQuotedFieldsWithDelimitersQuotesAndLineBreaks() throws {
        let rows = try Self.rows("a,b\r\n\"x, \"\"y\"\"\",\"line\r\nbreak\"\r\n,\n")
        #expect(rows == [["a", "b"], ["x, \"y\"", "line\r\nbreak"], ["", ""]])
    }

    @Test(arguments: [
        ("a,b\n\"open,x\n", 2, 1, "a quoted field opened on line 2 is never closed"),
        ("a,b\nx\"y,z\n", 2, 1, "a quote inside a field that does not start with one"),
        ("a,b\n\"x\"y,z\n", 2, 1, "text after the closing quote of a quoted field"),
        ("\u{FEFF}a,b\n", 1, 1, "starts with a byte-order mark (BOM): save it as UTF-8 without one"),
    ])
    func refusesMalformedFilesWithRowAndColumn(text: String, row: Int, column: Int, reason: String) {
        #expect {
            _ = try Self.rows(text)
        } throws: { error in
            guard let error = error as? CSVSyntaxError else { return false }
            return error.row == row && error.column == column && error.reason.description == reason
        }
    }

    @Test func refusesInvalidUTF8InTheFieldItIsIn() {
        var chunk: [UInt8]? = Array("a,b\nok,".utf8) + [0xC3, 0x28] + [10]
        let reader = CSVReader { defer { chunk = nil }; return chunk }
        #expect(throws: CSVSyntaxError(row: 2, column: 2, line: 2, reason: "is not valid UTF-8")) {
            while try reader.next() != nil {}
        }
    }

    /// The reader scans each chunk for the bytes that end a field: a file cut into chunks of any size (a byte, two,
    /// seven, ...) reads exactly as when it comes whole, and errors keep their row, column and line.
    static func rows(_ bytes: [UInt8], chunk size: Int, maxField: Int = 1 << 20) throws -> [[String]] {
        var offset = 0
        let reader = CSVReader(maxField: maxField) {
            guard offset < bytes.count else { return nil }
            defer { offset += size }
            return Array(bytes[offset..<min(offset + size, bytes.count)])
        }
        var out: [[String]] = []
        while let row = try reader.next() { out.append(row) }
        return out
    }

    @Test(arguments: [1, 2, 3, 5, 7, 64])
    func readsTheSameWhateverTheChunks(size: Int) throws {
        let text = "id,title,body\r\n1,\"quoted, with \"\"quotes\"\"\",\"two\nlines\"\n22,plain text here,\"\"\r\n"
            + "333,naïve café ☕,\"\"\"\"\"\"\n,,\n4,last,no line break"
        let whole = try Self.rows(Array(text.utf8), chunk: 1 << 16)
        #expect(whole == [["id", "title", "body"], ["1", "quoted, with \"quotes\"", "two\nlines"], ["22", "plain text here", ""],
                          ["333", "naïve café ☕", "\"\""], ["", "", ""], ["4", "last", "no line break"]])
        #expect(try Self.rows(Array(text.utf8), chunk: size) == whole)
    }

    @Test(arguments: [1, 2, 3, 64])
    func findsErrorsInTheirPlaceWhateverTheChunks(size: Int) {
        let cases: [([UInt8], CSVSyntaxError)] = [
            (Array("a,b\nok,\"x\n\ny".utf8), CSVSyntaxError(row: 2, column: 2, line: 4, reason: "a quoted field opened on line 2 is never closed")),
            (Array("a,b\nok,fine\nx,ab\"c\n".utf8), CSVSyntaxError(row: 3, column: 2, line: 3, reason: "a quote inside a field that does not start with one")),
            (Array("a,b\nok,".utf8) + [0xE2, 0x82] + Array(",\n".utf8), CSVSyntaxError(row: 2, column: 2, line: 2, reason: "is not valid UTF-8")),
            (Array("a,b\rc\n".utf8), CSVSyntaxError(row: 1, column: 2, line: 1, reason: "a carriage return outside quotes not followed by a line feed")),
            (Array("a,b\nabcdefghij,x\n".utf8), CSVSyntaxError(row: 2, column: 1, line: 2, reason: "a field longer than 8 bytes")),
            (Array("a,b\n\"abcd\"\"efgh\",x\n".utf8), CSVSyntaxError(row: 2, column: 1, line: 2, reason: "a field longer than 8 bytes")),
        ]
        for (bytes, expected) in cases {
            #expect {
                _ = try Self.rows(bytes, chunk: size, maxField: 8)
            } throws: { error in
                guard let error = error as? CSVSyntaxError else { return false }
                return (error.row, error.column, error.line, error.reason.description)
                    == (expected.row, expected.column, expected.line, expected.reason.description)
            }
        }
    }
}

@Suite struct ExchangeValueTests {
    static let entity = ExchangeFormat.entity("ideas")!

    static func check(_ field: String, _ value: JSONValue?) -> Result<String?, ExchangeProblem> {
        ExchangeValue.canonical(value, for: entity.field(field)!)
    }

    @Test func checksEachKindAndGivesPostgresText() {
        #expect(Self.check("title", .string("Hi")) == .success("Hi"))
        #expect(Self.check("tags", .array([.string("a"), .string("b\"")])) == .success(#"["a","b\""]"#))
        #expect(Self.check("imported_supports", .number("12")) == .success("12"))
        #expect(Self.check("awaiting_approval", .bool(false)) == .success("false"))
        #expect(Self.check("created_at", .string("2026-02-29T10:00:00Z")).isFailure)
        #expect(Self.check("created_at", .string("2028-02-29T10:00:00.123456+01:00")) == .success("2028-02-29T10:00:00.123456+01:00"))
        #expect(Self.check("state", .string("hidden")).isFailure)
        #expect(Self.check("imported_supports", .number("-1")).isFailure)
        #expect(Self.check("imported_supports", .string("3")).isFailure)
        #expect(Self.check("title", .string(String(repeating: "é", count: 141))).isFailure)
        #expect(Self.check("title", .string("a\0b")).isFailure)
        #expect(Self.check("merged_into", nil) == .success(nil))
        #expect(Self.check("title", nil) == .failure(.init("is missing")))
    }

    @Test func spreadsheetFormulasAreDefusedAndRestoredExactly() {
        for text in ["=1+2", "+x", "-5", "@SUM(A1)", "\tx", "\rx", "'=x", "'plain", "plain", ""] {
            let cell = SpreadsheetSafe.neutralise(text)
            if let first = cell.unicodeScalars.first { #expect(!"=+-@\t\r".unicodeScalars.contains(first)) }
            #expect(SpreadsheetSafe.restore(cell) == text)
        }
    }

    @Test func aCSVRowWithTheWrongNumberOfFieldsNamesItsRow() {
        let entity = ExchangeFormat.entity("supports")!
        guard case .errors(let errors) = ExchangeRecord.fromCSV(["a", "b"], layout: CSVLayout(header: entity.columns, entity: entity), entity: entity,
                                                               file: "supports.csv", row: 7)
        else { Issue.record("accepted"); return }
        #expect(errors.map(\.description) == ["supports.csv, row 7: has 2 fields; the header has 3"])
    }

    @Test func unknownFieldsAndAdminFlagsAreRefused() {
        let members = ExchangeFormat.entity("members")!
        let errors = ExchangeRecord.checkHeader(members.columns + ["is_admin"], entity: members, file: "members.csv")
        #expect(errors.map(\.description) == [
            "members.csv, row 1, column is_admin: is refused: an import never sets passwords or grants platform-admin",
        ])
    }

    @Test func everyReferenceNamesAnEntityOfTheFormat() {
        for entity in ExchangeFormat.entities {
            for field in entity.fields {
                guard case .ref(let target) = field.kind else { continue }
                // Written before the entity that names it (or the same one), so an import can check it in order;
                // a reference marked `afterwards` names a later entity and is set once everything is written.
                let before = ExchangeFormat.entities.firstIndex { $0.name == target }
                let here = ExchangeFormat.entities.firstIndex { $0.name == entity.name }!
                #expect(before.map { field.afterwards ? $0 > here : $0 <= here } == true, "\(entity.name).\(field.name)")
            }
        }
    }
}

struct ExchangeBytesTests {
    static let field = ExchangeFormat.entity("resource_attachments")!.field("content")!

    @Test(arguments: [("aGVsbG8=", true), ("aGVsbG8", false), ("aGVs bG8=", false), ("", false), ("a=GV", false),
                      ("////", true), ("aGVsbA==", true)])
    func base64IsCheckedWithoutDecoding(_ text: String, _ taken: Bool) {
        #expect(ExchangeValue.canonical(.string(text), for: Self.field).isFailure != taken)
    }

    @Test func aFileLargerThanTheFormatTakesIsRefusedWithItsSize() {
        let small = ExchangeField("content", .bytes(4))
        #expect(!ExchangeValue.canonical(.string("aGVsbA=="), for: small).isFailure)
        guard case .failure(let problem) = ExchangeValue.canonical(.string("aGVsbG8h"), for: small) else {
            Issue.record("six bytes were taken where four fit")
            return
        }
        #expect(problem.reason.description == "holds 6 bytes; at most 4 fit")
    }
}

extension Result {
    var isFailure: Bool { if case .failure = self { true } else { false } }
}
