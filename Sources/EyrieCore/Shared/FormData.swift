/// Decodes `application/x-www-form-urlencoded` bodies and query strings. Repeated names keep the last value.
public enum FormData {
    public enum Failure: Error, Equatable {
        /// The bytes, once percent-decoded, are not valid UTF-8.
        case invalidUTF8
    }

    public static func parse(_ bytes: some Collection<UInt8>) throws(Failure) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            fields[name] = value
        }
        return fields
    }

    static func decode(_ bytes: some Collection<UInt8>) throws(Failure) -> String {
        let input = Array(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            let byte = input[i]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), i + 2 < input.count,
                      let h = hexValue(input[i + 1]), let l = hexValue(input[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(byte)
            }
            i += 1
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw .invalidUTF8 }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Checkbox lists on forms: one box per item, named `<prefix><id>`, sent as `on` when ticked.
public enum FormList {
    /// The ids of the ticked boxes, in ascending order.
    public static func ids(_ form: [String: String], prefix: String) -> [Int64] {
        form.compactMap { key, value in
            guard key.hasPrefix(prefix), value == "on", let id = Int64(key.dropFirst(prefix.count)), id > 0 else { return nil }
            return id
        }.sorted()
    }
}
