@testable import EyrieCore
import Testing

/// The library's rules: what a resource form accepts, how an edit names the version it started from, the order of
/// the list, and what changed between two versions, on worked examples.
struct LibraryTests {
    let kinds = ResourceKind.builtIn + [.custom("Persona")]

    @Test func aResourceFormIsCheckedFieldByField() throws {
        let good = ["title": "Welcome call script", "kind": "tool", "body": "# Script\n\nSay hello.", "tags": "Onboarding, calls",
                    "language": "fr"]
        let draft = try ResourceDraft.validate(good, kinds: kinds)
        #expect(draft.kind == .tool && draft.tags == ["onboarding", "calls"] && draft.language == "fr" && draft.baseVersion == nil)
        #expect(try ResourceDraft.validate(good.merging(["kind": "Persona"]) { $1 }, kinds: kinds).kind == .custom("Persona"))
        for (field, value, message) in [
            ("title", "ab", "Title must be at least 3 characters"),
            ("kind", "poem", "Choose what kind of resource this is"),
            ("body", "", "Enter text"),
            ("body", String(repeating: "x", count: 50_001), "Text must be 50000 characters or fewer"),
            ("language", "de", "Choose the language the resource is written in"),
            ("tags", "a", "Each tag must be 2 to 30 characters (a)"),
        ] {
            #expect(throws: ValidationErrors([FieldError(field, Phrase(message))]), "\(field)=\(value.prefix(10))") {
                try ResourceDraft.validate(good.merging([field: value]) { $1 }, kinds: kinds)
            }
        }
    }

    @Test func anEditNamesTheVersionItStartedFrom() throws {
        let form = ["title": "Script", "kind": "guide", "body": "Text", "version": "4", "reason": "Added the Lyon figures"]
        let draft = try ResourceDraft.validate(form, kinds: kinds, editing: true)
        #expect(draft.baseVersion == 4 && draft.reason == "Added the Lyon figures")
        #expect(throws: ValidationErrors.self) { try ResourceDraft.validate(form.merging(["version": ""]) { $1 }, kinds: kinds, editing: true) }
        #expect(throws: ValidationErrors.self) {
            try ResourceDraft.validate(form.merging(["reason": String(repeating: "y", count: 201)]) { $1 }, kinds: kinds, editing: true)
        }
    }

    @Test func aNewKindIsNotOneTheLibraryHas() throws {
        #expect(try ResourceKindName.validate(["name": "Journey map"], existing: kinds) == .custom("Journey map"))
        #expect(throws: ValidationErrors.self) { try ResourceKindName.validate(["name": "persona"], existing: kinds) }
        #expect(throws: ValidationErrors.self) { try ResourceKindName.validate(["name": "Guide"], existing: kinds) }
        #expect(throws: ValidationErrors.self) { try ResourceKindName.validate(["name": "x"], existing: kinds) }
    }

    @Test func theListsQueryComesFromTheAddress() {
        let query = ResourceQuery.parse(["q": "  welcome call ", "kind": "case", "tag": "On Boarding", "sort": "useful"])
        #expect(query == ResourceQuery(words: "welcome call", kind: "case", tag: "on-boarding", sort: .useful))
        #expect(ResourceQuery.parse(["sort": "nonsense", "kind": ""]) == ResourceQuery())
    }

    @Test func whatChangedBetweenTwoVersions() {
        let old = "# Welcome call\nCall within a day\nAsk about the account\nSay goodbye"
        let new = "# Welcome call\nCall within two hours\nAsk about the account\nOffer the checklist\nSay goodbye"
        let changes = LineDiff.lines(from: old, to: new)
        #expect(changes == [.same("# Welcome call"), .removed("Call within a day"), .added("Call within two hours"),
                            .same("Ask about the account"), .added("Offer the checklist"), .same("Say goodbye")])
        #expect(LineDiff.counts(changes) == (added: 2, removed: 1))
        #expect(LineDiff.lines(from: "a\nb", to: "a\nb") == [.same("a"), .same("b")])
        #expect(LineDiff.lines(from: "", to: "a") == [.added("a")])
        #expect(LineDiff.lines(from: "a\r\nb", to: "a\nc") == [.same("a"), .removed("b"), .added("c")])
        // past the limit, the middle is compared as a whole
        let many = (0..<3_000).map(String.init).joined(separator: "\n")
        let others = (0..<3_000).map { "x\($0)" }.joined(separator: "\n")
        #expect(LineDiff.counts(LineDiff.lines(from: many, to: others)) == (added: 3_000, removed: 3_000))
    }
}
