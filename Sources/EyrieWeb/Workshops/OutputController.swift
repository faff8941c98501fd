import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// What a closed workshop leaves behind: notes and clusters turned into ideas or comments, and a Markdown summary.
struct OutputController {
    let deps: WorkshopsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.post(Site.workshops.outputIdea, use: idea)
        router.post(Site.workshops.outputComment, use: comment)
        router.get(Site.workshops.summary, use: summary)
        router.post(Site.workshops.keepSummary, use: keep)
    }

    static func source(_ raw: String?) throws -> String {
        let value = (raw ?? "").trimmingWhitespace()
        guard BoardTarget(value) != nil else {
            throw HTTPError(.unprocessableContent, message: "Choose a note or a cluster of the board.")
        }
        return value
    }

    /// A note or cluster becomes an idea of the workshop's challenge, by the notes' authors.
    @Sendable func idea(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.recordOutputs), request, scope: scope)
        let source = try Self.source(context.form["source"])
        guard let challengeID = scope.workshop.challengeID, let challenge = try await deps.challenges.find(id: challengeID) else {
            throw HTTPError(.unprocessableContent, message: "This workshop is for the whole community: add its notes as comments on ideas instead.")
        }
        let notes: [BoardNote]
        do { notes = try await deps.outputs.sourceNotes(workshopID: scope.workshop.id, source: source) }
        catch StoreError.notFound { throw HTTPError(.unprocessableContent, message: "That note or cluster has no notes.") }
        var form = context.form
        form["body"] = notes.map { "- \($0.body) (\($0.authorName))" }.joined(separator: "\n")
            + "\n\nFrom the workshop “\(scope.workshop.title)”."
        let draft: IdeaDraft
        do {
            draft = try IdeaDraft.validate(form)
        } catch let invalid as ValidationErrors {
            throw HTTPError(.unprocessableContent, message: invalid.errors.map(\.message).joined(separator: ". ") + ".")
        }
        let id: Int64
        do {
            id = try await deps.outputs.idea(from: source, workshop: scope.workshop, challenge: challenge, draft: draft,
                                                 actorID: context.viewer!.member.id)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "None of these notes' authors is still a member of the community.")
        }
        return redirect(to: Site.ideas.show(id), flash: "Idea created from the workshop, credited to the notes' authors.")
    }

    /// A note or cluster becomes a comment on an idea the workshop worked on.
    @Sendable func comment(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.recordOutputs), request, scope: scope)
        let source = try Self.source(context.form["source"])
        let ideas = try await deps.workshops.ideas(workshopID: scope.workshop.id)
        guard let ideaID = Int64(context.form["idea"] ?? ""), ideas.contains(where: { $0.id == ideaID }) else {
            throw HTTPError(.unprocessableContent, message: "Choose one of the ideas the workshop worked on.")
        }
        do {
            try await deps.outputs.comment(from: source, workshop: scope.workshop, ideaID: ideaID,
                                               actorID: context.viewer!.member.id)
        } catch StoreError.notFound {
            throw HTTPError(.unprocessableContent, message: "That note or cluster has no notes.")
        }
        return redirect(to: Site.workshops.board(scope.workshop.id), flash: "Added as a comment on the idea.")
    }

    /// The workshop in Markdown: details, participants by organisation with attendance, agenda, board, decisions,
    /// outputs.
    @Sendable func summary(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        let text = try await summaryText(scope, request)
        var headers = HTTPFields()
        headers[.contentType] = "text/markdown; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"workshop-\(scope.workshop.id)-summary.md\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: text)))
    }

    /// The closed workshop's summary kept in the library in one step, as a lesson learned crediting its facilitators
    /// and linked to the workshop; a second click finds the one already kept.
    @Sendable func keep(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.recordOutputs), request, scope: scope)
        let w = scope.workshop
        // The resource has its own title: the summary's first line (the workshop's title as a heading) is left out.
        let text = try await summaryText(scope, request).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            .last.map(String.init)?.trimmingCharacters(in: .newlines) ?? ""
        let keeping = WorkLinkRepository.Keeping(
            title: WorkKeeping.fitted(say(WorkKeeping.summaryTitle(workshop: w.title))),
            body: WorkKeeping.text(text, source: Site.workshops.show(w.id), label: say(WorkKeeping.summarySource(workshop: w.title))),
            language: ContentLanguage.entry(context.language.tag)?.tag)
        let kept = try await deps.workLinks.keepSummary(workshopID: w.id, keeping, actorID: context.viewer!.member.id)
        let done: Phrase = kept.isNew ? "The summary is in the library, its facilitators credited."
            : "This summary was already in the library."
        return redirect(to: Site.library.show(kept.id), flash: done)
    }

    func summaryText(_ scope: WorkshopScope, _ request: Request) async throws -> String {
        let w = scope.workshop
        async let snapshotRead = deps.board.snapshot(workshopID: w.id, memberID: nil)
        async let peopleRead = deps.registrations.participants(workshopID: w.id)
        async let facilitatorsRead = deps.workshops.facilitators(workshopID: w.id)
        async let outputsRead = deps.outputs.list(workshopID: w.id)
        let (snapshot, people, facilitators, outputs) = try await (snapshotRead, peopleRead, facilitatorsRead, outputsRead)
        return WorkshopSummary.markdown(w, snapshot: snapshot, participants: people,
                                        facilitators: facilitators.map { "\($0.name) (\($0.organisationName))" },
                                        outputs: outputs, zone: ViewerZone.from(request))
    }
}

/// The Markdown summary of a workshop.
enum WorkshopSummary {
    /// Text as Markdown shows it literally (no links, emphasis or HTML from participants' notes).
    static func plain(_ text: String) -> String { WorkKeeping.literal(text) }

    /// The summary in the reader's language (the task's messages): headings and labels are Eyrie's words, everything
    /// else the participants'.
    static func markdown(_ w: Workshop, snapshot: BoardSnapshot, participants: [Registration], facilitators: [String],
                         outputs: [OutputRepository.Output], zone: TimeZone?) -> String {
        var lines = ["# \(plain(w.title))", "", "- " + say("When: \("when", plain(ViewerZone.when(w, viewer: zone)))"),
                     "- " + say("Status: \("state", w.state.said)")]
        if let challenge = w.challengeTitle { lines.append("- " + say("Challenge: \("challenge", plain(challenge))")) }
        if !w.place.isEmpty { lines.append("- " + say("Place: \("place", plain(w.place))")) }
        lines.append("- " + say("Facilitators: \("names", facilitators.map(plain).joined(separator: ", "))"))
        lines += ["", plain(w.purpose), "", "## " + say("Participants"), ""]
        let seated = participants.filter { $0.status == .registered }
        let byOrganisation = Dictionary(grouping: seated, by: \.organisationName)
        for organisation in byOrganisation.keys.sorted() {
            let names = byOrganisation[organisation]!.map { p in
                plain(p.memberName) + (p.attended == true ? " (" + say("came") + ")"
                    : p.attended == false ? " (" + say("did not come") + ")" : "")
            }
            lines.append("- \(plain(organisation)): \(names.joined(separator: ", "))")
        }
        if seated.isEmpty { lines.append(say("No one registered.")) }
        lines += ["", "## " + say("Agenda"), ""]
        for (i, a) in snapshot.agenda.enumerated() {
            lines.append("\(i + 1). \(plain(a.title)) — " + say("\("kind", a.kind.said), \("minutes", a.minutes) min (\("state", a.state.said.lowercased()))"))
        }
        let vote = snapshot.dotVote
        func dots(_ target: String) -> String {
            guard let vote, let n = snapshot.dotTotals["\(vote.id)/\(target)"], n > 0 else { return "" }
            return " — " + say(.plural("{count} dot", "{count} dots", count: n))
        }
        lines += ["", "## " + say("Board"), ""]
        let notes = snapshot.notes.filter { $0.decision != true }
        for cluster in snapshot.clusters {
            lines.append("### \(plain(cluster.name))\(dots("cluster-\(cluster.id)"))")
            lines.append("")
            for n in notes where n.clusterID == cluster.id { lines.append("- \(plain(n.body)) (\(plain(n.authorName)))\(dots("note-\(n.id)"))") }
            lines.append("")
        }
        let loose = notes.filter { $0.clusterID == nil }
        if !loose.isEmpty {
            lines += ["### " + say("Not in a cluster"), ""]
            for n in loose { lines.append("- \(plain(n.body)) (\(plain(n.authorName)))\(dots("note-\(n.id)"))") }
            lines.append("")
        }
        lines += ["## " + say("Decisions"), ""]
        let decisions = snapshot.notes.filter { $0.decision == true }
        lines += decisions.isEmpty ? [say("None recorded.")] : decisions.map { "- \(plain($0.body))" }
        lines += ["", "## " + say("Outputs"), ""]
        lines += outputs.isEmpty ? [say("None yet.")] : outputs.map {
            "- " + ($0.kind == "idea" ? say("New idea #\("id", $0.ideaID)") : say("Comment on #\("id", $0.ideaID)"))
                + " \(plain($0.ideaTitle)) (\($0.ideaState.said.lowercased()))"
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
