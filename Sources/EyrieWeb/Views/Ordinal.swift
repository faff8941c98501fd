import EyrieCore

extension Int {
    /// 1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st, in the reader's language (French 1er, 2e; Arabic writes the number).
    var ordinal: String { say(ordinalPhrase) }

    /// English picks the suffix by the last digits; each form is a message of its own, so other languages write theirs.
    private var ordinalPhrase: Phrase {
        let tens = (self / 10) % 10, ones = self % 10
        if tens == 1 { return "\("n", self)th" }
        switch ones {
        case 1: return "\("n", self)st"
        case 2: return "\("n", self)nd"
        case 3: return "\("n", self)rd"
        default: return "\("n", self)th"
        }
    }
}
