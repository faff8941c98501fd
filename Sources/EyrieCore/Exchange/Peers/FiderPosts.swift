/// Fider's `posts.csv` (Site settings → Export): `number,title,description,created_at,created_by,votes_count,
/// comments_count,status,responded_by,responded_at,response,original_number,original_title,tags`, comma-separated,
/// RFC 3339 times, tags joined with ", ". Older versions wrote `total_votes`, `total_comments`, capitalised
/// statuses, and before that `created_on`, `total_supporters`, `responded_on`.
public enum FiderPosts {
    /// Fider's statuses and the idea states they become; `duplicate` merges into `original_number`.
    public static let states: [String: String] = [
        "open": "submitted", "planned": "shortlisted", "started": "in_design", "completed": "selected",
        "declined": "declined", "duplicate": "merged",
    ]

    public static func bundle(_ table: PeerTable, organisation: String, challenge: String?) throws -> PeerBundle {
        var problems = ImportProblems()
        func need(_ names: String...) -> String {
            if let found = names.first(where: table.header.contains) { return found }
            problems.add(.init(file: table.file, row: 1, column: names[0], reason: "is missing: is this Fider's posts.csv?"))
            return names[0]
        }
        let number = need("number"), title = need("title"), created = need("created_at", "created_on")
        let author = need("created_by"), votes = need("votes_count", "total_votes", "total_supporters")
        let status = need("status")
        if !problems.isEmpty { throw ImportRefused(problems) }
        let responded = table.column("responded_at", "responded_on")
        let community = PeerCommunity(peer: "fider", organisation: organisation, file: table.file)
        var numbers = Set<String>()
        for (row, cells) in table.rows {
            func fail(_ column: String, _ reason: Phrase) { problems.add(.init(file: table.file, row: row, column: column, reason: reason)) }
            let n = cells[number] ?? ""
            if Int(n) == nil { fail(number, "must be the post's number") }
            if !numbers.insert(n).inserted { fail(number, "post \("number", n) appears twice") }
            if PeerTime.iso(cells[created] ?? "") == nil { fail(created, "must be a time like 2018-03-23T19:33:22Z") }
            if Int(cells[votes] ?? "") == nil { fail(votes, "must be a whole number") }
            let slug = (cells[status] ?? "").lowercased()
            if states[slug] == nil && slug != "deleted" {
                fail(status, "is \"\("found", cells[status] ?? "")\"; Fider's statuses are open, planned, started, completed, declined, duplicate")
            }
        }
        if !problems.isEmpty { throw ImportRefused(problems) }
        let live = table.rows.filter { ($0.cells[status] ?? "").lowercased() != "deleted" }
        for (_, cells) in live { community.saw(PeerTime.iso(cells[created]!)!) }
        let firstAuthor = live.first.map { community.person($0.cells[author] ?? "", at: PeerTime.iso($0.cells[created]!)!) }
            ?? community.person("Fider", at: "2000-01-01T00:00:00Z")
        let challengeID = community.challenge(title: challenge ?? "Imported from Fider",
                                              question: "What should we build next?", creator: firstAuthor)
        for (row, cells) in table.rows {
            let slug = (cells[status] ?? "").lowercased()
            guard slug != "deleted" else { community.bundle.map("status deleted → not imported"); continue }
            let time = PeerTime.iso(cells[created]!)!
            var state = states[slug]!
            var merged: String?
            if state == "merged" {
                let original = cells["original_number"] ?? ""
                if numbers.contains(original), original != cells[number] {
                    merged = "fider/post/\(original)"
                } else {
                    state = "declined"
                    community.bundle.note("duplicates whose original is not in the file became declined")
                }
            }
            community.bundle.map("status \("fider", slug) → \("eyrie", state)")
            if (Int(cells[votes]!) ?? 0) > 0 { community.bundle.map("posts whose votes became imported supports (without voters)") }
            let id = "fider/post/\(cells[number]!)"
            let tags = (cells["tags"] ?? "").components(separatedBy: ", ").filter { !$0.isEmpty }
            community.add(.init(id: id, row: row, title: cells[title] ?? "", body: cells["description"] ?? "",
                                authors: [community.person(cells[author] ?? "", at: time)], state: state,
                                mergedInto: merged, tags: tags, supports: Int(cells[votes]!) ?? 0,
                                createdAt: time, updatedAt: time), challenge: challengeID)
            let response = cells["response"] ?? ""
            if state != "submitted" || !response.isEmpty {
                let at = responded.flatMap { cells[$0] }.flatMap(PeerTime.iso) ?? time
                let by = (cells["responded_by"] ?? "").isEmpty ? nil : community.person(cells["responded_by"]!, at: at)
                community.event(idea: id, row: row, actor: by, to: state, reason: response, at: at)
            }
        }
        let comments = table.column("comments_count", "total_comments")
        if let comments, table.rows.contains(where: { (Int($0.cells[comments] ?? "") ?? 0) > 0 }) {
            community.bundle.note("comment counts kept out: Fider's posts.csv holds no comments")
        }
        return community.bundle
    }
}
