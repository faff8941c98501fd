import ArgumentParser

/// The `eyrie` command: serve the web app, migrate, load demo data, manage users.
@main
struct Eyrie: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eyrie",
        abstract: "Eyrie: an innovation workbench for communities of practice.",
        subcommands: [Serve.self, Migrate.self, Demo.self, UserCommand.self, CheckCommand.self, BenchCommand.self]
    )
}
