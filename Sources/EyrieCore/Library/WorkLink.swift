/// The work a resource came from or serves: an idea, a workshop or an offering of the same community.
public enum WorkKind: String, Sendable, CaseIterable {
    case idea, workshop, offering

    /// The first segment of the work's address (`/ideas/12`).
    public var segment: String { rawValue + "s" }

    public var label: Phrase {
        switch self {
        case .idea: "Idea"
        case .workshop: "Workshop"
        case .offering: "Offering"
        }
    }
}

/// One piece of work, by kind and id.
public struct WorkReference: Sendable, Hashable {
    public var kind: WorkKind
    public var id: Int64

    public init(_ kind: WorkKind, _ id: Int64) {
        self.kind = kind
        self.id = id
    }

    public var path: String { "/\(kind.segment)/\(id)" }

    /// The work a member points at by pasting its address from the browser: `https://eyrie.example/ideas/12`,
    /// `/workshops/3/board`, `offerings/2#progress` (any host, any page under the work's own address).
    public static func parse(address raw: String) -> WorkReference? {
        var text = Substring(raw.trimmingCharacters(in: .whitespacesAndNewlines))
        if let scheme = text.range(of: "://") {
            text = text[scheme.upperBound...]
            guard let slash = text.firstIndex(of: "/") else { return nil }
            text = text[slash...]
        }
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        let parts = text.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 2, let kind = WorkKind.allCases.first(where: { $0.segment == parts[0] }),
              parts[1].allSatisfy(\.isASCII), let id = Int64(parts[1]), id > 0 else { return nil }
        return WorkReference(kind, id)
    }

    /// The link form's one field: an address, checked here; whether the work exists in the community is the store's.
    public static func validate(_ form: [String: String]) throws -> WorkReference {
        let raw = (form["address"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !raw.isEmpty else {
            throw ValidationErrors([FieldError("address", "Paste the address of an idea, a workshop or an offering")])
        }
        guard raw.count <= 500, let reference = parse(address: raw) else {
            throw ValidationErrors([FieldError("address", "This is not the address of an idea, a workshop or an offering: open it and copy the address from the browser's bar")])
        }
        return reference
    }
}

/// Who may undo a link: the member who made it, or anyone who looks after the community.
public enum WorkLinkRules {
    public static func mayUnlink(actor: Actor, isLinker: Bool) -> Decision {
        guard actor.isSignedIn else { return .signInRequired }
        if actor.atLeast(.steward) { return .allowed }
        guard actor.atLeast(.member) else { return .joinCommunity }
        return isLinker ? .allowed : .forbidden("Only the member who linked it, or a steward, removes this link.")
    }
}

/// A resource's link to a piece of work, as the resource's page lists it.
public struct WorkLink: Sendable, Equatable {
    public var id: Int64
    public var work: WorkReference
    public var title: String
    /// Who linked it (nil once their account is gone), to decide who may remove it.
    public var linkedBy: Int64?
    /// The resource was made from this work in one step (a workshop's summary, an offering's update).
    public var madeFromIt: Bool

    public init(id: Int64, work: WorkReference, title: String, linkedBy: Int64?, madeFromIt: Bool) {
        self.id = id
        self.work = work
        self.title = title
        self.linkedBy = linkedBy
        self.madeFromIt = madeFromIt
    }
}

/// How a workshop's summary or an offering's update reads once kept in the library: a title in the keeper's words
/// around the work's own name, the text, and where it came from.
public enum WorkKeeping {
    public static func summaryTitle(workshop: String) -> Phrase {
        "Workshop summary: \("workshop", workshop)"
    }

    public static func updateTitle(offering: String, day: String) -> Phrase {
        "Progress of “\("offering", offering)”, \("day", day)"
    }

    /// A title that fits the library's rule (3 to 160 characters).
    public static func fitted(_ title: String) -> String {
        title.count > 160 ? String(title.prefix(159)) + "…" : title
    }

    public static func summarySource(workshop: String) -> Phrase {
        "From the workshop “\("workshop", workshop)”"
    }

    public static func updateSource(offering: String) -> Phrase {
        "From the progress of “\("offering", offering)”"
    }

    /// The kept text: the work's own words, then a link back to where it came from, `label` shown as it is.
    public static func text(_ body: String, source: String, label: String) -> String {
        let link = "\n\n[\(literal(label))](\(source))"
        return String(body.prefix(ResourceDraft.maxBody - link.count)) + link
    }

    /// Text as Markdown shows it literally, on one line (no links, emphasis or HTML from what people wrote).
    public static func literal(_ text: String) -> String {
        var out = ""
        for ch in text.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: " ") {
            if "\\`*_{}[]()#+-.!<>|~".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}
