/// A challenge's results: the funnel, and each voting method's ranking, ready for tables, charts and CSV.
public struct ChallengeResults: Sendable {
    public struct Row: Sendable, Equatable {
        public var idea: ResultIdea
        public var pairwise: BradleyTerry.Score?
        public var scorecard: ScorecardSummary?
    }

    /// Ideas per lifecycle state, in lifecycle order, only states that occur.
    public var funnel: [(state: IdeaState, count: Int)]
    public var bySupports: [Row]
    public var byDots: [Row]
    public var byPairwise: [Row]
    public var byScorecard: [Row]
    public var all: [Row]
    public var pairwiseAnswers: Int
    /// The methods combined into one ranking (see `AgreedRanking` for the rule).
    public var agreed: AgreedRanking

    /// Builds the results from the challenge's visible ideas and its decided pairwise answers (winner, loser).
    public static func build(ideas: [ResultIdea], pairwise: [(winner: Int64, loser: Int64)],
                             scorecards: [Int64: [[Int]]] = [:], settings: VotingSettings) -> ChallengeResults {
        build(ideas: ideas, pairwiseScores: settings.pairwise ? pairwiseScores(ideas: ideas, answers: pairwise) : [:],
              pairwiseAnswers: pairwise.count, scorecards: scorecards, settings: settings)
    }

    /// The Bradley–Terry scores of the ideas from their decided answers (winner, loser), by idea id.
    public static func pairwiseScores(ideas: [ResultIdea], answers: [(winner: Int64, loser: Int64)]) -> [Int64: BradleyTerry.Score] {
        let index = Dictionary(uniqueKeysWithValues: ideas.enumerated().map { ($0.element.id, $0.offset) })
        let outcomes = answers.compactMap { pair -> BradleyTerry.Outcome? in
            guard let w = index[pair.winner], let l = index[pair.loser] else { return nil }
            return BradleyTerry.Outcome(winner: w, loser: l)
        }
        var scores: [Int64: BradleyTerry.Score] = [:]
        for (i, score) in BradleyTerry().scores(count: ideas.count, outcomes: outcomes).enumerated() {
            scores[ideas[i].id] = score
        }
        return scores
    }

    /// Builds the results with pairwise scores fitted earlier (the fit is the expensive part).
    public static func build(ideas: [ResultIdea], pairwiseScores scores: [Int64: BradleyTerry.Score], pairwiseAnswers: Int,
                             scorecards: [Int64: [[Int]]] = [:], settings: VotingSettings) -> ChallengeResults {
        var counts: [IdeaState: Int] = [:]
        for idea in ideas { counts[idea.state, default: 0] += 1 }
        let funnel = IdeaState.allCases.compactMap { state in counts[state].map { (state, $0) } }
        let rows = ideas.map { idea in
            Row(idea: idea, pairwise: scores[idea.id],
                scorecard: settings.scorecards ? scorecards[idea.id].flatMap {
                    ScorecardSummary.summarise(cards: $0, criteria: settings.criteria)
                } : nil)
        }
        // Highest first, ties by idea number. Keys are worked out once and indices sorted, not the (large) rows.
        func ranked(_ key: (Row) -> Double) -> [Row] {
            let keys = rows.map(key)
            return rows.indices.sorted {
                keys[$0] != keys[$1] ? keys[$0] > keys[$1] : rows[$0].idea.id < rows[$1].idea.id
            }.map { rows[$0] }
        }
        // Pairwise and scorecards rank only the ideas they have data for (an uncompared idea's 50% is no rank).
        return ChallengeResults(
            funnel: funnel,
            bySupports: settings.supports ? ranked { Double($0.idea.supportCount) } : [],
            byDots: settings.dots ? ranked { Double($0.idea.dotCount) } : [],
            byPairwise: settings.pairwise ? ranked { $0.pairwise?.score ?? 0 }.filter { ($0.pairwise?.comparisons ?? 0) > 0 } : [],
            byScorecard: settings.scorecards ? ranked { $0.scorecard?.weightedMean ?? 0 }.filter { $0.scorecard != nil } : [],
            all: rows, pairwiseAnswers: pairwiseAnswers, agreed: AgreedRanking.build(rows, settings: settings))
    }

    /// The same numbers as CSV (RFC 4180), one row per idea, for spreadsheets.
    public func csv() -> String {
        var lines = ["idea_id,title,state,supports,dots,pairwise_score,pairwise_low,pairwise_high,pairwise_comparisons,"
            + "scorecard_mean,scorecard_spread,reviewers,agreed_rank,agreed_score"]
        let agreedByID = Dictionary(agreed.entries.map { ($0.idea.id, $0) }, uniquingKeysWith: { a, _ in a })
        for row in all {
            var fields: [String] = [String(row.idea.id), Self.field(row.idea.title), row.idea.state.rawValue,
                                    String(row.idea.supportCount), String(row.idea.dotCount)]
            if let p = row.pairwise {
                fields += [Self.number(p.score), Self.number(p.low), Self.number(p.high), String(p.comparisons)]
            } else {
                fields += ["", "", "", ""]
            }
            if let card = row.scorecard {
                fields += [Self.number(card.weightedMean), Self.number(card.spread), String(card.reviewers)]
            } else {
                fields += ["", "", ""]
            }
            if let entry = agreedByID[row.idea.id] {
                fields += [String(entry.rank), Self.number((entry.score * 10).rounded() / 10)]
            } else {
                fields += ["", ""]
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ text: String) -> String { CSV.field(text) }

    static func number(_ value: Double) -> String {
        let scaled = (value * 10_000).rounded() / 10_000
        return String(scaled)
    }
}
