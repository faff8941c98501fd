import EyrieCore

/// What a form shows: the values typed (kept after an error) and each field's message.
struct FormState {
    var values: [String: String]
    var errors: [String: String]
    /// The same messages in field order, for the error summary.
    var list: [FieldError]

    init(values: [String: String] = [:], errors: [FieldError] = []) {
        var kept = values
        kept["password"] = nil
        kept["_csrf"] = nil
        self.values = kept
        list = errors
        self.errors = Dictionary(errors.map { ($0.field, say($0.phrase)) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One `<option>` of a `<select>`.
struct Option: TemplateFields {
    var value: String
    var label: String
    var selected: Bool

    var templateFields: [String: Any] { ["value": value, "label": label, "selected": selected] }
}

extension Array where Element == Organisation {
    func options(selected: String?) -> [Option] {
        map { Option(value: String($0.id), label: $0.name, selected: String($0.id) == selected) }
    }
}

extension FormState {
    /// The same form with the error summary's links pointing at `field-<suffix>`: for a page with one small form
    /// per item, whose fields' ids carry the item's key.
    func suffixed(_ suffix: String?) -> FormState {
        guard let suffix else { return self }
        var copy = self
        copy.list = list.map { FieldError("\($0.field)-\(suffix)", $0.phrase) }
        return copy
    }
}

extension FormState: TemplateFields {
    var templateFields: [String: Any] { ["values": values, "errors": errors, "list": list] }
}
