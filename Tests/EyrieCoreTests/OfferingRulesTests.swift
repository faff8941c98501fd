import EyrieCore
import Testing

/// Offerings' states and permissions, as tables.
struct OfferingRulesTests {
    struct MoveRow: Sendable, CustomTestStringConvertible {
        var move: OfferingMove
        var from: OfferingState
        var to: OfferingState?
        var testDescription: String { "\(move) from \(from) → \(to.map(\.rawValue) ?? "refused")" }
    }

    /// Every move from every state: where it leads, or refused.
    static let moves: [MoveRow] = [
        MoveRow(move: .pilot, from: .concept, to: .pilot),
        MoveRow(move: .pilot, from: .pilot, to: nil),
        MoveRow(move: .pilot, from: .launched, to: nil),
        MoveRow(move: .pilot, from: .retired, to: nil),
        MoveRow(move: .launch, from: .concept, to: nil),
        MoveRow(move: .launch, from: .pilot, to: .launched),
        MoveRow(move: .launch, from: .launched, to: nil),
        MoveRow(move: .launch, from: .retired, to: nil),
        MoveRow(move: .rethink, from: .concept, to: nil),
        MoveRow(move: .rethink, from: .pilot, to: .concept),
        MoveRow(move: .rethink, from: .launched, to: nil),
        MoveRow(move: .rethink, from: .retired, to: nil),
        MoveRow(move: .retire, from: .concept, to: .retired),
        MoveRow(move: .retire, from: .pilot, to: .retired),
        MoveRow(move: .retire, from: .launched, to: .retired),
        MoveRow(move: .retire, from: .retired, to: nil),
    ]

    @Test(arguments: moves)
    func stateTable(_ row: MoveRow) {
        let decision = OfferingRules.check(.move, actor: Actor(role: .steward), state: row.from, move: row.move)
        #expect(decision.isAllowed == (row.to != nil))
        if let to = row.to { #expect(row.move.target == to) }
    }

    @Test func theTableCoversEveryMoveFromEveryState() {
        #expect(Self.moves.count == OfferingMove.allCases.count * OfferingState.allCases.count)
        #expect(OfferingMove.available(from: .pilot) == [.launch, .rethink, .retire])
        #expect(OfferingMove.available(from: .retired).isEmpty)
    }

    enum Expect: Equatable { case allowed, signIn, forbidden, join, notNow }

    struct Row: Sendable, CustomTestStringConvertible {
        var action: OfferingAction
        var actor: Actor
        var owner = false
        var state: OfferingState = .concept
        var expect: Expect
        var testDescription: String { "\(action) by \(actor.effectiveRole?.rawValue ?? "nobody")\(owner ? " (owner)" : "") in \(state) → \(expect)" }
    }

    static let member = Actor(role: .member)
    static let rows: [Row] = [
        Row(action: .view, actor: .anonymous, expect: .allowed),
        Row(action: .create, actor: .anonymous, expect: .signIn),
        Row(action: .create, actor: Actor(), expect: .join),
        Row(action: .create, actor: member, expect: .forbidden),
        Row(action: .create, actor: Actor(role: .facilitator), expect: .allowed),
        Row(action: .create, actor: Actor(role: .steward), expect: .allowed),
        Row(action: .create, actor: Actor(isAdmin: true), expect: .allowed),
        Row(action: .edit, actor: .anonymous, expect: .signIn),
        Row(action: .edit, actor: member, expect: .forbidden),
        Row(action: .edit, actor: member, owner: true, expect: .allowed),
        Row(action: .edit, actor: member, owner: true, state: .launched, expect: .allowed),
        // An owner who left the community no longer carries it.
        Row(action: .edit, actor: Actor(), owner: true, expect: .join),
        Row(action: .edit, actor: Actor(role: .facilitator), state: .pilot, expect: .allowed),
        Row(action: .edit, actor: Actor(role: .steward), state: .retired, expect: .notNow),
        // Keeping an update in the library: the offering's leads, whatever its state (a retired one's lessons too).
        Row(action: .keepUpdate, actor: .anonymous, expect: .signIn),
        Row(action: .keepUpdate, actor: member, expect: .forbidden),
        Row(action: .keepUpdate, actor: member, owner: true, state: .retired, expect: .allowed),
        Row(action: .keepUpdate, actor: Actor(), owner: true, expect: .join),
        Row(action: .keepUpdate, actor: Actor(role: .facilitator), state: .retired, expect: .allowed),
        Row(action: .move, actor: member, owner: true, expect: .allowed),
        Row(action: .move, actor: member, expect: .forbidden),
        Row(action: .move, actor: Actor(isAdmin: true), state: .retired, expect: .notNow),
    ]

    @Test(arguments: rows)
    func permissionTable(_ row: Row) {
        let decision = OfferingRules.check(row.action, actor: row.actor, isOwner: row.owner, state: row.state,
                                           move: row.action == .move ? .retire : nil)
        let got: Expect = switch decision {
        case .allowed: .allowed
        case .signInRequired: .signIn
        case .forbidden: decision.asksToJoin ? .join : .forbidden
        case .notNow: .notNow
        }
        #expect(got == row.expect)
    }

    @Test func anOfferingNeedsAnIdeaOrAWorkshopAndItsOwnOrganisationIsNoPartner() throws {
        let form = ["name": "Onboarding desk", "promise": "Working in two days, with one person to call.",
                    "segment": "New small-business customers", "owner": "4", "organisation": "2",
                    "partner-2": "on", "partner-3": "on"]
        #expect(throws: ValidationErrors([FieldError("ideas", "Choose at least one selected idea or one closed workshop it comes from")])) {
            _ = try OfferingDraft.validate(form)
        }
        let draft = try OfferingDraft.validate(form.merging(["idea-9": "on", "idea-7": "on", "idea-x": "on"]) { $1 })
        #expect(draft.ideaIDs == [7, 9])
        #expect(draft.details.partnerIDs == [3])
        let bad = try? OfferingDetails.validate(["name": "X", "promise": "short", "owner": "", "organisation": "0"])
        #expect(bad == nil)
        do {
            _ = try OfferingDetails.validate(["name": "X", "promise": "short", "owner": "", "organisation": "0"])
        } catch let errors as ValidationErrors {
            #expect(errors.errors.map(\.field) == ["name", "promise", "segment", "owner", "organisation"])
        }
    }
}
