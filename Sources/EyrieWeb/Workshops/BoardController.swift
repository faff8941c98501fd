import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The live board as a page that works without JavaScript: every change is a form that posts and redirects back;
/// the board script sends the same fields over the WebSocket instead when it can.
struct BoardController {
    let deps: WorkshopsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.workshops.board, use: show)
        router.post(Site.workshops.board, use: change)
        // The socket's address asked for without an upgrade (a refused upgrade is answered 400 before any route).
        router.get(Site.workshops.live, use: refusedHandshake)
    }

    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        return try await render(scope, context: context)
    }

    func render(_ scope: WorkshopScope, context: AppContext, typed: String = "", errors: [FieldError] = [],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let snapshot = try await deps.board.snapshot(workshopID: scope.workshop.id, memberID: context.viewer?.member.id)
        let ideas = scope.check(.recordOutputs).isAllowed ? try await deps.workshops.ideas(workshopID: scope.workshop.id) : []
        let page = BoardPage(scope: scope, snapshot: snapshot, viewerID: context.viewer?.member.id, typed: typed,
                             workshopIdeas: ideas)
        var crumbs = crumbs(scope.community)
        crumbs.append(Crumb(title: scope.workshop.title, href: Site.workshops.show(scope.workshop.id)))
        return try deps.renderer.page("workshops/board", page, context: context, title: say("Board · \("workshop", scope.workshop.title)"),
                                          status: status, community: scope.community, crumbs: crumbs, errors: errors)
    }

    /// One change from a form: `op` and its fields, as `BoardCommand.parse` reads them.
    @Sendable func change(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        guard let viewer = context.viewer else { throw SignInRequired(next: returnPath(request)) }
        let command: BoardCommand
        do {
            command = try BoardCommand.parse(context.form)
        } catch let invalid as ValidationErrors {
            return try await render(scope, context: context, typed: context.form["body"] ?? "", errors: invalid.errors,
                                    status: .unprocessableContent)
        }
        let op: BoardOp
        do {
            op = try await deps.board.apply(command, workshopID: scope.workshop.id, actorID: viewer.member.id)
        } catch let refused as BoardRepository.Refused {
            try deps.enforce(refused.decision, request, scope: scope)
            throw HTTPError(.unprocessableContent)
        }
        let done: Phrase = switch command {
        case .addNote: "Note added."
        case .editNote: "Note saved."
        case .moveNote: "Note moved."
        case .deleteNote: "Note deleted."
        case .createCluster: "Cluster added."
        case .renameCluster: "Cluster renamed."
        case .deleteCluster: "Cluster removed; its notes are back on the board."
        case .placeDot: "Dot placed."
        case .removeDot: "Dot taken back."
        case .recordDecision: "Decision recorded."
        }
        var flash = say(done)
        if op.overwrote != nil {
            flash += " " + say("It replaced a change made meanwhile by someone else (the last change wins).")
        }
        let anchor = op.note.map { "#note-\($0.id)" } ?? op.cluster.map { "#cluster-\($0.id)" } ?? ""
        return redirect(to: Site.workshops.board(scope.workshop.id) + anchor, saying: flash)
    }

    @Sendable func refusedHandshake(_ request: Request, context: AppContext) async throws -> Response {
        throw HTTPError(.forbidden, message: "The live board needs a signed-in visitor who may see this workshop, on this site.")
    }
}
