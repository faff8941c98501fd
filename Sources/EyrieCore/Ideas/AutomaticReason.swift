/// The reason Eyrie itself gives when an idea is shortlisted by reaching its challenge's threshold of supports. It is
/// kept in the idea's history in English (`Reached 12 supports`) and said in each reader's language wherever it is
/// shown — the history, the notification — since nobody wrote it.
public enum AutomaticReason {
    public static func shortlisted(supports: Int) -> Phrase {
        .plural("Reached {count} support", "Reached {count} supports", count: supports)
    }

    /// How the English reason starts, as the history keeps it.
    private static let englishStart = "Reached "

    /// A history event's reason as words to say: Eyrie's own reason for an automatic move in the reader's language,
    /// anyone else's as they wrote it.
    public static func said(kind: String, reason: String) -> Phrase {
        if kind == "auto-shortlisted", reason.hasPrefix(englishStart),
           let n = Int(reason.dropFirst(englishStart.count).prefix { $0.isNumber }) {
            return shortlisted(supports: n)
        }
        return .verbatim(reason)
    }
}
