import EyrieStore
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// Where e-mail goes (`EYRIE_SMTP_URL`; AUTH PLAIN when a user is given):
/// - `smtp://[user:password@]host[:port]`: port 25 by default; the connection turns to TLS with STARTTLS whenever the
///   server offers it (and then the certificate must verify: a failed upgrade never falls back to plain text).
///   Without TLS a password is only sent to a server on this machine.
/// - `smtps://[user:password@]host[:port]`: TLS from the first byte, port 465 by default.
struct SMTPServer: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String?
    var password: String?
    /// TLS from the start (`smtps`), rather than STARTTLS when offered.
    var implicitTLS: Bool

    init?(url text: String) {
        guard let url = URLComponents(string: text), url.scheme == "smtp" || url.scheme == "smtps",
              let host = url.host, !host.isEmpty else { return nil }
        self.host = host
        implicitTLS = url.scheme == "smtps"
        port = url.port ?? (implicitTLS ? 465 : 25)
        user = url.user?.removingPercentEncoding
        password = url.password?.removingPercentEncoding
    }

    /// This machine: the one place a password may go without TLS.
    var isLoopback: Bool { host == "localhost" || host == "::1" || host.hasPrefix("127.") }
}

/// A small SMTP client (RFC 5321) over SwiftNIO: one connection for a batch of messages, each handed over with
/// MAIL, RCPT and DATA; `accepted` is called as soon as the server accepts one, before the next is sent.
struct SMTPClient: Sendable {
    let server: SMTPServer
    let helo: String
    let timeout: Duration
    /// More certificate authorities to trust, besides the system's (a PEM file).
    var caFile: String?

    /// Verifies the server's certificate chain and that it names the host Eyrie connects to.
    func tlsHandler() throws -> NIOSSLClientHandler {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .fullVerification
        if let caFile { configuration.additionalTrustRoots = [.file(caFile)] }
        let context = try NIOSSLContext(configuration: configuration)
        // An address rather than a name cannot be sent as SNI; the certificate is still checked against it.
        let isAddress = server.host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
        return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : server.host)
    }

    enum Failure: Error, CustomStringConvertible {
        /// The server refused for good (5xx): the message is not tried again.
        case refused(String)
        /// Anything else: try again later.
        case unavailable(String)

        var description: String {
            switch self {
            case .refused(let reply): "refused: \(reply)"
            case .unavailable(let reason): "unavailable: \(reason)"
            }
        }
    }

    struct Envelope: Sendable {
        var from: String
        var to: String
        var text: String
    }

    /// Sends the envelopes in order; a message the server refuses for good is reported and the rest go on; a
    /// connection that fails ends the batch (the rest stay in the outbox for the next try).
    func send(_ envelopes: [Envelope], accepted: @escaping @Sendable (Int) async throws -> Void,
              refused: @escaping @Sendable (Int, String) async throws -> Void) async throws {
        let server = server, helo = helo
        let client = self
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(Int64(timeout.components.seconds)))
            .connect(host: server.host, port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if server.implicitTLS { try channel.pipeline.syncOperations.addHandler(client.tlsHandler()) }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let raw = channel.channel
        try await Deadline.run(timeout * max(envelopes.count, 1)) {
            try await channel.executeThenClose { inbound, outbound in
                var replies = Replies(inbound.makeAsyncIterator())
                func command(_ line: String, expect: ClosedRange<Int>) async throws -> (Int, String) {
                    try await outbound.write(ByteBuffer(string: line + "\r\n"))
                    let reply = try await replies.next()
                    guard expect.contains(reply.0) else {
                        throw reply.0 >= 500 ? Failure.refused("\(reply.0) \(reply.1)") : Failure.unavailable("\(reply.0) \(reply.1)")
                    }
                    return reply
                }
                let greeting = try await replies.next()
                guard greeting.0 == 220 else { throw Failure.unavailable("greeting \(greeting.0) \(greeting.1)") }
                let hello = try await command("EHLO \(helo)", expect: 250...250)
                var secure = server.implicitTLS
                if !secure && Self.offers("STARTTLS", hello.1) {
                    _ = try await command("STARTTLS", expect: 220...220)
                    // From here every byte goes through TLS; the handshake (and the certificate check) comes first.
                    try await raw.eventLoop.submit {
                        try raw.pipeline.syncOperations.addHandler(client.tlsHandler(), position: .first)
                    }.get()
                    do {
                        _ = try await command("EHLO \(helo)", expect: 250...250)
                    } catch let error as ChannelError where error == .ioOnClosedChannel {
                        // A failed handshake closes the channel: its reason (an untrusted certificate, say) waits in
                        // the inbound stream, and says more than the refused write.
                        _ = try await replies.next()
                        throw error
                    }
                    secure = true
                }
                if let user = server.user {
                    guard secure || server.isLoopback else {
                        throw Failure.unavailable("the server offers no TLS: the password is not sent in plain text")
                    }
                    let token = Data("\0\(user)\0\(server.password ?? "")".utf8).base64EncodedString()
                    do { _ = try await command("AUTH PLAIN \(token)", expect: 235...235) } catch Failure.refused(let r) {
                        throw Failure.unavailable("authentication refused: \(r)")
                    }
                }
                for (index, envelope) in envelopes.enumerated() {
                    do {
                        _ = try await command("MAIL FROM:<\(envelope.from)>", expect: 250...250)
                        _ = try await command("RCPT TO:<\(envelope.to)>", expect: 250...251)
                        _ = try await command("DATA", expect: 354...354)
                        try await outbound.write(ByteBuffer(string: Self.dotStuffed(envelope.text) + ".\r\n"))
                        let reply = try await replies.next()
                        guard reply.0 == 250 else {
                            throw reply.0 >= 500 ? Failure.refused("\(reply.0) \(reply.1)") : Failure.unavailable("\(reply.0) \(reply.1)")
                        }
                        try await accepted(index)
                    } catch Failure.refused(let reply) {
                        try await refused(index, reply)
                        _ = try await command("RSET", expect: 250...250)
                    }
                }
                try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
            }
        }
    }

    /// Whether an EHLO reply lists a capability (its lines are joined with spaces).
    static func offers(_ capability: String, _ reply: String) -> Bool {
        reply.uppercased().split(separator: " ").contains { $0 == Substring(capability) }
    }

    /// Lines starting with a dot get another (RFC 5321 §4.5.2); the text ends with CRLF.
    static func dotStuffed(_ text: String) -> String {
        var out = text.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        if out.hasPrefix(".") { out = "." + out }
        if !out.hasSuffix("\r\n") { out += "\r\n" }
        return out
    }

    /// Reads replies: lines until one whose fourth character is a space (`250-…` lines continue).
    struct Replies {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending: [UInt8] = []

        init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

        mutating func line() async throws -> String {
            while true {
                if let end = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    pending.removeSubrange(...end)
                    return line
                }
                guard let buffer = try await iterator.next() else { throw Failure.unavailable("the server closed the connection") }
                pending += buffer.readableBytesView
                if pending.count > 64 * 1024 { throw Failure.unavailable("reply too long") }
            }
        }

        mutating func next() async throws -> (Int, String) {
            var text: [String] = []
            while true {
                let line = try await line()
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw Failure.unavailable("bad reply: \(line.prefix(80))") }
                text.append(String(line.dropFirst(4)))
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text.joined(separator: " ")) }
            }
        }
    }
}
