/// How a challenge's idea list is ordered.
public enum IdeaSort: String, Sendable, CaseIterable {
    case new
    case supported
    case discussed

    public var label: String {
        switch self {
        case .new: "Newest"
        case .supported: "Most supported"
        case .discussed: "Most discussed"
        }
    }
}

/// A keyset position in a sorted idea list: the sort key of the last idea shown and its id.
/// Written in URLs as `key.id`; anything else reads as "from the start".
public struct IdeaCursor: Sendable, Equatable {
    public var key: Int64
    public var id: Int64

    public init(key: Int64, id: Int64) {
        self.key = key
        self.id = id
    }

    public init?(_ text: String?) {
        guard let parts = text?.split(separator: "."), parts.count == 2,
              let key = Int64(parts[0]), let id = Int64(parts[1]) else { return nil }
        self.init(key: key, id: id)
    }

    public var text: String { "\(key).\(id)" }
}

/// What a visitor asked the idea list for.
public struct IdeaQuery: Sendable, Equatable {
    public var sort: IdeaSort
    public var search: String
    public var tag: String
    public var after: IdeaCursor?
    public var limit: Int

    public init(sort: IdeaSort = .new, search: String = "", tag: String = "", after: IdeaCursor? = nil, limit: Int = 20) {
        self.sort = sort
        self.search = search
        self.tag = tag
        self.after = after
        self.limit = limit
    }

    /// Reads query parameters leniently: unknown values fall back to defaults, long ones are cut.
    public static func parse(_ params: [String: String]) -> IdeaQuery {
        IdeaQuery(
            sort: IdeaSort(rawValue: params["sort"] ?? "") ?? .new,
            search: String((params["q"] ?? "").withoutControlCharacters.trimmingWhitespace().prefix(200)),
            tag: Tags.normalise(String((params["tag"] ?? "").prefix(30))),
            after: IdeaCursor(params["after"])
        )
    }
}
