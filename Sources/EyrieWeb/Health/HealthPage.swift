import EyrieCore
import EyrieStore
import Foundation

/// The dashboard's view model and its CSV tables, from what `HealthRepository` read.
enum HealthPage {
    enum Table: String, CaseIterable {
        case levels, moves, drifting, newcomers, organisations, cowork, funnels
    }

    struct LevelLine { var key: String; var label: String; var meaning: String; var count: String; var percent: String; var change: String }
    struct MoveLine { var from: String; var to: String; var members: Int; var down: Bool }
    struct TrendRow { var month: String; var core: Int; var active: Int; var peripheral: Int; var inactive: Int; var total: Int }
    struct PersonLine {
        var id: Int64; var href: String; var name: String; var organisation: String; var from: String; var to: String; var when: String
        var chosen = false
    }
    struct OrgLine {
        var name: String; var members: Int; var membersShare: Int; var ideas: Int; var ideasShare: Int; var votes: Int
        var votesShare: Int; var comments: Int; var commentsShare: Int; var seats: Int; var seatsShare: Int
        var contributions: Int; var contributionsShare: Int
    }
    struct Cell { var value: Int; var shade: Int; var isSelf: Bool }
    struct MatrixRow { var name: String; var cells: [Cell] }
    struct Matrix { var id: String; var title: String; var names: [String]; var rows: [MatrixRow]; var reading: String; var hasPairs: Bool }
    struct StageRow { var label: String; var counts: [Int] }

    struct View {
        var slug: String
        var links: HealthLinks
        var communityName: String
        var hasSnapshot: Bool
        var takenAt: String
        var monthLabel: String
        var previousLabel: String
        var total: Int
        var levels: [LevelLine]
        var levelsReading: String
        /// "Answers accepted in the last three months: …", naming who answered.
        var answersReading: String
        var flowChart: String
        var flowReading: String
        var moves: [MoveLine]
        var hasMoves: Bool
        var trendChart: String
        var trendReading: String
        var trend: [TrendRow]
        var drifting: [PersonLine]
        var driftingCount: Int
        var hasDrifting: Bool
        var driftingMore: Bool
        var driftingReading: String
        var newcomers: [PersonLine]
        var newcomerCount: Int
        var hasNewcomers: Bool
        var newcomersMore: Bool
        var newcomerReading: String
        var organisations: [OrgLine]
        var hasOrganisations: Bool
        var organisationsReading: String
        var matrices: [Matrix]
        var funnelTitles: [String]
        var funnelStages: [StageRow]
        var hasFunnels: Bool
        var funnelsReading: String
        var form: FormState
        var newcomerDays: Int
        var nudgeForm = FormState()
        var nudgeLinks: [Option] = []
        var quietDays = NudgeDraft.quietDays
    }

    static func view(_ d: HealthRepository.Dashboard, community: Community, form: FormState?) -> View {
        let counts = d.counts
        let total = counts.values.reduce(0, +)
        let levels = levelLines(d)
        let levelsReading = total == 0 ? say("No members yet.") :
            say(.plural("Of {count} member, {core} core, {active} active, {peripheral} peripheral and {inactive} inactive.",
                        "Of {count} members, {core} core, {active} active, {peripheral} peripheral and {inactive} inactive.",
                        count: total, ["core": String(counts[.core] ?? 0), "active": String(counts[.active] ?? 0),
                                       "peripheral": String(counts[.peripheral] ?? 0), "inactive": String(counts[.inactive] ?? 0)]))
        let moves = d.movement.changed.map { move in
            MoveLine(from: move.from?.said ?? say("Joined"), to: move.to.said, members: move.members,
                     down: ParticipationLevel.isDrift(from: move.from, to: move.to))
        }
        let before = d.month.adding(-1)
        let trend = d.history.map { h in
            TrendRow(month: h.month.said, core: h.counts[.core] ?? 0, active: h.counts[.active] ?? 0,
                     peripheral: h.counts[.peripheral] ?? 0, inactive: h.counts[.inactive] ?? 0,
                     total: h.counts.values.reduce(0, +))
        }
        let names = Dictionary(d.organisations.map { ($0.organisationID, $0.name) }, uniquingKeysWith: { a, _ in a })
        let form = form ?? thresholdsForm(d.thresholds)
        let stageLabels = ServiceFunnel.stageLabels
        return View(
            slug: community.slug, links: HealthLinks(slug: community.slug), communityName: community.name, hasSnapshot: d.takenAt != nil,
            takenAt: d.takenAt.map(Dates.time) ?? "", monthLabel: d.month.said, previousLabel: before.said,
            total: total, levels: levels, levelsReading: levelsReading, answersReading: answersReading(d.answerers),
            flowChart: HealthCharts.flow(d.movement, before: before, after: d.month),
            flowReading: say(d.movement.reading(since: before)
                ?? Phrase("Nobody moved between levels since {month}.", ["month": before.name]).saying("month")),
            moves: moves, hasMoves: !moves.isEmpty,
            trendChart: HealthCharts.trend(d.history), trendReading: trendReading(d.history), trend: trend,
            drifting: d.drifting.map(person), driftingCount: d.driftingCount, hasDrifting: !d.drifting.isEmpty,
            driftingMore: d.driftingCount > d.drifting.count,
            driftingReading: d.driftingCount == 0
                ? say(Phrase("Nobody slid down from core or active since {month}.", ["month": before.name]).saying("month"))
                : say(Phrase.plural("{count} member slid down from core or active since {month}.",
                                    "{count} members slid down from core or active since {month}.", count: d.driftingCount,
                                    ["month": before.name]).saying("month")),
            newcomers: d.newcomers.map(person), newcomerCount: d.newcomerCount, hasNewcomers: !d.newcomers.isEmpty,
            newcomersMore: d.newcomerCount > d.newcomers.count,
            newcomerReading: d.newcomerCount == 0
                ? say("Every member who joined in the last \("days", d.thresholds.newcomerDays) days has contributed.")
                : say(.plural("{count} member joined in the last {days} days and has not contributed yet.",
                              "{count} members joined in the last {days} days and have not contributed yet.", count: d.newcomerCount,
                              ["days": String(d.thresholds.newcomerDays)])),
            organisations: organisationLines(d.organisations), hasOrganisations: !d.organisations.isEmpty,
            organisationsReading: say(OrganisationShares.reading(d.organisations)),
            matrices: [matrix("ideas", say("Ideas co-authored"), d.ideaPairs, d.organisations, names,
                              verb: Phrase("{first} and {second} co-authored the most ideas ({together}).")),
                       matrix("workshops", say("Workshops attended together"), d.workshopPairs, d.organisations, names,
                              verb: Phrase("{first} and {second} sat together in the most workshops ({together})."))],
            funnelTitles: d.funnels.map(\.title),
            funnelStages: stageLabels.map { say(Phrase($0)) }.enumerated().map { i, label in
                StageRow(label: label, counts: d.funnels.map { i < $0.stages.count ? $0.stages[i] : 0 })
            },
            hasFunnels: !d.funnels.isEmpty, funnelsReading: funnelsReading(d.funnels),
            form: form, newcomerDays: d.thresholds.newcomerDays)
    }

    /// Names the members whose answers the community accepted lately, with how many each.
    static func answersReading(_ answerers: [HealthRepository.Answerer]) -> String {
        guard !answerers.isEmpty else { return say("No answers were accepted in the discussions in the last three months.") }
        let names = answerers.map { $0.answers > 1 ? "\($0.name) (\(Messages.current.number($0.answers)))" : $0.name }
        return say("Answers accepted in the discussions in the last three months: \("names", names.joined(separator: ", ")).")
    }

    /// Each level's count, share and change since the month before.
    static func levelLines(_ d: HealthRepository.Dashboard) -> [LevelLine] {
        let total = d.counts.values.reduce(0, +)
        let previous = d.history.last { $0.month == d.month.adding(-1) }?.counts
        return HealthCharts.order.map { level in
            let n = d.counts[level] ?? 0
            let change = previous.map { before -> String in
                let delta = n - (before[level] ?? 0)
                return delta == 0 ? say("no change") : (delta > 0 ? "+" : "−") + Messages.current.number(abs(delta))
            } ?? ""
            let messages = Messages.current
            return LevelLine(key: level.rawValue, label: level.said, meaning: say(Phrase(level.meaning)), count: messages.number(n),
                             percent: messages.percent(OrganisationShares.percent(n, of: total)), change: change)
        }
    }

    /// The thresholds' form, filled with the community's current ones.
    static func thresholdsForm(_ t: HealthThresholds) -> FormState {
        FormState(values: [
            "coreMonths": "\(t.coreMonths)", "leadMonths": "\(t.leadMonths)", "activeDays": "\(t.activeDays)",
            "inactiveDays": "\(t.inactiveDays)", "newcomerDays": "\(t.newcomerDays)",
        ])
    }

    static func person(_ p: HealthRepository.Person) -> PersonLine {
        PersonLine(id: p.id, href: Site.accounts.member(p.id), name: p.name, organisation: p.organisation, from: p.previous?.said ?? "", to: p.level.said,
                   when: p.lastContribution.map(Dates.day) ?? say("never"))
    }

    static func trendReading(_ history: [(month: Month, counts: [ParticipationLevel: Int])]) -> String {
        guard let last = history.last, let first = history.first, history.count > 1 else {
            return say("The history starts this month.")
        }
        func involved(_ c: [ParticipationLevel: Int]) -> Int { (c[.core] ?? 0) + (c[.active] ?? 0) }
        return say("Core and active members: \("now", involved(last.counts)) in \("month", last.month.said), \("then", involved(first.counts)) in \("first", first.month.said).")
    }

    static func funnelsReading(_ funnels: [HealthRepository.Funnel]) -> String {
        guard let best = funnels.max(by: { ($0.stages.last ?? 0, $0.stages.first ?? 0) < ($1.stages.last ?? 0, $1.stages.first ?? 0) })
        else { return say("No challenge has ideas yet.") }
        let submitted = funnels.reduce(0) { $0 + ($1.stages.first ?? 0) }
        return say(.plural("{ideas} submitted across {count} challenge; “{title}” has gone furthest ({launched}).",
                           "{ideas} submitted across {count} challenges; “{title}” has gone furthest ({launched}).",
                           count: funnels.count, ["ideas": Dates.count(submitted, "idea", "ideas"), "title": best.title,
                                                  "launched": Dates.count(best.stages.last ?? 0, "launched service", "launched services")]))
    }

    static func organisationLines(_ shares: [OrganisationShare]) -> [OrgLine] {
        func sum(_ key: (OrganisationShare) -> Int) -> Int { shares.reduce(0) { $0 + key($1) } }
        let (m, i, v, c, s, all) = (sum(\.members), sum(\.ideas), sum(\.votes), sum(\.comments), sum(\.seats), sum(\.contributions))
        return shares.map { o in
            OrgLine(name: o.name, members: o.members, membersShare: OrganisationShares.percent(o.members, of: m),
                    ideas: o.ideas, ideasShare: OrganisationShares.percent(o.ideas, of: i), votes: o.votes,
                    votesShare: OrganisationShares.percent(o.votes, of: v), comments: o.comments,
                    commentsShare: OrganisationShares.percent(o.comments, of: c), seats: o.seats,
                    seatsShare: OrganisationShares.percent(o.seats, of: s), contributions: o.contributions,
                    contributionsShare: OrganisationShares.percent(o.contributions, of: all))
        }
    }

    /// The organisations taking part (at most twelve, the most involved) against each other.
    static func matrix(_ id: String, _ title: String, _ pairs: [CoWork.Pair], _ shares: [OrganisationShare],
                       _ names: [Int64: String], verb: Phrase) -> Matrix {
        let ids = Array(shares.map(\.organisationID).prefix(12))
        let cowork = CoWork(organisations: ids, pairs: pairs)
        let top = max(cowork.cells.flatMap { $0 }.max() ?? 0, 1)
        let rows = ids.enumerated().map { i, org in
            MatrixRow(name: names[org] ?? say("Organisation \("id", org)"), cells: cowork.cells[i].enumerated().map { j, value in
                Cell(value: value, shade: value == 0 ? 0 : 1 + Int((Double(value) / Double(top) * 3).rounded(.up)) - 1, isSelf: i == j)
            })
        }
        let reading = cowork.strongest.map { s in
            say(Phrase(verb.template, ["first": names[s.a] ?? "?", "second": names[s.b] ?? "?", "together": String(s.together)]))
        } ?? say("No two organisations worked together here in the last twelve months.")
        return Matrix(id: id, title: title, names: ids.map { names[$0] ?? say("Organisation \("id", $0)") }, rows: rows,
                      reading: reading, hasPairs: !pairs.isEmpty)
    }

    /// Every table of the dashboard as CSV rows, the header first, without the limits of the page.
    static func rows(_ table: Table, _ d: HealthRepository.Dashboard) -> [[String]] {
        let iso = ISO8601DateFormatter()
        let names = Dictionary(d.organisations.map { ($0.organisationID, $0.name) }, uniquingKeysWith: { a, _ in a })
        switch table {
        case .levels:
            return [["month", "core", "active", "peripheral", "inactive"]] + d.history.map { h in
                ["\(h.month)"] + HealthCharts.order.map { "\(h.counts[$0] ?? 0)" }
            }
        case .moves:
            return [["month", "from_level", "to_level", "members"]] + d.movement.moves.map {
                ["\(d.month)", $0.from?.rawValue ?? "joined", $0.to.rawValue, "\($0.members)"]
            }
        case .drifting, .newcomers:
            let people = table == .drifting ? d.drifting : d.newcomers
            return [["member_id", "name", "organisation", "previous_level", "level", "joined_at", "last_contribution_at"]]
                + people.map { p in
                    ["\(p.id)", p.name, p.organisation, p.previous?.rawValue ?? "", p.level.rawValue, iso.string(from: p.joinedAt),
                     p.lastContribution.map { iso.string(from: $0) } ?? ""]
                }
        case .organisations:
            return [["organisation", "members", "ideas", "votes", "comments", "workshop_seats", "contributions"]]
                + d.organisations.map { o in
                    [o.name, "\(o.members)", "\(o.ideas)", "\(o.votes)", "\(o.comments)", "\(o.seats)", "\(o.contributions)"]
                }
        case .cowork:
            let pairs = d.ideaPairs.map { ("ideas", $0) } + d.workshopPairs.map { ("workshops", $0) }
            return [["together_in", "organisation_a", "organisation_b", "count"]] + pairs.map { kind, p in
                [kind, names[p.a] ?? "\(p.a)", names[p.b] ?? "\(p.b)", "\(p.together)"]
            }
        case .funnels:
            return [["challenge"] + ServiceFunnel.stageLabels] + d.funnels.map { [$0.title] + $0.stages.map(String.init) }
        }
    }
}

// The dashboard repeats these hundreds of times (matrix cells, members, months): they hand their fields to the
// templates themselves instead of being reflected.
extension HealthPage.Cell: TemplateFields {
    var templateFields: [String: Any] { ["value": value, "shade": shade, "isSelf": isSelf] }
}

extension HealthPage.MatrixRow: TemplateFields {
    var templateFields: [String: Any] { ["name": name, "cells": cells.map(\.templateFields)] }
}

extension HealthPage.PersonLine: TemplateFields {
    var templateFields: [String: Any] {
        ["id": id, "href": href, "name": name, "organisation": organisation, "from": from, "to": to, "when": when, "chosen": chosen]
    }
}

extension HealthPage.OrgLine: TemplateFields {
    var templateFields: [String: Any] {
        // Amounts and shares as the page's language writes them; the bar's width as a plain number.
        let m = Messages.current
        return ["name": name, "members": m.number(members), "membersShare": m.percent(membersShare), "ideas": m.number(ideas),
                "ideasShare": m.percent(ideasShare), "votes": m.number(votes), "votesShare": m.percent(votesShare),
                "comments": m.number(comments), "commentsShare": m.percent(commentsShare), "seats": m.number(seats),
                "seatsShare": m.percent(seatsShare), "contributions": m.number(contributions),
                "contributionsShare": m.percent(contributionsShare), "contributionsWidth": contributionsShare]
    }
}

extension HealthPage.TrendRow: TemplateFields {
    var templateFields: [String: Any] {
        let m = Messages.current
        return ["month": month, "core": m.number(core), "active": m.number(active), "peripheral": m.number(peripheral),
                "inactive": m.number(inactive), "total": m.number(total)]
    }
}

extension HealthPage.StageRow: TemplateFields {
    var templateFields: [String: Any] { ["label": label, "counts": counts] }
}
