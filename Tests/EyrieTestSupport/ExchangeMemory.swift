import EyrieCore
import EyrieStore
import Foundation

/// Exports and import sources held in memory, for tests of the exchange format (the CLI reads and writes files).
public enum ExchangeMemory {
    /// Feeds bytes in small chunks, so that tokens and records cross chunk boundaries.
    public static func chunks(_ bytes: [UInt8], size: Int = 777) -> () throws -> [UInt8]? {
        var offset = 0
        return {
            guard offset < bytes.count else { return nil }
            defer { offset += size }
            return Array(bytes[offset..<min(offset + size, bytes.count)])
        }
    }

    public static func json(_ db: Database, slug: String, emails: Bool = false,
                            at now: Date = Date()) async throws -> String {
        let collected = Collected()
        let sink = JSONExportSink { collected.bytes += $0 }
        _ = try await Exporter(db).export(slug: slug, includeEmails: emails, to: sink, now: now)
        return String(decoding: collected.bytes, as: UTF8.self)
    }

    /// Each file of a CSV export, by name, in the order written.
    public static func csv(_ db: Database, slug: String, at now: Date = Date()) async throws -> [(name: String, text: String)] {
        let collected = CollectedFiles()
        let sink = CSVExportSink { name in
            collected.files.append((name, []))
            let index = collected.files.count - 1
            return (write: { collected.files[index].1 += $0 }, close: {})
        }
        _ = try await Exporter(db).export(slug: slug, includeEmails: false, to: sink, now: now)
        return collected.files.map { ($0.0, String(decoding: $0.1, as: UTF8.self)) }
    }

    public struct JSONSource: ExchangeSource {
        public let text: String
        public let name: String
        public init(_ text: String, name: String = "export.json") {
            self.text = text
            self.name = name
        }
        public func open() throws -> any ExchangeReading {
            ExchangeJSONReading(fileName: name, read: ExchangeMemory.chunks(Array(text.utf8)))
        }
    }

    public struct CSVSource: ExchangeSource {
        public let files: [(name: String, bytes: [UInt8])]
        public init(_ files: [(name: String, text: String)]) { self.files = files.map { ($0.name, Array($0.text.utf8)) } }
        public init(bytes: [(name: String, bytes: [UInt8])]) { self.files = bytes }
        public func open() throws -> any ExchangeReading {
            try ExchangeCSVReading(files: files.map { file in (name: file.name, open: { ExchangeMemory.chunks(file.bytes) }) })
        }
    }

    /// A peer's mapped rows.
    public struct BundleSource: ExchangeSource {
        public let bundle: PeerBundle
        public init(_ bundle: PeerBundle) { self.bundle = bundle }
        public func open() throws -> any ExchangeReading { bundle.reading(fileName: bundle.source) }
    }

    final class Collected: @unchecked Sendable { var bytes: [UInt8] = [] }
    final class CollectedFiles: @unchecked Sendable { var files: [(String, [UInt8])] = [] }
}
