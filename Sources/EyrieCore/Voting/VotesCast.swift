/// What members have already spent in a challenge: the floor under its voting limits.
public struct VotesCast: Sendable, Equatable {
    public var supportsGiven: Int
    public var mostSupportsByOneMember: Int
    public var dotsPlaced: Int
    public var mostDotsByOneMember: Int
    public var mostDotsOnOneIdea: Int

    public init(supportsGiven: Int = 0, mostSupportsByOneMember: Int = 0, dotsPlaced: Int = 0,
                mostDotsByOneMember: Int = 0, mostDotsOnOneIdea: Int = 0) {
        self.supportsGiven = supportsGiven
        self.mostSupportsByOneMember = mostSupportsByOneMember
        self.dotsPlaced = dotsPlaced
        self.mostDotsByOneMember = mostDotsByOneMember
        self.mostDotsOnOneIdea = mostDotsOnOneIdea
    }

    public static let none = VotesCast()
}

extension VotingSettings {
    /// New settings may not leave votes already cast beyond a limit, nor turn off a method members have already used:
    /// a limit never drops below what one member has spent. Keyed by form field. Tested as a table.
    public func conflicts(with cast: VotesCast) -> [FieldError] {
        var errors: [FieldError] = []
        func spent(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
        if !supports && cast.supportsGiven > 0 {
            errors.append(.init("supports", "Members have already given \(spent(cast.supportsGiven, "support", "supports")): "
                + "supports can't be turned off now"))
        } else if supports, let budget = supportBudget, budget < cast.mostSupportsByOneMember {
            errors.append(.init("supportBudget", "A member has already given \(cast.mostSupportsByOneMember) supports: "
                + "the limit can't be lower than \(cast.mostSupportsByOneMember)"))
        }
        if !dots && cast.dotsPlaced > 0 {
            errors.append(.init("dots", "Members have already placed \(spent(cast.dotsPlaced, "dot", "dots")): "
                + "dot voting can't be turned off now"))
        } else if dots {
            if dotsPerMember < cast.mostDotsByOneMember {
                errors.append(.init("dotsPerMember", "A member has already placed \(cast.mostDotsByOneMember) dots: "
                    + "the limit can't be lower than \(cast.mostDotsByOneMember)"))
            }
            if maxDotsPerIdea < cast.mostDotsOnOneIdea {
                errors.append(.init("maxDotsPerIdea", "A member has already put \(cast.mostDotsOnOneIdea) dots on one idea: "
                    + "the limit can't be lower than \(cast.mostDotsOnOneIdea)"))
            }
        }
        return errors
    }
}
