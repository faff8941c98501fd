/// URL-safe names: lower-case ASCII letters and digits joined by single dashes.
public enum Slug {
    public static func make(_ text: String, maxLength: Int = 60) -> String {
        var out = ""
        var pendingDash = false
        for scalar in text.lowercased().unicodeScalars {
            if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                if pendingDash && !out.isEmpty { out.append("-") }
                out.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
            if out.count >= maxLength { break }
        }
        return out
    }
}
