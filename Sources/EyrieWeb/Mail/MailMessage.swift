import EyrieStore
import Foundation

/// An outbox message as RFC 5322 text: UTF-8 plain text (base64, so that no line is too long and any character
/// passes), a stable Message-ID (the outbox row's: a receiver can tell a message it already has), and for mail
/// people may stop, `List-Unsubscribe` with one-click `List-Unsubscribe-Post` (RFC 8058).
enum MailMessage {
    static func render(_ message: Outbox.Message, from: String, domain: String, date: Date = Date()) -> String {
        var headers = [
            "From: \(header(from))",
            "To: \(header(message.recipient))",
            "Subject: \(encoded(header(message.subject)))",
            "Date: \(rfc5322(date))",
            "Message-ID: <outbox-\(message.id).\(Int(message.createdAt.timeIntervalSince1970))@\(domain)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
            "Auto-Submitted: auto-generated",
        ]
        if let stop = message.unsubscribe {
            headers.append("List-Unsubscribe: <\(header(stop))>")
            headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
        }
        let body = Data(message.body.replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n").utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// A header value on one line (no CR or LF can start a header of its own).
    static func header(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init))
    }

    /// RFC 2047 for a subject that is not plain ASCII.
    static func encoded(_ value: String) -> String {
        value.unicodeScalars.allSatisfy({ $0.isASCII }) ? value : "=?UTF-8?B?\(Data(value.utf8).base64EncodedString())?="
    }

    static func rfc5322(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// The address inside `Name <address>` (or the whole text).
    static func address(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return text }
        return String(text[text.index(after: open)..<close])
    }
}
