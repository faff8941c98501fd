import Mustache
import Synchronization

/// A view model that hands its fields to templates itself, for those rendered many times per page (idea cards):
/// reflecting each field of each card cost more than the query that loaded them, and reflecting a page's own view
/// model costs a tenth of its server time. The values are turned into the tree in their turn (strings, numbers and
/// booleans as they are, other view models by their own fields); nil optionals are left out (`keep`).
protocol TemplateFields {
    var templateFields: [String: Any] { get }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets `key` only when there is a value: templates read a missing name as false, as they read a nil optional.
    mutating func keep(_ key: String, _ value: Any?) {
        if let value { self[key] = value }
    }
}

/// A view model with its own partial whose HTML depends on nothing but its fields (no viewer, no CSRF token): it is
/// rendered once per distinct value and kept, and templates insert it as `{{{html}}}` (escaped by its own partial).
protocol TemplateFragment: TemplateFields, Hashable, Sendable {
    static var template: String { get }
}

/// Fragments shown one after another (a list of idea cards): the tree holds their HTML joined, inserted with
/// `{{{name}}}`, so that no per-item dictionary is built nor looked up when every item comes from the cache.
struct FragmentList<Item: TemplateFragment>: JoinedFragments {
    var items: [Item]

    init(_ items: [Item]) { self.items = items }

    var fragments: [any TemplateFragment] { items }
}

/// What the tree holds as its fragments' HTML only (a list of cards, or one fragment shown whole such as a tag cloud).
protocol JoinedFragments {
    var fragments: [any TemplateFragment] { get }
}

/// Rendered fragments by value, at most `limit` of them and `byteLimit` bytes of HTML (emptied when full: pages refill
/// it with what is shown now). Popular pages show the same cards to everyone, so most cards are rendered once, not on
/// every view; an offering's KPI table or blueprint is a hundred kilobytes, hence the bytes.
final class FragmentCache: Sendable {
    /// A fragment as a dictionary key; fragments are Sendable values, which `AnyHashable` cannot say.
    private struct Key: Hashable, @unchecked Sendable {
        let language: String
        let value: AnyHashable
    }

    private struct Entries {
        var html: [Key: String] = [:]
        var bytes = 0
    }

    private let entries = Mutex(Entries())
    let limit: Int
    let byteLimit: Int

    init(limit: Int, byteLimit: Int = 64 << 20) {
        self.limit = limit
        self.byteLimit = byteLimit
    }

    var count: Int { entries.withLock { $0.html.count } }
    var bytes: Int { entries.withLock { $0.bytes } }

    /// The fragment's HTML in `language` (a card's words are the reader's, so each language has its own copy).
    func html(for fragment: any TemplateFragment, language: String, render: (String) -> String) -> String {
        let key = Key(language: language, value: AnyHashable(fragment))
        if let html = entries.withLock({ $0.html[key] }) { return html }
        let html = render(type(of: fragment).template)
        let size = html.utf8.count
        entries.withLock {
            if $0.html.count >= limit || $0.bytes + size > byteLimit {
                $0.html.removeAll(keepingCapacity: true)
                $0.bytes = 0
            }
            if $0.html.updateValue(html, forKey: key) == nil { $0.bytes += size }
        }
        return html
    }
}

/// Turns a view model into dictionaries and arrays once, before rendering. swift-mustache looks names up with
/// `Mirror` at every tag and at every level of the context stack, which made a 20-card page cost 13 ms; dictionary
/// lookups make it a fraction of that. Nil optionals are left out, which Mustache reads as false, as before.
/// Fragments get an `html` field beside their own fields.
struct RenderTree {
    let fragment: (any TemplateFragment) -> String

    /// The stored fields (nil optionals excepted) that `templateFields` leaves out: none for a model that lists its
    /// own fields faithfully (it may add fields worked out from them, such as an address from an id).
    static func unlisted(_ value: any TemplateFields) -> Set<String> {
        var stored = Set<String>()
        for child in Mirror(reflecting: value).children {
            guard let label = child.label, label != "templateFields" else { continue }
            let inner = Mirror(reflecting: child.value)
            if inner.displayStyle == .optional && inner.children.isEmpty { continue }
            stored.insert(label)
        }
        return stored.subtracting(value.templateFields.keys)
    }

    func build(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is Substring, is MustacheLambda:
            return value
        case let list as any JoinedFragments:
            var html = ""
            for item in list.fragments { html += fragment(item) }
            return html
        case let own as any TemplateFragment:
            var fields = own.templateFields
            fields["html"] = fragment(own)
            return fields
        case let own as any TemplateFields:
            #if DEBUG
            // Every page the tests render checks that a model listing its own fields lists all of them.
            let differ = Self.unlisted(own)
            assert(differ.isEmpty, "\(type(of: own)).templateFields leaves out \(differ.sorted())")
            #endif
            return own.templateFields.mapValues(build)
        case let array as [Any]:
            return array.map(build)
        case let dictionary as [String: Any]:
            return dictionary.mapValues(build)
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            return mirror.children.first.map { build($0.value) } as Any
        case .struct, .class:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                guard let name = child.label else { continue }
                let inner = Mirror(reflecting: child.value)
                if inner.displayStyle == .optional {
                    guard let some = inner.children.first else { continue }
                    fields[name] = build(some.value)
                } else {
                    fields[name] = build(child.value)
                }
            }
            return fields
        case .collection, .set:
            return mirror.children.map { build($0.value) }
        case .dictionary:
            var fields: [String: Any] = [:]
            for child in mirror.children {
                let pair = Mirror(reflecting: child.value).children.map(\.value)
                if pair.count == 2, let key = pair[0] as? String { fields[key] = build(pair[1]) }
            }
            return fields
        default:
            return value
        }
    }
}
