extension Sequence {
    /// Elements grouped by a key, groups in the order their key first appears, elements in their order: members
    /// by organisation, ideas by challenge.
    func grouped<Key: Hashable>(by key: (Element) -> Key) -> [(key: Key, items: [Element])] {
        var order: [Key] = []
        var groups: [Key: [Element]] = [:]
        for element in self {
            let k = key(element)
            if groups[k] == nil { order.append(k) }
            groups[k, default: []].append(element)
        }
        return order.map { ($0, groups[$0]!) }
    }
}
