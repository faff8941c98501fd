import ArgumentParser

/// The `eyrie` command: serve the web app, migrate, load demo data, manage users.
@main
struct Eyrie: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eyrie",
        abstract: "Eyrie: an innovation workbench for communities of practice.",
        subcommands: [Serve.self, Migrate.self, Demo.self, UserCommand.self, ImportCommand.self, ExportCommand.self,
                      CheckCommand.self, BenchCommand.self, HealthCommand.self,
                      MailCommand.self, BackupCommand.self, RestoreCommand.self]
    )

    /// Runs the command with the documented exit codes (`ExitCodes`).
    static func main() async { await ExitCodes.main(Eyrie.self) }
}
