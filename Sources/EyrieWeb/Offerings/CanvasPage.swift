import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// The view model of `offerings/canvas`: the drawing, each section's entries with their forms, and the fit.
struct CanvasPage {
    struct SectionView {
        var section: String
        var label: String
        var hint: String
        var entries: [EntryView]
        var hasEntries: Bool
        var form: FormState
    }
    struct EntryView {
        var id: Int64
        /// Where its forms post: edit, move, delete.
        var editAction: String
        var moveAction: String
        var deleteAction: String
        var body: String; var first: Bool; var last: Bool; var form: FormState; var answers: String? }
    struct FitView { var from: Int64; var to: Int64; var label: String }

    var id: Int64
    var links: OfferingLinks
    var name: String
    var svg: String
    var sections: [SectionView]
    var fits: [FitView]
    var hasFits: Bool
    var answerers: [Option]
    var answerable: [Option]
    var canLink: Bool
    var fitForm: FormState
    /// Owners and stewards edit; anyone who may see the offering reads the canvas.
    var canEdit: Bool

    static func render(_ scope: OfferingScope, deps: OfferingsDependencies, context: AppContext, form: FormState? = nil,
                       formName: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let o = scope.offering
        let canvas = try await deps.canvases.canvas(offeringID: o.id)
        func formFor(_ name: String) -> FormState { formName == name ? form ?? FormState() : FormState() }
        let fitForm = formFor("fit")
        let view = CanvasPage(
            id: o.id, links: OfferingLinks(id: o.id), name: o.name, svg: OfferingDrawings.canvas(canvas, title: o.name),
            sections: CanvasSection.allCases.map { section in
                let entries = canvas.entries(in: section)
                return SectionView(
                    section: section.rawValue, label: section.said, hint: say(Phrase(section.hint)),
                    entries: entries.enumerated().map { i, entry in
                        let answers = canvas.linked(to: entry.id).map(\.body)
                        return EntryView(id: entry.id, editAction: Site.offerings.canvasEntry(o.id, entry.id),
                                         moveAction: Site.offerings.moveCanvasEntry(o.id, entry.id),
                                         deleteAction: Site.offerings.deleteCanvasEntry(o.id, entry.id), body: entry.body, first: i == 0, last: i == entries.count - 1,
                                         form: formFor("entry-\(entry.id)").defaulting(["body": entry.body]),
                                         answers: answers.isEmpty ? nil : Self.answers(answers, customer: section.isCustomer))
                    },
                    hasEntries: !entries.isEmpty, form: formFor("add-\(section.rawValue)"))
            },
            fits: canvas.fits.compactMap { fit in
                guard let from = canvas.entry(fit.from), let to = canvas.entry(fit.to) else { return nil }
                return FitView(from: fit.from, to: fit.to, label: say("“\("from", from.body)” answers “\("to", to.body)”"))
            },
            hasFits: !canvas.fits.isEmpty,
            answerers: canvas.entries.filter { $0.section.answers != nil }.map {
                Option(value: String($0.id), label: "\($0.section.said): \($0.body)", selected: fitForm.values["from"] == String($0.id))
            },
            answerable: canvas.entries.filter { $0.section == .pains || $0.section == .gains }.map {
                Option(value: String($0.id), label: "\($0.section.said): \($0.body)", selected: fitForm.values["to"] == String($0.id))
            },
            canLink: scope.check(.edit).isAllowed && canvas.entries.contains { $0.section.answers != nil }
                && canvas.entries.contains { $0.section == .pains || $0.section == .gains },
            fitForm: fitForm, canEdit: scope.check(.edit).isAllowed)
        var crumbs = crumbs(scope.community)
        crumbs.append(Crumb(title: o.name, href: Site.offerings.show(o.id)))
        return try deps.renderer.page("offerings/canvas", view, context: context, title: say("Canvas of \("offering", o.name)"),
                                          status: status, community: scope.community, crumbs: crumbs, errors: form?.list ?? [])
    }

    /// "Answered by: …" under a customer's entry, "Answers: …" under the offering's.
    static func answers(_ answers: [String], customer: Bool) -> String {
        let list = answers.joined(separator: "; ")
        return customer ? say("Answered by: \("answers", list)") : say("Answers: \("answers", list)")
    }
}
