/// Splits a SQL file into statements at top-level semicolons, skipping comments and leaving
/// semicolons inside quotes, quoted identifiers and dollar-quoted bodies alone.
/// (PostgresNIO speaks only the extended protocol, which runs one statement per query.)
import EyrieCore

public enum SQLScript {
    public static func statements(_ sql: String) -> [String] {
        var scanner = Scanner(chars: Array(sql))
        while scanner.i < scanner.chars.count {
            let c = scanner.chars[scanner.i]
            let next = scanner.peek(1)
            if c == "-" && next == "-" {
                scanner.skipLineComment()
            } else if c == "/" && next == "*" {
                scanner.skipBlockComment()
            } else if c == "'" || c == "\"" {
                scanner.copyQuoted(by: c)
            } else if c == "$", let tag = dollarTag(scanner.chars, at: scanner.i) {
                scanner.copyDollarQuoted(tag: Array(tag))
            } else {
                if c == ";" { scanner.flush() } else { scanner.current.append(c) }
                scanner.i += 1
            }
        }
        scanner.flush()
        return scanner.statements
    }

    /// The text read so far, the statement being gathered and those already complete.
    private struct Scanner {
        let chars: [Character]
        var i = 0
        var current = ""
        var statements: [String] = []

        init(chars: [Character]) { self.chars = chars }

        func peek(_ offset: Int) -> Character? { i + offset < chars.count ? chars[i + offset] : nil }

        mutating func flush() {
            let trimmed = current.trimmingWhitespace()
            if !trimmed.isEmpty { statements.append(trimmed) }
            current = ""
        }

        /// `-- …` up to the end of the line (the newline is kept).
        mutating func skipLineComment() {
            while i < chars.count && chars[i] != "\n" { i += 1 }
        }

        /// `/* … */`.
        mutating func skipBlockComment() {
            i += 2
            while i + 1 < chars.count && !(chars[i] == "*" && chars[i + 1] == "/") { i += 1 }
            i += 2
        }

        /// A string or quoted identifier, where a doubled quote stands for one.
        mutating func copyQuoted(by quote: Character) {
            current.append(quote)
            i += 1
            while i < chars.count {
                current.append(chars[i])
                if chars[i] == quote {
                    if peek(1) == quote {
                        current.append(quote)
                        i += 2
                        continue
                    }
                    break
                }
                i += 1
            }
            i += 1
        }

        /// A dollar-quoted body, from its tag to the same tag.
        mutating func copyDollarQuoted(tag: [Character]) {
            current += String(tag)
            i += tag.count
            while i < chars.count {
                if chars[i] == "$" && Array(chars[i..<min(chars.count, i + tag.count)]) == tag {
                    current += String(tag)
                    i += tag.count
                    return
                }
                current.append(chars[i])
                i += 1
            }
        }
    }

    /// `$$` or `$tag$` starting at `index`, if there is one.
    private static func dollarTag(_ chars: [Character], at index: Int) -> String? {
        var j = index + 1
        while j < chars.count, chars[j].isLetter || chars[j] == "_" || (j > index + 1 && chars[j].isNumber) { j += 1 }
        guard j < chars.count, chars[j] == "$" else { return nil }
        return String(chars[index...j])
    }
}
