/// The six parts of a value proposition canvas: the customer segment's profile (jobs, pains, gains) and the
/// offering's value map (products and services, pain relievers, gain creators).
public enum CanvasSection: String, Sendable, CaseIterable {
    case jobs, pains, gains, products, relievers, creators

    public var label: String {
        switch self {
        case .jobs: "Customer jobs"
        case .pains: "Pains"
        case .gains: "Gains"
        case .products: "Products and services"
        case .relievers: "Pain relievers"
        case .creators: "Gain creators"
        }
    }

    /// What to write there, shown under the section's heading.
    public var hint: String {
        switch self {
        case .jobs: "What the customers are trying to get done."
        case .pains: "What annoys them, or stands in their way, before, during and after the job."
        case .gains: "The outcomes and benefits they want."
        case .products: "What the offering consists of."
        case .relievers: "How it takes a pain away."
        case .creators: "How it brings a gain about."
        }
    }

    /// Whether the section describes the customer (the circle) or the offering (the square).
    public var isCustomer: Bool { self == .jobs || self == .pains || self == .gains }

    /// The section whose entries this one's entries answer: relievers answer pains, creators answer gains.
    public var answers: CanvasSection? {
        switch self {
        case .relievers: .pains
        case .creators: .gains
        default: nil
        }
    }

    public static var customer: [CanvasSection] { [.jobs, .pains, .gains] }
    public static var offering: [CanvasSection] { [.products, .relievers, .creators] }
}

/// One short entry of the canvas.
public struct CanvasEntry: Sendable, Hashable {
    public var id: Int64
    public var section: CanvasSection
    public var position: Int
    public var body: String

    public init(id: Int64, section: CanvasSection, position: Int, body: String) {
        self.id = id; self.section = section; self.position = position; self.body = body
    }
}

/// A link saying which pain reliever answers which pain (or which gain creator brings which gain).
public struct CanvasFit: Sendable, Equatable, Hashable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) { self.from = from; self.to = to }
}

/// A whole canvas with its fit, and what it says about how well the offering fits the segment.
public struct Canvas: Sendable, Hashable {
    public var entries: [CanvasEntry]
    public var fits: [CanvasFit]

    public init(entries: [CanvasEntry], fits: [CanvasFit]) {
        self.entries = entries.sorted { ($0.section.order, $0.position, $0.id) < ($1.section.order, $1.position, $1.id) }
        self.fits = fits
    }

    /// The most entries one section holds.
    public static let maxPerSection = 30

    public func entries(in section: CanvasSection) -> [CanvasEntry] { entries.filter { $0.section == section } }

    public func entry(_ id: Int64) -> CanvasEntry? { entries.first { $0.id == id } }

    /// The entries `id` answers (for a reliever or creator) or is answered by (for a pain or gain).
    public func linked(to id: Int64) -> [CanvasEntry] {
        let ids = fits.compactMap { $0.from == id ? $0.to : $0.to == id ? $0.from : nil }
        return entries.filter { ids.contains($0.id) }
    }

    /// Pains no reliever answers and gains no creator brings: where the offering does not fit yet.
    public var unanswered: [CanvasEntry] {
        let answered = Set(fits.map(\.to))
        return entries.filter { ($0.section == .pains || $0.section == .gains) && !answered.contains($0.id) }
    }

    /// Whether `from` may be linked to `to`: a reliever to a pain, a creator to a gain, both on this canvas and not
    /// linked already. Returns the reason when not.
    public func checkFit(from: Int64, to: Int64) -> FieldError? {
        guard let source = entry(from) else {
            return FieldError("from", "Choose a pain reliever or a gain creator of this canvas")
        }
        guard let answers = source.section.answers else {
            return FieldError("from", "Only pain relievers and gain creators answer something")
        }
        guard let target = entry(to), target.section == answers else {
            return FieldError("to", answers == .pains ? "Choose a pain this reliever takes away"
                                                      : "Choose a gain this creator brings")
        }
        if fits.contains(CanvasFit(from: source.id, to: target.id)) { return FieldError("to", "These two are linked already") }
        return nil
    }
}

extension CanvasSection {
    var order: Int { Self.allCases.firstIndex(of: self)! }
}

/// A canvas entry as typed on its form.
public struct CanvasEntryDraft: Sendable, Equatable {
    public var section: CanvasSection
    public var body: String

    public init(section: CanvasSection, body: String) { self.section = section; self.body = body }

    public static func validate(_ form: [String: String]) throws -> CanvasEntryDraft {
        var errors: [FieldError] = []
        let section = CanvasSection(rawValue: form["section"] ?? "")
        if section == nil { errors.append(.init("section", "Choose the part of the canvas")) }
        let body = TextRule("body", "Entry", min: 2, max: 200).check(form["body"], into: &errors)
        guard errors.isEmpty, let section else { throw ValidationErrors(errors) }
        return CanvasEntryDraft(section: section, body: body)
    }
}
