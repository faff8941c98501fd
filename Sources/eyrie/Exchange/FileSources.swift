import EyrieCore
import Foundation
import ZIPFoundation

/// Reads a file in chunks, counting the bytes for the progress line; refuses to read past `limit`.
final class ChunkedFile {
    private let handle: FileHandle
    private let name: String
    private let limit: Int64
    private let counted: (Int) -> Void
    private var read: Int64 = 0

    init(path: String, name: String, limit: Int64, counted: @escaping (Int) -> Void = { _ in }) throws {
        // Refused before anything is read: a file this large would only be read to be refused at its end.
        if FileLimits.size(of: path) > limit {
            throw ImportRefused(ImportError(file: name, reason: Self.tooLarge(limit)))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportRefused(ImportError(file: name, reason: "cannot be opened"))
        }
        self.handle = handle
        self.name = name
        self.limit = limit
        self.counted = counted
    }

    deinit { try? handle.close() }

    static func tooLarge(_ limit: Int64) -> Phrase {
        "is larger than \("limit", FileLimits.describe(limit)); raise --max-size to import it"
    }

    func next() throws -> [UInt8]? {
        guard let data = try handle.read(upToCount: 1 << 16), !data.isEmpty else { return nil }
        read += Int64(data.count)
        if read > limit {
            throw ImportRefused(ImportError(file: name, reason: Self.tooLarge(limit)))
        }
        counted(data.count)
        return [UInt8](data)
    }
}

enum FileLimits {
    static func describe(_ bytes: Int64) -> String {
        bytes >= 1 << 30 ? "\(bytes >> 30) GiB" : bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes) bytes"
    }

    /// `512M`, `2G`, `1000000`.
    static func parse(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = text.uppercased().last, let unit = units[last], let n = Int64(text.dropLast()) { return n * unit }
        return Int64(text)
    }

    static func size(of path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// Byte counts shared with the progress line (the reader runs in the import's task).
final class ByteCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: Int64 = 0
    let total: Int64

    init(total: Int64) { self.total = total }

    func add(_ n: Int) {
        lock.lock()
        bytes += Int64(n)
        lock.unlock()
    }

    var fraction: Double? {
        lock.lock()
        defer { lock.unlock() }
        return total > 0 ? Double(bytes) / Double(total) : nil
    }

    func reset() {
        lock.lock()
        bytes = 0
        lock.unlock()
    }
}

/// Eyrie's JSON document on disk.
struct JSONFileSource: ExchangeSource {
    let path: String
    let limit: Int64
    let counter: ByteCounter

    func open() throws -> any ExchangeReading {
        counter.reset()
        let name = URL(fileURLWithPath: path).lastPathComponent
        let file = try ChunkedFile(path: path, name: name, limit: limit, counted: counter.add)
        return ExchangeJSONReading(fileName: name, read: file.next)
    }
}

/// A zip on disk: each entry is unpacked to a private folder (checked against the size limit first, so a zip
/// bomb is refused before it is unpacked) and read from there.
struct ZipFiles {
    let path: String
    let limit: Int64
    let folder: URL

    init(path: String, limit: Int64) throws {
        self.path = path
        self.limit = limit
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("eyrie-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Entries by name (`ideas.csv`); folders inside the zip are ignored by their last component.
    func unpack(counter: ByteCounter) throws -> [(name: String, path: String)] {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw ImportRefused(ImportError(file: name, reason: "is not a zip file that can be read"))
        }
        var total: Int64 = 0
        var out: [(String, String)] = []
        for entry in archive where entry.type == .file {
            let entryName = URL(fileURLWithPath: entry.path).lastPathComponent
            total += Int64(entry.uncompressedSize)
            if total > limit {
                throw ImportRefused(ImportError(file: "\(name)/\(entry.path)", reason: "unpacks to more than \("limit", FileLimits.describe(limit)); raise --max-size to import it"))
            }
            guard !entryName.hasPrefix("."), !out.contains(where: { $0.0 == entryName }) else {
                throw ImportRefused(ImportError(file: "\(name)/\(entry.path)", reason: "is in the zip twice"))
            }
            let target = folder.appendingPathComponent(entryName)
            do {
                _ = try archive.extract(entry, to: target)
            } catch {
                throw ImportRefused(ImportError(file: "\(name)/\(entry.path)", reason: "cannot be unpacked (\("error", String(describing: error)))"))
            }
            out.append((entryName, target.path))
        }
        return out
    }
}

/// Eyrie's CSV zip.
struct CSVZipSource: ExchangeSource {
    let files: [(name: String, path: String)]
    let limit: Int64
    let counter: ByteCounter

    func open() throws -> any ExchangeReading {
        counter.reset()
        let counter = counter
        let limit = limit
        return try ExchangeCSVReading(files: files.map { file in
            (name: file.name, open: {
                let chunks = try ChunkedFile(path: file.path, name: file.name, limit: limit, counted: counter.add)
                return chunks.next
            })
        })
    }
}
