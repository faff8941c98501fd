import EyrieCore
import EyrieStore
import HummingbirdBcrypt
import NIOPosix

/// Checks an account's password the one way Eyrie does: refused for a while after repeated failures for the account
/// or the address, an unknown account or one no password opens costing the same bcrypt time as a known one (timing
/// reveals nothing), failures counted, the count cleared by a success.
struct PasswordCheck {
    let members: MemberRepository
    let sessions: SessionRepository
    let config: AppConfiguration

    enum Outcome {
        case tooManyAttempts
        case wrong
        case right(Member)
    }

    func check(email: String, password: String, address: String) async throws -> Outcome {
        let recent = try await sessions.recentFailures(email: email, address: address, window: config.signInWindow)
        if recent.email >= config.signInLimitPerAccount || recent.address >= config.signInLimitPerAddress {
            return .tooManyAttempts
        }
        let found = try await members.credentials(email: email)
        let cost = config.bcryptCost
        let matches = try await NIOThreadPool.singleton.runIfActive {
            guard let hash = found?.passwordHash, hash != MemberRepository.noPassword else {
                _ = Bcrypt.hash(password, cost: cost); return false
            }
            return Bcrypt.verify(password, hash: hash)
        }
        guard let member = found?.member, matches else {
            try await sessions.recordFailure(email: email, address: address)
            return .wrong
        }
        try await sessions.clearFailures(email: email)
        return .right(member)
    }
}
