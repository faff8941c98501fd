/// Bytes pulled in chunks from a reader (a file, a zip entry, memory), one at a time, for the streaming readers.
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
}
