/// A steward's move of a challenge's phase by hand (or back to its dates). Tested as a table in EyrieCoreTests.
public enum PhaseMove {
    /// Whether the challenge may go from `current` to `target`. Once voting has started, members have ideas, votes and
    /// settings they voted under: the challenge may go back to "open for ideas" (settings stay frozen), not to draft,
    /// which would take it away from its members.
    public static func check(from current: ChallengePhase, to target: ChallengePhase, votingStarted: Bool) -> Decision {
        if target == current { return .allowed }
        if target == .draft && (votingStarted || current >= .voting) {
            return .notNow("Voting has started: the challenge can go back to open for ideas, but not to draft.")
        }
        return .allowed
    }

    /// Whether the move records that voting has started (moving into voting or later, or out of it).
    public static func startsVoting(from current: ChallengePhase, to target: ChallengePhase) -> Bool {
        current >= .voting || target >= .voting
    }
}
