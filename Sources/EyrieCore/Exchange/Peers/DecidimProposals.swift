/// Decidim's open-data proposals (`<host>-open-data-proposals.csv`, in the `…-open-data.zip` Decidim downloads):
/// `;`-separated, nested keys flattened with `/` (`title/en`, `author/name`, `likes/total_count`), lists joined with
/// ", ", times as Ruby writes them (`2024-01-15 10:23:45 UTC`). Older versions wrote `supports` for `votes` and
/// `endorsements/…` for `likes/…`, and a `withdrawn` state instead of the `withdrawn` column.
public enum DecidimProposals {
    public static let states: [String: String] = [
        "accepted": "selected", "rejected": "declined", "evaluating": "shortlisted", "withdrawn": "withdrawn",
        "": "submitted", "not_answered": "submitted", "published": "submitted",
    ]

    public static func bundle(_ table: PeerTable, language: String?, organisation: String, challenge: String?) throws -> PeerBundle {
        var problems = ImportProblems()
        for name in ["id", "state"] where !table.header.contains(name) {
            problems.add(.init(file: table.file, row: 1, column: name, reason: "is missing: is this Decidim's open-data proposals CSV?"))
        }
        if !table.header.contains(where: { $0.hasPrefix("title/") }) {
            problems.add(.init(file: table.file, row: 1, column: "title/…", reason: "is missing: is this Decidim's open-data proposals CSV?"))
        }
        if !problems.isEmpty { throw ImportRefused(problems) }
        let language = try fileLanguage(table, asked: language)
        let votes = table.column("votes", "supports")
        let published = table.column("published_at", "created_at")
        let community = PeerCommunity(peer: "decidim", organisation: organisation, file: table.file)
        var seen = Set<String>()
        for (row, cells) in table.rows {
            func fail(_ column: String, _ reason: Phrase) { problems.add(.init(file: table.file, row: row, column: column, reason: reason)) }
            let id = cells["id"] ?? ""
            if Int(id) == nil { fail("id", "must be the proposal's number") }
            if !seen.insert(id).inserted { fail("id", "proposal \("id", id) appears twice") }
            if states[cells["state"] ?? ""] == nil {
                fail("state", "is \"\("found", cells["state"] ?? "")\"; Decidim's states are accepted, rejected, evaluating, withdrawn, not_answered")
            }
            if let votes, let value = cells[votes], !value.isEmpty, Int(value) == nil { fail(votes, "must be a whole number") }
            if let published, let value = cells[published], !value.isEmpty, PeerTime.iso(value) == nil {
                fail(published, "must be a time like 2024-01-15 10:23:45 UTC")
            }
        }
        if !problems.isEmpty { throw ImportRefused(problems) }
        func time(_ cells: [String: String]) -> String {
            for column in [published, "created_at", "updated_at"].compactMap({ $0 }) {
                if let value = cells[column], let iso = PeerTime.iso(value) { return iso }
            }
            return "2000-01-01T00:00:00Z"
        }
        for (_, cells) in table.rows { community.saw(time(cells)) }
        community.bundle.note("titles, bodies, answers and categories read in \("language", language), the same for every proposal")
        let translated = { (cells: [String: String], prefix: String) -> String? in
            let found = Self.translated(cells, prefix, language, header: table.header)
            if let found, !found.asked { community.bundle.map("\("field", prefix.dropLast()) not given in \("language", language): taken from \("from", found.from)") }
            return found?.text
        }
        let authorsOf: ([String: String], String) -> [String] = { cells, at in
            let names = (cells["author/name"] ?? "").components(separatedBy: ", ").filter { !$0.isEmpty }
            let ids = (cells["author/id"] ?? "").components(separatedBy: ", ")
            let people = names.enumerated().map { n, name in
                community.person(name, key: n < ids.count && !ids[n].isEmpty ? "user-\(ids[n])" : nil, at: at)
            }
            return people.isEmpty ? [community.person("Anonymous", at: at)] : people
        }
        let first = table.rows.first.map { authorsOf($0.cells, time($0.cells))[0] } ?? community.person("Decidim", at: "2000-01-01T00:00:00Z")
        let challengeID = community.challenge(title: challenge ?? "Imported from Decidim",
                                              question: "Which proposals should we take forward?", creator: first)
        for (row, cells) in table.rows {
            let at = time(cells)
            let raw = cells["state"] ?? ""
            var state = states[raw]!
            if cells["withdrawn"] == "true" { state = "withdrawn" }
            let stated = raw.isEmpty ? "—" : raw
            let withdrawn = cells["withdrawn"] == "true"
            let mapped: Phrase = withdrawn ? "state \("decidim", stated) withdrawn → \("eyrie", state)"
                : "state \("decidim", stated) → \("eyrie", state)"
            community.bundle.map(mapped)
            let id = "decidim/proposal/\(cells["id"]!)"
            let tags = ["category/name/", "taxonomies/name/"].compactMap { translated(cells, $0) }
                .flatMap { $0.components(separatedBy: ", ") }
            let updated = cells["updated_at"].flatMap(PeerTime.iso) ?? at
            community.add(.init(id: id, row: row, title: translated(cells, "title/") ?? "",
                                body: translated(cells, "body/") ?? "", authors: authorsOf(cells, at),
                                state: state, tags: tags, supports: votes.flatMap { Int(cells[$0] ?? "") } ?? 0,
                                createdAt: at, updatedAt: max(updated, at)), challenge: challengeID)
            if let votes, (Int(cells[votes] ?? "") ?? 0) > 0 {
                community.bundle.map("proposals whose \("votes", votes) became imported supports (without voters)")
            }
            let answer = translated(cells, "answer/") ?? ""
            if state != "submitted" || !answer.isEmpty {
                let answered = cells["answered_at"].flatMap(PeerTime.iso) ?? cells["state_published_at"].flatMap(PeerTime.iso) ?? at
                community.event(idea: id, row: row, actor: nil, to: state, reason: answer, at: answered)
            }
        }
        if table.header.contains(where: { $0.hasPrefix("likes/") || $0.hasPrefix("endorsements/") }) {
            community.bundle.note("likes and endorsements kept out: Eyrie has no equivalent")
        }
        if table.header.contains("comments") { community.bundle.note("comment counts kept out: the proposals file holds no comments") }
        return community.bundle
    }

    /// The one language the whole file is read in: the one asked for, else the language of the file's first title column
    /// (in the file's order, as Decidim writes the organisation's default language first).
    static func fileLanguage(_ table: PeerTable, asked: String?) throws -> String {
        let titles = table.header.filter { $0.hasPrefix("title/") && !$0.hasPrefix("title/machine_translations/") }
            .map { String($0.dropFirst("title/".count)) }
        if let asked {
            guard titles.contains(asked) || table.header.contains("title/machine_translations/\(asked)") else {
                throw ImportRefused(ImportError(file: table.file, row: 1, column: "title/\(asked)",
                    reason: titles.isEmpty ? "is missing: the file's titles are in no language"
                        : "is missing: the file's titles are in \("languages", titles.joined(separator: ", "))"))
            }
            return asked
        }
        if let first = titles.first { return first }
        throw ImportRefused(ImportError(file: table.file, row: 1, column: "title/…",
                                           reason: "has only machine translations: give --language"))
    }

    /// A translated field in the file's language, else its machine translation; a proposal with neither takes the first
    /// language that has text, in the file's column order (`asked` is false then, and `from` names the column).
    static func translated(_ cells: [String: String], _ prefix: String, _ language: String,
                           header: [String]) -> (text: String, asked: Bool, from: String)? {
        for key in [prefix + language, prefix + "machine_translations/" + language] {
            if let value = cells[key], !value.isEmpty { return (value, true, key) }
        }
        let others = header.filter { $0.hasPrefix(prefix) && !$0.contains("machine_translations") }
            + header.filter { $0.hasPrefix(prefix) && $0.contains("machine_translations") }
        for key in others { if let value = cells[key], !value.isEmpty { return (value, false, key) } }
        return nil
    }
}
