import NIOCore
@testable import EyrieWeb
import Testing

/// The guard in front of the HTTP decoder finds where a request's head ends, however its bytes arrive.
struct RequestHeadTests {
    func scan(_ pieces: [String], limit: Int = 1000) -> (HeadScanner.Outcome, Int) {
        var scanner = HeadScanner()
        var outcome = HeadScanner.Outcome.needMore
        for piece in pieces {
            outcome = scanner.scan(ByteBuffer(string: piece), limit: limit)
            if outcome != .needMore { break }
        }
        return (outcome, scanner.total)
    }

    @Test func aHeadEndsAtItsFirstEmptyLineWhereverThePiecesBreak() {
        #expect(scan(["GET / HTTP/1.1\r\nHost: a\r\n\r\n"]).0 == .complete)
        #expect(scan(["GET / HTTP/1.1\r\nHost: a\r", "\n\r", "\n"]).0 == .complete)
        #expect(scan(["GET / HTTP/1.1\nHost: a\n\n"]).0 == .complete)
        // empty lines before the request line are not its end
        #expect(scan(["\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n"]).0 == .needMore)
        #expect(scan(["GET / HTTP/1.1\r\nHost: a\r\n"]).0 == .needMore)
    }

    @Test func aHeadPastTheLimitIsTooLargeEvenWithoutItsEnd() {
        let big = "GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 2000)
        #expect(scan([big]).0 == .tooLarge)
        #expect(scan(Array(repeating: "aaaaaaaaaa", count: 150)).0 == .tooLarge)
        #expect(scan(["GET / HTTP/1.1\r\n\r\n"], limit: 18).0 == .complete)
        #expect(scan(["GET / HTTP/1.1\r\n\r\n"], limit: 17).0 == .tooLarge)
    }
}
