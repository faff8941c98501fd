import Foundation

/// Who reads a challenge's results: the stewards alone, also the sponsor organisation's members, or everyone who may
/// see the challenge.
public enum ResultsAudience: String, Sendable, CaseIterable {
    case stewards, sponsor, community
}

/// How a challenge's community votes: which methods are on and their limits. Stewards change the settings while the
/// challenge is a draft or open; they freeze when voting starts.
public struct VotingSettings: Sendable, Equatable {
    public var supports: Bool
    /// Most supports one member may give in the challenge (nil: no limit).
    public var supportBudget: Int?
    /// Supports at which an idea is shortlisted automatically (nil: never).
    public var autoShortlistAt: Int?
    public var dots: Bool
    public var dotsPerMember: Int
    public var maxDotsPerIdea: Int
    public var pairwise: Bool
    public var pairwiseNewIdeas: Bool
    public var scorecards: Bool
    public var criteria: [Criterion]
    public var blindReview: Bool
    /// Members see the results page (set by "Publish", not by the settings form).
    public var resultsPublished = false
    /// Since when the sponsor organisation's members see them (nil: not shared with them before everyone).
    public var resultsSponsorAt: Date?
    /// When the stewards expect to publish them, as they told the members.
    public var resultsExpectedAt: Date?

    /// Who may read the results besides the stewards.
    public var resultsAudience: ResultsAudience {
        resultsPublished ? .community : resultsSponsorAt != nil ? .sponsor : .stewards
    }

    public init(supports: Bool = true, supportBudget: Int? = nil, autoShortlistAt: Int? = nil, dots: Bool = false,
                dotsPerMember: Int = 10, maxDotsPerIdea: Int = 3, pairwise: Bool = false, pairwiseNewIdeas: Bool = true,
                scorecards: Bool = false, criteria: [Criterion] = Criterion.defaults, blindReview: Bool = true) {
        self.supports = supports; self.supportBudget = supportBudget; self.autoShortlistAt = autoShortlistAt
        self.dots = dots; self.dotsPerMember = dotsPerMember; self.maxDotsPerIdea = maxDotsPerIdea
        self.pairwise = pairwise; self.pairwiseNewIdeas = pairwiseNewIdeas; self.scorecards = scorecards
        self.criteria = criteria; self.blindReview = blindReview
    }

    public static let maxCriteria = 8

    /// Settings may change only before voting first starts: a challenge moved back from voting to open keeps them.
    public static func editable(in phase: ChallengePhase, votingStarted: Bool = false) -> Bool {
        !votingStarted && (phase == .draft || phase == .open)
    }

    /// Reads the settings form. Criteria come as `criterion1`…`criterion8` with `weight1`…`weight8`.
    public static func validate(_ form: [String: String]) throws -> VotingSettings {
        var errors: [FieldError] = []
        func number(_ field: String, _ label: String, _ range: ClosedRange<Int>, optional: Bool) -> Int? {
            let raw = (form[field] ?? "").trimmingWhitespace()
            if raw.isEmpty {
                if !optional { errors.append(.init(field, "Enter \("label", label.lowercased())")) }
                return nil
            }
            guard let value = Int(raw), range.contains(value) else {
                errors.append(.init(field, "\("label", label) must be a whole number from \("least", range.lowerBound) to \("most", range.upperBound)"))
                return nil
            }
            return value
        }
        var settings = VotingSettings(supports: form["supports"] == "on", dots: form["dots"] == "on",
                                      pairwise: form["pairwise"] == "on", pairwiseNewIdeas: form["pairwiseNewIdeas"] == "on",
                                      scorecards: form["scorecards"] == "on", criteria: [],
                                      blindReview: form["blindReview"] == "on")
        settings.supportBudget = number("supportBudget", "Supports per member", 1...1000, optional: true)
        settings.autoShortlistAt = number("autoShortlistAt", "Supports to shortlist", 1...100_000, optional: true)
        if settings.dots {
            settings.dotsPerMember = number("dotsPerMember", "Dots per member", 1...100, optional: false) ?? 10
            settings.maxDotsPerIdea = number("maxDotsPerIdea", "Most dots on one idea", 1...100, optional: false) ?? 3
            if settings.maxDotsPerIdea > settings.dotsPerMember {
                errors.append(.init("maxDotsPerIdea", "Most dots on one idea can't be more than the dots per member"))
            }
        }
        if settings.scorecards {
            var names: Set<String> = []
            for i in 1...maxCriteria {
                var local: [FieldError] = []
                let name = TextRule("criterion\(i)", "Criterion \(i)", required: false, max: 60).check(form["criterion\(i)"], into: &local)
                errors += local
                guard !name.isEmpty else { continue }
                guard names.insert(name.lowercased()).inserted else {
                    errors.append(.init("criterion\(i)", "Criterion \("i", i) repeats another criterion"))
                    continue
                }
                let rawWeight = (form["weight\(i)"] ?? "1").trimmingWhitespace()
                guard let weight = Double(rawWeight.isEmpty ? "1" : rawWeight), weight > 0, weight <= 100 else {
                    errors.append(.init("weight\(i)", "Weight \("i", i) must be a number above 0 and at most 100"))
                    continue
                }
                settings.criteria.append(Criterion(name: name, weight: weight))
            }
            if names.isEmpty { errors.append(.init("criterion1", "Name at least one criterion")) }
        } else {
            settings.criteria = Criterion.defaults
        }
        if !(settings.supports || settings.dots || settings.pairwise || settings.scorecards) {
            errors.append(.init("supports", "Choose at least one way to vote"))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return settings
    }
}

extension VotingSettings {
    /// Whether the challenge uses the voting method an action belongs to; nil when the action is not a vote.
    public func uses(_ action: IdeaAction) -> Bool? {
        switch action {
        case .support, .unsupport: supports
        case .addDot, .removeDot: dots
        default: nil
        }
    }

    /// The rules table plus this challenge's choice of methods.
    public func check(_ action: IdeaAction, actor: Actor, state: IdeaState, phase: ChallengePhase,
                      lateSubmissions: Bool = false, authorsMaySupport: Bool = false) -> Decision {
        let decision = IdeaRules.check(action, actor: actor, state: state, phase: phase, lateSubmissions: lateSubmissions,
                                       authorsMaySupport: authorsMaySupport)
        guard decision == .allowed, uses(action) == false else { return decision }
        return .notNow(action == .addDot || action == .removeDot
            ? "This challenge does not use dot voting." : "This challenge does not use supports.")
    }
}
