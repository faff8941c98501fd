import ArgumentParser
import EyrieCore
import EyrieStore
import Foundation
import PostgresNIO

/// The exit codes every command keeps (README, "Exit codes"): 0 done, 1 invalid input (with the report),
/// 2 usage, 3 database unavailable.
enum ExitCodes {
    static let invalidInput: Int32 = 1
    static let usage: Int32 = 2
    static let databaseUnavailable: Int32 = 3

    /// Runs the parsed command, turning the errors above into their codes.
    static func main(_ root: any ParsableCommand.Type, arguments: [String]? = nil) async -> Never {
        do {
            var command = try root.parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let refused as ImportRefused {
            for line in refused.problems.lines { FileHandle.standardError.write(Data("\(say(line))\n".utf8)) }
            FileHandle.standardError.write(Data("\(say("Nothing was imported."))\n".utf8))
            exit(invalidInput)
        } catch let refused as CommandRefused {
            FileHandle.standardError.write(Data("\(refused.message)\n".utf8))
            exit(invalidInput)
        } catch let error where error.isDatabaseUnavailable || error is EmbeddedPostgres.Failure {
            FileHandle.standardError.write(Data("\(say("The database is unavailable: \("error", String(describing: error))"))\n".utf8))
            exit(databaseUnavailable)
        } catch let error as PSQLError {
            let message = error.serverInfo?[.message] ?? String(reflecting: error)
            FileHandle.standardError.write(Data("\(say("Error: the database refused: \("message", message)"))\n".utf8))
            exit(EXIT_FAILURE)
        } catch {
            let code = root.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((root.fullMessage(for: error) + "\n").utf8))
                exit(usage)
            }
            root.exit(withError: error)
        }
    }
}

/// Input a command cannot act on (exit 1): the message says why.
struct CommandRefused: Error {
    var message: String
}
