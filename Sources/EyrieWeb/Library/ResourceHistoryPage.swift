import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// Every version of a resource (who, when, why), what changed between two, and the stewards' restore.
enum ResourceHistoryPage {
    struct Line {
        var number: Int
        var who: String
        var when: String
        var reason: String
        var hasReason: Bool
        var isCurrent: Bool
        var changesHref: String?
        var canRestore: Bool
    }
    struct View {
        var title: String
        var resourceHref: String
        var lines: [Line]
        var restoreAction: String
        var current: Int
    }

    static func render(_ scope: ResourceScope, versions: [ResourceVersion], deps: LibraryDependencies,
                       context: AppContext) throws -> Response {
        let r = scope.resource
        let canRestore = scope.check(.steer).isAllowed
        let view = View(
            title: r.title, resourceHref: Site.library.show(r.id),
            lines: versions.map { v in
                Line(number: v.number, who: v.editorName ?? say("A former member"), when: Dates.time(v.at), reason: v.reason,
                     hasReason: !v.reason.isEmpty, isCurrent: v.number == r.version,
                     changesHref: v.number > 1 ? Site.library.changes(r.id, query: [("from", String(v.number - 1)), ("to", String(v.number))]) : nil,
                     canRestore: canRestore && v.number != r.version)
            },
            restoreAction: Site.library.restore(r.id), current: r.version)
        return try deps.renderer.page("library/history", view, context: context, title: say("History of “\("title", r.title)”"),
                                      community: scope.community, crumbs: trail(scope))
    }

    struct DiffLine { var kind: String; var sign: String; var text: String; var label: String }
    struct ChangesView {
        var title: String
        var heading: String
        var summary: String
        var titleChanged: Bool
        var oldTitle: String
        var newTitle: String
        var lines: [DiffLine]
        var historyHref: String
    }

    static func renderChanges(_ scope: ResourceScope, from old: ResourceVersion, to new: ResourceVersion,
                              deps: LibraryDependencies, context: AppContext) throws -> Response {
        let changes = LineDiff.lines(from: old.body, to: new.body)
        let (added, removed) = LineDiff.counts(changes)
        let view = ChangesView(
            title: scope.resource.title,
            heading: say("From version \("from", old.number) to version \("to", new.number)"),
            summary: say("\("added", say(.plural("{count} line added", "{count} lines added", count: added))), \("removed", say(.plural("{count} line removed", "{count} lines removed", count: removed)))"),
            titleChanged: old.title != new.title, oldTitle: old.title, newTitle: new.title,
            lines: changes.map { change in
                switch change {
                case .same(let text): DiffLine(kind: "same", sign: " ", text: text, label: "")
                case .added(let text): DiffLine(kind: "added", sign: "+", text: text, label: say("Added:"))
                case .removed(let text): DiffLine(kind: "removed", sign: "−", text: text, label: say("Removed:"))
                }
            },
            historyHref: Site.library.history(scope.resource.id))
        return try deps.renderer.page("library/changes", view, context: context, title: say("Changes to “\("title", scope.resource.title)”"),
                                      community: scope.community, crumbs: trail(scope))
    }

    private static func trail(_ scope: ResourceScope) -> [Crumb] {
        crumbs(scope.community) + [Crumb(title: "Library", href: Site.library.index(scope.community.slug)),
                                   Crumb(title: scope.resource.title, href: Site.library.show(scope.resource.id))]
    }
}
