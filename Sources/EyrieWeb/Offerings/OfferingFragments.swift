import EyrieCore
import Foundation

/// The offering page's large parts, each rendered once per distinct content (and language) and kept: a page of 30
/// canvas entries, 200 blueprint steps and 20 KPIs of 100 measurements spent most of its time drawing and listing
/// them again on every view. Each is keyed by the data it is drawn from, so a changed entry, step or measurement is a
/// new fragment, never stale HTML; their words and drawings are worked out only when one is rendered.
extension OfferingPage {
    /// The value proposition: the drawing and its entries listed by section.
    struct CanvasView: TemplateFragment {
        static let template = "offerings/offering-canvas"
        var canvas: Canvas
        var title: String

        var templateFields: [String: Any] {
            var fields: [String: Any] = [
                "svg": OfferingDrawings.canvas(canvas, title: title),
                "customer": OfferingPage.sections(CanvasSection.customer, canvas).map(\.templateFields),
                "offering": OfferingPage.sections(CanvasSection.offering, canvas).map(\.templateFields),
            ]
            if !canvas.unanswered.isEmpty {
                fields["unanswered"] = say("Not answered yet: \("entries", canvas.unanswered.map { "“\($0.body)”" }.joined(separator: ", ")).")
            }
            return fields
        }
    }

    /// The service blueprint: the drawing and its steps as a list, column by column.
    struct BlueprintView: TemplateFragment {
        static let template = "offerings/offering-blueprint"
        var blueprint: Blueprint
        var title: String

        var templateFields: [String: Any] {
            ["svg": OfferingDrawings.framed(OfferingDrawings.blueprint(blueprint, title: title)),
             "columns": OfferingPage.columns(blueprint).map { column in
                 ["number": column.number, "title": column.title, "steps": column.steps.map { step in
                     var fields: [String: Any] = ["lane": step.lane, "body": step.body]
                     if let marks = step.marks { fields["marks"] = marks }
                     return fields
                 }] as [String: Any]
             }]
        }
    }

    /// The KPIs' table with their latest values and trends. A lead's "Remove" buttons submit forms kept outside the
    /// table (`form="kpi-remove-<id>"`), so the table holds no one's CSRF token and is the same for every lead.
    struct KpiTable: TemplateFragment {
        static let template = "offerings/kpi-table"
        var kpis: [Kpi]
        var offeringID: Int64
        var name: String
        var canEdit: Bool

        var templateFields: [String: Any] {
            ["name": name, "canEdit": canEdit, "kpis": kpis.map { KpiRow($0, offeringID: offeringID).templateFields }]
        }
    }

    /// The form a KPI's "Remove" button submits.
    struct KpiRemoval {
        var id: Int64
        var action: String
    }
}

extension OfferingPage.KpiRemoval: TemplateFields {
    var templateFields: [String: Any] { ["id": id, "action": action] }
}
