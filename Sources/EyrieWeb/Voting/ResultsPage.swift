import EyrieCore
import EyrieStore
import Foundation

/// The results page as a sponsor reads it: who can read it, the decision, one agreed ranking with its rule, the
/// funnel, then each method's evidence. Built from `Reads` without further I/O.
struct ResultsPage {
    struct Reads {
        var challenge: Challenge
        var community: Community
        var settings: VotingSettings
        var results: ChallengeResults
        var stages: [ServiceFunnel.Stage]
        var decisions: [ResultsRepository.Decision]
    }

    var challengeTitle: String
    var links: ChallengeLinks
    var isSteward: Bool
    var audienceText: String
    var expectedText: String?
    var release: Release?
    var hasIdeas: Bool
    var decision: [DecisionGroup]
    var hasDecision: Bool
    var agreed: Agreed
    var funnel: [FunnelRow]
    var sections: [Section]

    /// The stewards' form: who reads the results, and the day they expect to publish them.
    struct Release {
        var action: String
        var options: [Choice]
        var expected: String
        var form: FormState
        /// Open when the form came back with an error.
        var isOpen: Bool
    }

    struct Choice {
        var id: String
        var value: String
        var label: String
        var hint: String
        var checked: Bool
    }

    /// The ideas of one decision, newest first: the first `shown` of them, and how many more there are.
    struct DecisionGroup {
        var title: String
        var lines: [DecisionLine]
        var moreText: String?
    }

    struct DecisionLine {
        var href: String
        var title: String
        var ideaID: Int64
        var stateLabel: String
        var reason: String
        var day: String
        var rankText: String
    }

    struct Agreed {
        var rule: String
        var caption: String
        var methodsText: String
        var missingText: String?
        var rows: [AgreedRow]
        var hasRows: Bool
        /// With more ranked ideas than shown: the link to the whole ranking.
        var allHref: String?
        var allText: String
        var unrankedText: String?
    }

    struct AgreedRow {
        var rankText: String
        var href: String
        var ideaID: Int64
        var title: String
        var stateLabel: String
        var score: String
        var bar: String
        var evidence: String
    }

    struct FunnelRow {
        var label: String
        var count: Int
        var counted: String
        var bar: String
    }

    struct Section {
        var id: String
        var title: String
        var note: String
        var unit: String
        var caption: String
        var rows: [RankRow]
        var hasRows: Bool
        var noneText: String?
    }

    struct RankRow {
        var rank: Int
        var ideaID: Int64
        var href: String
        var title: String
        var stateLabel: String
        var value: String
        var bar: String
        var detail: String
    }

    static let shown = 20

    /// `showsAll`: the whole agreed ranking, not only its first `shown` ideas (a challenge of 2,000 ideas would
    /// otherwise render 2,000 rows on every view).
    init(_ reads: Reads, isSteward: Bool, form: FormState = FormState(), showsAll: Bool = false) {
        let (challenge, settings, results) = (reads.challenge, reads.settings, reads.results)
        challengeTitle = challenge.title
        links = ChallengeLinks(id: challenge.id, communitySlug: reads.community.slug)
        self.isSteward = isSteward
        audienceText = Self.audienceText(settings, challenge: challenge, community: reads.community)
        expectedText = settings.resultsExpectedAt.flatMap { at in
            settings.resultsPublished ? nil : "The stewards expect to publish them to everyone on \(Dates.day(at))."
        }
        release = isSteward ? Self.release(settings, challenge: challenge, links: links, form: form) : nil
        hasIdeas = !results.all.isEmpty
        decision = Self.decision(reads.decisions, ideas: results.all, ranking: results.agreed)
        hasDecision = !decision.isEmpty
        agreed = Self.agreed(results.agreed, showsAll: showsAll, allHref: Site.voting.results(challenge.id, query: [("ranking", "all")]))
        let largest = Double(max(reads.stages.map(\.count).max() ?? 0, 1))
        funnel = reads.stages.map {
            FunnelRow(label: $0.said, count: $0.count, counted: $0.counted, bar: Bars.bar(Double($0.count) / largest))
        }
        sections = ResultsSections(results: results, settings: settings).all
    }

    private static func audienceText(_ settings: VotingSettings, challenge: Challenge, community: Community) -> String {
        switch settings.resultsAudience {
        case .community:
            return say("Published to everyone who can see this challenge.")
        case .sponsor:
            if let since = settings.resultsSponsorAt {
                return say("Shared with members of \("sponsor", challenge.sponsorName), the sponsor, since \("day", Dates.day(since)); not yet with the rest of \("community", community.name).")
            }
            return say("Shared with members of \("sponsor", challenge.sponsorName), the sponsor; not yet with the rest of \("community", community.name).")
        case .stewards:
            return say("Only the stewards of \("community", community.name) can read these results.")
        }
    }

    private static func release(_ settings: VotingSettings, challenge: Challenge, links: ChallengeLinks,
                                form: FormState) -> Release {
        let chosen = form.values["audience"] ?? settings.resultsAudience.rawValue
        let options: [(ResultsAudience, String, String)] = [
            (.stewards, say("Stewards only"), say("While you review.")),
            (.sponsor, say("Stewards and members of \("sponsor", challenge.sponsorName), the sponsor"),
             say("The sponsor reads them first; everyone else is told the day below.")),
            (.community, say("Everyone who can see the challenge"), say("The challenge page links to them for everyone.")),
        ]
        return Release(
            action: links.publish,
            options: options.map {
                Choice(id: "audience-\($0.0.rawValue)", value: $0.0.rawValue, label: $0.1, hint: $0.2, checked: chosen == $0.0.rawValue)
            },
            expected: form.values["expected"] ?? settings.resultsExpectedAt.map(Day.format) ?? "",
            form: form, isOpen: !form.list.isEmpty)
    }

    private static func decision(_ decisions: [ResultsRepository.Decision], ideas: [ChallengeResults.Row],
                                 ranking: AgreedRanking) -> [DecisionGroup] {
        guard !decisions.isEmpty else { return [] }
        // Only the decided ideas are looked up (a challenge has thousands of ideas and a few decisions).
        let decided = Set(decisions.map(\.ideaID))
        var byID: [Int64: ResultIdea] = [:]
        for row in ideas where decided.contains(row.idea.id) { byID[row.idea.id] = row.idea }
        var ranks: [Int64: AgreedRanking.Entry] = [:]
        for entry in ranking.entries where decided.contains(entry.idea.id) { ranks[entry.idea.id] = entry }
        let groups: [(Phrase, Set<IdeaState>)] = [
            ("Selected", [.selected, .converted]), ("Shortlisted", [.shortlisted, .inDesign]), ("Declined", [.declined]),
        ]
        return groups.compactMap { title, states in
            let lines = decisions.filter { states.contains($0.state) }.compactMap { d -> DecisionLine? in
                guard let idea = byID[d.ideaID] else { return nil }
                let rank = ranks[d.ideaID].map { say("Agreed rank \("rank", ($0.isTied ? "=" : "") + String($0.rank))") }
                    ?? say("Not ranked: no votes yet")
                return DecisionLine(href: Site.ideas.show(idea.id), title: idea.title, ideaID: idea.id,
                                    stateLabel: d.state == .converted ? say("Now an offering") : d.state.said,
                                    reason: d.reason,
                                    day: Dates.day(d.decidedAt), rankText: rank)
            }
            let more = lines.count - shown
            return lines.isEmpty ? nil : DecisionGroup(
                title: say("\("state", say(title)) (\("count", lines.count))"), lines: Array(lines.prefix(shown)),
                moreText: more > 0 ? say("And \("more", more) more; the challenge page lists them all, and the CSV has their states.") : nil)
        }
    }

    private static func agreed(_ ranking: AgreedRanking, showsAll: Bool, allHref: String) -> Agreed {
        let count = ranking.entries.count
        let rows = ranking.entries.prefix(showsAll ? count : shown).map { entry in
            AgreedRow(rankText: (entry.isTied ? "=" : "") + String(entry.rank), href: Site.ideas.show(entry.idea.id),
                      ideaID: entry.idea.id, title: entry.idea.title, stateLabel: entry.idea.state.said,
                      score: Bars.fmt(entry.score), bar: Bars.bar(entry.score / 100),
                      evidence: entry.evidence.map { e in
                          e.isOwn ? say("\("method", e.method.said): \("place", e.place.ordinal) of \("of", e.of)")
                              : say("\("method", e.method.said): \("place", e.place.ordinal) of \("of", e.of) (none yet)")
                      }.joined(separator: " · "))
        }
        let names = ranking.methods.map { $0.said.lowercased() }
        let missing = ranking.methodsWithoutEvidence.map { $0.said.lowercased() }
        return Agreed(
            rule: say(AgreedRanking.rule),
            caption: rows.count < count ? say("Ideas in agreed order: the \("shown", shown) best of \("count", count)")
                : say("Ideas in agreed order"),
            methodsText: names.isEmpty ? say("No method has votes to rank by yet.")
                : say("This ranking combines \("methods", list(names))."),
            missingText: missing.isEmpty ? nil
                : say("Also used by this challenge, with nothing to rank by yet: \("methods", list(missing))."),
            rows: Array(rows), hasRows: !rows.isEmpty,
            allHref: rows.count < count ? allHref : nil,
            allText: say(.plural("The only ranked idea", "All {count} ranked ideas", count: count)),
            unrankedText: ranking.unranked.isEmpty ? nil
                : say(.plural("{count} idea has no support, dot, comparison or scorecard of its own yet and is not ranked.",
                              "{count} ideas have no support, dot, comparison or scorecard of its own yet and are not ranked.",
                              count: ranking.unranked.count)))
    }

    static func list(_ words: [String]) -> String {
        switch words.count {
        case 0: ""
        case 1: words[0]
        default: say("\("list", words.dropLast().joined(separator: ", ")) and \("last", words[words.count - 1])")
        }
    }
}

extension ResultsPage.Section {
    init(id: String, title: String, note: String, unit: String, caption: String, rows: [ResultsPage.RankRow], noneText: String?) {
        self.init(id: id, title: title, note: note, unit: unit, caption: caption, rows: rows, hasRows: !rows.isEmpty,
                  noneText: noneText)
    }
}
