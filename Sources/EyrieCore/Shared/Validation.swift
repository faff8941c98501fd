/// A problem with one form field, shown beside the field and in the error summary.
public struct FieldError: Sendable, Equatable, Error {
    public var field: String
    /// What is wrong, as a message the web layer shows in the reader's language.
    public var phrase: Phrase

    public init(_ field: String, _ phrase: Phrase) {
        self.field = field
        self.phrase = phrase
    }

    /// In English.
    public var message: String { phrase.description }
}

/// Problems found in a whole form; thrown by validators, caught by controllers that re-render with 422.
public struct ValidationErrors: Error, Sendable, Equatable {
    public var errors: [FieldError]

    public init(_ errors: [FieldError]) { self.errors = errors }

    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}

/// Rules for one text field: trimmed, required or not, at most `max` characters, no control characters
/// (NUL and friends) except newlines and tabs in multi-line fields.
public struct TextRule: Sendable {
    public var field: String
    public var label: String
    public var required: Bool
    public var min: Int
    public var max: Int
    public var multiline: Bool

    public init(_ field: String, _ label: String, required: Bool = true, min: Int = 1, max: Int, multiline: Bool = false) {
        self.field = field
        self.label = label
        self.required = required
        self.min = min
        self.max = max
        self.multiline = multiline
    }

    /// Returns the cleaned value or appends the problem to `errors`.
    public func check(_ raw: String?, into errors: inout [FieldError]) -> String {
        let value = (raw ?? "").trimmingWhitespace()
        if value.unicodeScalars.contains(where: { isForbidden($0) }) {
            errors.append(.init(field, Phrase("{label} contains characters that are not allowed", ["label": label])))
            return value
        }
        if value.isEmpty {
            if required { errors.append(.init(field, Phrase("Enter {label}", ["label": label.lowercased()]))) }
            return value
        }
        if value.count < min {
            errors.append(.init(field, "\("label", label) must be at least \("min", min) characters"))
        } else if value.count > max {
            errors.append(.init(field, "\("label", label) must be \("max", max) characters or fewer"))
        }
        return value
    }

    private func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        if multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t") { return false }
        return scalar.properties.generalCategory == .control
    }
}

extension String {
    /// The string without leading and trailing spaces and newlines (Foundation-free).
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}

extension String {
    /// The string without control characters (NUL and friends), for text that goes into a search query.
    public var withoutControlCharacters: String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0.properties.generalCategory != .control }))
    }
}
