import EyrieStore
import Foundation
import Logging

/// The instance key when `EYRIE_SECRET_KEY` is not set: `secret.key` in the data folder, made on first start
/// (readable by this user only). Keep it with the database's backups: without it, stored client secrets do not open;
/// every instance serving one database needs the same key (set `EYRIE_SECRET_KEY` there).
enum InstanceKeyFile {
    static func load(folder: String, logger: Logger) throws -> String {
        let path = (folder as NSString).appendingPathComponent("secret.key")
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let key = SecretBox.newKey()
        guard FileManager.default.createFile(atPath: path, contents: Data((key + "\n").utf8),
                                             attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        logger.notice("made a new instance key in \(path): keep it with the database's backups")
        return key
    }
}
