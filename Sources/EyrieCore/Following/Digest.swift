import Foundation

/// How often a member gets the digest e-mail of what they follow.
public enum DigestFrequency: String, Sendable, CaseIterable {
    case daily, weekly, never

    public var label: String {
        switch self {
        case .daily: "Every day"
        case .weekly: "Every week"
        case .never: "Never"
        }
    }

    /// From one digest to the next.
    public var interval: TimeInterval? {
        switch self {
        case .daily: 86_400
        case .weekly: 7 * 86_400
        case .never: nil
        }
    }
}

/// The digest e-mail: what changed in what the member follows since the last one, newest first.
public struct Digest: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        /// What changed, said in the member's language when the digest is written.
        public var body: Phrase
        /// A path on the site (`/ideas/12`).
        public var link: String
        public var at: Date

        public init(body: Phrase, link: String, at: Date) {
            self.body = body
            self.link = link
            self.at = at
        }
    }

    public var subject: String
    public var text: String

    /// The most a digest lists; the rest are counted and wait on the notifications page.
    public static let most = 30

    /// `items`: the latest (at most `most` are listed); `total`: how many there are in all. Nil when there is
    /// nothing to tell.
    /// Written in `language` (the member's) by `voices`.
    public static func compose(name: String, frequency: DigestFrequency, items: [Item], total: Int? = nil, site: String,
                               unsubscribe: String, language: String? = nil, voices: Voices = .english) -> Digest? {
        guard !items.isEmpty else { return nil }
        func say(_ phrase: Phrase) -> String { voices.say(phrase, in: language) }
        let total = max(total ?? items.count, items.count)
        let subject = say(.plural("Eyrie: {count} change in what you follow", "Eyrie: {count} changes in what you follow",
                                  count: total))
        var lines = [say("Hello \("name", name),"), "",
                     frequency == .daily ? say("Here is what changed today in what you follow on Eyrie:")
                         : say("Here is what changed this week in what you follow on Eyrie:"), ""]
        for item in items.prefix(most) {
            lines.append("- \(MailText.line(say(item.body)))")
            lines.append("  \(site)\(item.link)")
        }
        let listed = min(items.count, most)
        if total > listed { lines += ["", say("…and \("more", total - listed) more: \("link", site + "/notifications")")] }
        lines += ["", say("All your notifications: \("link", site + "/notifications")"),
                  say("Change how often this comes: \("link", site + "/account/mail")"),
                  say("Stop these e-mails with one click: \("link", unsubscribe)")]
        return Digest(subject: subject, text: lines.joined(separator: "\n"))
    }
}

/// Text safe to put in a plain-text e-mail: one line, no control characters.
public enum MailText {
    public static func line(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) ? " " : Character($0) })
    }
}
