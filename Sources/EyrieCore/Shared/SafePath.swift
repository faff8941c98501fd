/// Where to send someone after signing in: only ever a path on this site.
public enum SafePath {
    public static func from(_ raw: String?, fallback: String = "/") -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/\\"), raw.count <= 500,
              !raw.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\\" })
        else { return fallback }
        return raw
    }
}
