import Foundation

/// The offering page's models list their fields for templates (checked against reflection on every page the debug tests render):
/// reflecting the page and its rows took a tenth of its server time.
extension OfferingPage: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = [
            "id": id, "links": links, "name": name, "promise": promise, "segment": segment, "state": state,
            "stateLabel": stateLabel, "owner": owner, "organisation": organisation, "progress": progress,
            "showsProgress": showsProgress, "progressText": progressText, "progressShown": progressShown, "since": since,
            "canEdit": canEdit, "moves": moves, "hasMoves": hasMoves, "canvasHTML": canvasHTML,
            "canvasEmpty": canvasEmpty, "blueprintHTML": blueprintHTML, "blueprintEmpty": blueprintEmpty,
            "blueprintSummary": blueprintSummary, "kpiTableHTML": kpiTableHTML, "kpiRemovals": kpiRemovals, "hasKpis": hasKpis,
            "kpiForm": kpiForm, "kpiLower": kpiLower, "kpiOpen": kpiOpen, "updates": updates, "hasUpdates": hasUpdates,
            "canKeepUpdates": canKeepUpdates, "linkedResources": linkedResources, "updateForm": updateForm,
            "milestones": milestones, "hasMilestones": hasMilestones, "milestoneForm": milestoneForm,
            "milestoneOpen": milestoneOpen, "kpiOptions": kpiOptions, "measureForm": measureForm,
            "lineageHTML": lineageHTML, "history": history,
        ]
        fields.keep("ownerID", ownerID)
        fields.keep("ownerHref", ownerHref)
        fields.keep("partners", partners)
        return fields
    }
}

extension OfferingPage.MoveForm: TemplateFields {
    var templateFields: [String: Any] { ["value": value, "label": label, "form": form, "open": open] }
}

extension OfferingPage.Section: TemplateFields {
    var templateFields: [String: Any] {
        ["label": label, "hint": hint, "entries": entries.map(\.templateFields), "hasEntries": hasEntries]
    }
}

extension OfferingPage.Entry: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["body": body]
        fields.keep("answers", answers)
        return fields
    }
}

extension OfferingPage.UpdateLine: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["note": note, "percent": percent, "who": who, "when": when, "keepAction": keepAction]
        fields.keep("keptHref", keptHref)
        return fields
    }
}

extension OfferingPage.MilestoneLine: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["id": id, "doneAction": doneAction, "title": title, "due": due, "done": done,
                                     "late": late]
        fields.keep("doneWhen", doneWhen)
        return fields
    }
}

extension OfferingPage.EventLine: TemplateFields {
    var templateFields: [String: Any] {
        var fields: [String: Any] = ["when": when, "text": text]
        fields.keep("reason", reason)
        return fields
    }
}

extension OfferingLinks: TemplateFields {
    var templateFields: [String: Any] {
        ["show": show, "edit": edit, "state": state, "canvas": canvas, "canvasEntries": canvasEntries, "fits": fits,
         "deleteFit": deleteFit, "blueprint": blueprint, "blueprintCSV": blueprintCSV, "blueprintSVG": blueprintSVG,
         "steps": steps, "arrows": arrows, "deleteArrow": deleteArrow, "seedBlueprint": seedBlueprint, "stages": stages,
         "kpis": kpis, "measurements": measurements, "milestones": milestones, "updates": updates]
    }
}
