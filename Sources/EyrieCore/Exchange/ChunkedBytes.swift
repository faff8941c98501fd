/// Bytes pulled in chunks from a reader (a file, a zip entry, memory), for the streaming readers: a byte at a time, or
/// a run of bytes at once by scanning the chunk in hand.
struct ChunkedBytes {
    private let read: () throws -> [UInt8]?
    private var buffer: [UInt8] = []
    private var index = 0
    private var finished = false

    init(read: @escaping () throws -> [UInt8]?) { self.read = read }

    /// The next byte without taking it; nil at the end.
    mutating func peek() throws -> UInt8? {
        if index < buffer.count { return buffer[index] }
        guard !finished else { return nil }
        while true {
            guard let chunk = try read() else {
                finished = true
                return nil
            }
            if !chunk.isEmpty {
                buffer = chunk
                index = 0
                return buffer[0]
            }
        }
    }

    /// Takes the next byte (nil at the end).
    @discardableResult
    mutating func take() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        index += 1
        return byte
    }

    /// Takes the bytes of the chunk in hand up to the first one `stop` accepts (left untaken) or to the chunk's end,
    /// and hands them to `body` with the byte it stopped at (nil when the chunk ran out first: call again, after
    /// `peek`, for the next chunk).
    mutating func scan<T>(until stop: (UInt8) -> Bool,
                          _ body: (UnsafeBufferPointer<UInt8>, UInt8?) throws -> T) rethrows -> T {
        let from = index
        return try buffer.withUnsafeBufferPointer { all in
            var i = from
            while i < all.count, !stop(all[i]) { i += 1 }
            index = i
            return try body(UnsafeBufferPointer(rebasing: all[from..<i]), i < all.count ? all[i] : nil)
        }
    }
}
