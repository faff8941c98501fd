import ArgumentParser
import EyrieCore
import EyrieStore
import EyrieWeb
import Foundation
import HummingbirdBcrypt

/// `eyrie user add`: creates an account from the command line (the password is read from stdin or a prompt).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage accounts.",
                                                    subcommands: [Add.self, Invite.self])

    /// `eyrie user invite`: a link for a member an import made, to choose a password (they cannot sign in before).
    struct Invite: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print an invitation link for a member an import made (they choose a password with it).")

        @Option(help: "The member's id (the number in their profile's address).") var member: Int64
        @Option(help: "The address they will sign in with.") var email: String
        @Option(help: "The site's address, for the link.")
        var baseURL: String = ProcessInfo.processInfo.environment["EYRIE_PUBLIC_URL"] ?? "http://localhost:8080"
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var errors: [FieldError] = []
            let address = Email.validate(email, into: &errors)
            if let problem = errors.first { throw ValidationError(say(problem.phrase)) }
            let logger = makeLogger()
            let (member, sqlDir) = (self.member, database.sqlDir)
            let token: String
            do {
                token = try await database.withDatabase(logger: logger) { client in
                    let db = Database(client: client, logger: logger)
                    try await Migrator(directory: sqlDir).migrate(db)
                    return try await InvitationRepository(db).create(memberID: member, email: address, invitedBy: nil)
                }
            } catch InvitationRepository.Refusal.addressTaken {
                throw ImportRefused(ImportError(file: "--email", reason: "another account uses \("email", address)"))
            } catch InvitationRepository.Refusal.notImported {
                throw ImportRefused(ImportError(file: "--member", reason: "member \("member", member) signs in already or does not exist"))
            }
            let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            print("\(base)/invitations/\(token)")
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account; the password is read from stdin.")

        @Option(help: "Email address.") var email: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Home organisation (created if missing).") var organisation: String = "Eyrie"
        @Flag(help: "Make the account a platform admin.") var admin = false
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let password = UserCommand.readPassword(prompt: say("Password (at least 10 characters): "))
            let form = ["name": name, "email": email, "password": password, "organisation": "1"]
            let input: SignUp
            do {
                input = try SignUp.validate(form)
            } catch let invalid as ValidationErrors {
                throw ValidationError(invalid.errors.map { say($0.phrase) }.joined(separator: "; "))
            }
            let hash = Bcrypt.hash(input.password, cost: AppConfiguration.fromEnvironment().bcryptCost)
            let logger = makeLogger()
            let (organisation, admin) = (self.organisation, self.admin)
            let id = try await database.withDatabase(logger: logger) { client in
                let db = Database(client: client, logger: logger)
                try await Migrator(directory: database.sqlDir).migrate(db)
                let organisationID = try await OrganisationRepository(db).ensure(name: organisation)
                do {
                    return try await MemberRepository(db).create(name: input.name, email: input.email, passwordHash: hash,
                                                                 organisationID: organisationID, isAdmin: admin)
                } catch StoreError.conflict {
                    throw ValidationError(say("An account with \("email", input.email) already exists."))
                }
            }
            print(admin ? say("Added \("email", input.email) (member #\("id", id)) as a platform admin.")
                        : say("Added \("email", input.email) (member #\("id", id))."))
        }
    }

    /// Reads one line from stdin; on a terminal, prompts on stderr and turns the echo off while the password is typed.
    static func readPassword(prompt: String) -> String {
        guard isatty(0) != 0 else { return readLine(strippingNewline: true) ?? "" }
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let hidden = tcgetattr(0, &saved) == 0
        if hidden {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(0, TCSAFLUSH, &quiet)
        }
        defer {
            if hidden { tcsetattr(0, TCSAFLUSH, &saved) }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true) ?? ""
    }
}
