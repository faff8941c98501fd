import EyrieCore
import Testing

/// A resource's links to the work: the address a member pastes, and who may undo a link.
struct WorkLinkTests {
    @Test(arguments: [
        ("https://eyrie.example/ideas/12", WorkReference(.idea, 12)),
        ("http://127.0.0.1:8080/workshops/3/board", WorkReference(.workshop, 3)),
        ("  /offerings/2#progress ", WorkReference(.offering, 2)),
        ("offerings/7?tab=kpis", WorkReference(.offering, 7)),
        ("/ideas/44/edit", WorkReference(.idea, 44)),
    ])
    func addressesPastedFromTheBrowserFindTheirWork(_ address: String, _ expected: WorkReference) {
        #expect(WorkReference.parse(address: address) == expected)
    }

    @Test(arguments: ["", "https://eyrie.example", "/resources/3", "/ideas/", "/ideas/0", "/ideas/-4", "/ideas/12abc",
                      "/ideas/١٢", "/challenges/1/ideas", "javascript:alert(1)", "https://ideas/12", "/ideas/99999999999999999999"])
    func anythingElseIsNotTheAddressOfWork(_ address: String) {
        #expect(WorkReference.parse(address: address) == nil)
    }

    @Test func theFormSaysWhatIsWrongBesideTheField() throws {
        #expect(try WorkReference.validate(["address": "https://x.example/workshops/5"]) == WorkReference(.workshop, 5))
        for (form, message) in [([String: String](), "Paste the address"), (["address": "/resources/1"], "This is not the address"),
                                (["address": "/ideas/1" + String(repeating: "x", count: 600)], "This is not the address")] {
            do {
                _ = try WorkReference.validate(form)
                Issue.record("\(form) was taken")
            } catch let invalid as ValidationErrors {
                #expect(invalid.errors.map(\.field) == ["address"])
                #expect(invalid.errors[0].message.hasPrefix(message))
            }
        }
        #expect(WorkReference(.offering, 9).path == "/offerings/9")
    }

    @Test func theLinkerOrAStewardUndoesALink() {
        let member = Actor(role: .member)
        #expect(WorkLinkRules.mayUnlink(actor: .anonymous, isLinker: false) == .signInRequired)
        #expect(WorkLinkRules.mayUnlink(actor: member, isLinker: true) == .allowed)
        #expect(!WorkLinkRules.mayUnlink(actor: member, isLinker: false).isAllowed)
        #expect(!WorkLinkRules.mayUnlink(actor: Actor(role: .facilitator), isLinker: false).isAllowed)
        #expect(WorkLinkRules.mayUnlink(actor: Actor(role: .steward), isLinker: false) == .allowed)
        #expect(WorkLinkRules.mayUnlink(actor: Actor(isAdmin: true), isLinker: false) == .allowed)
        #expect(WorkLinkRules.mayUnlink(actor: Actor(), isLinker: true) == .joinCommunity)
    }

    @Test func keptTextLinksBackAndFitsTheLibrary() {
        let text = WorkKeeping.text(String(repeating: "a", count: 60_000), source: "/workshops/3", label: "From [the] *day*")
        #expect(text.count == ResourceDraft.maxBody && text.hasSuffix("[From \\[the\\] \\*day\\*](/workshops/3)"))
        #expect(WorkKeeping.fitted(String(repeating: "b", count: 200)).count == 160)
        #expect(WorkKeeping.fitted("Short") == "Short")
    }
}
