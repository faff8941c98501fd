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
        if !supports && cast.supportsGiven > 0 {
            errors.append(.init("supports", .plural(
                "Members have already given {count} support: supports can't be turned off now",
                "Members have already given {count} supports: supports can't be turned off now", count: cast.supportsGiven)))
        } else if supports, let budget = supportBudget, budget < cast.mostSupportsByOneMember {
            errors.append(.init("supportBudget", .plural(
                "A member has already given {count} support: the limit can't be lower than {count}",
                "A member has already given {count} supports: the limit can't be lower than {count}",
                count: cast.mostSupportsByOneMember)))
        }
        if !dots && cast.dotsPlaced > 0 {
            errors.append(.init("dots", .plural(
                "Members have already placed {count} dot: dot voting can't be turned off now",
                "Members have already placed {count} dots: dot voting can't be turned off now", count: cast.dotsPlaced)))
        } else if dots {
            if dotsPerMember < cast.mostDotsByOneMember {
                errors.append(.init("dotsPerMember", .plural(
                    "A member has already placed {count} dot: the limit can't be lower than {count}",
                    "A member has already placed {count} dots: the limit can't be lower than {count}",
                    count: cast.mostDotsByOneMember)))
            }
            if maxDotsPerIdea < cast.mostDotsOnOneIdea {
                errors.append(.init("maxDotsPerIdea", .plural(
                    "A member has already put {count} dot on one idea: the limit can't be lower than {count}",
                    "A member has already put {count} dots on one idea: the limit can't be lower than {count}",
                    count: cast.mostDotsOnOneIdea)))
            }
        }
        return errors
    }
}
