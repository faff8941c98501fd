import Foundation

/// An offering's details as typed on its form: what it is, for whom, and who carries it.
public struct OfferingDetails: Sendable, Equatable {
    public var name: String
    public var promise: String
    public var segment: String
    public var ownerID: Int64
    public var organisationID: Int64
    public var partnerIDs: [Int64]

    public init(name: String, promise: String, segment: String, ownerID: Int64, organisationID: Int64,
                partnerIDs: [Int64]) {
        self.name = name; self.promise = promise; self.segment = segment; self.ownerID = ownerID
        self.organisationID = organisationID; self.partnerIDs = partnerIDs
    }

    /// Checks the raw form values, appending every problem to `errors`. Partners come as checkboxes named
    /// `partner-<id>`; the owning organisation is never also a partner.
    static func check(_ form: [String: String], into errors: inout [FieldError]) -> OfferingDetails {
        let name = TextRule("name", "Name", min: 3, max: 120).check(form["name"], into: &errors)
        let promise = TextRule("promise", "Promise", min: 10, max: 200).check(form["promise"], into: &errors)
        let segment = TextRule("segment", "Target segment", min: 3, max: 200).check(form["segment"], into: &errors)
        let owner = Int64(form["owner"] ?? "") ?? 0
        if owner <= 0 { errors.append(.init("owner", "Choose the member who owns the offering")) }
        let organisation = Int64(form["organisation"] ?? "") ?? 0
        if organisation <= 0 { errors.append(.init("organisation", "Choose the organisation that runs the service")) }
        let partners = FormList.ids(form, prefix: "partner-").filter { $0 != organisation }
        if partners.count > 20 { errors.append(.init("partners", "Choose at most 20 partner organisations")) }
        return OfferingDetails(name: name, promise: promise, segment: segment, ownerID: owner, organisationID: organisation,
                               partnerIDs: partners)
    }

    public static func validate(_ form: [String: String]) throws -> OfferingDetails {
        var errors: [FieldError] = []
        let details = check(form, into: &errors)
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return details
    }
}

/// A new offering: its details and what it comes from (selected ideas, which become `converted`, and closed
/// workshops whose outputs it carries on).
public struct OfferingDraft: Sendable, Equatable {
    public var details: OfferingDetails
    public var ideaIDs: [Int64]
    public var workshopIDs: [Int64]

    public init(details: OfferingDetails, ideaIDs: [Int64], workshopIDs: [Int64]) {
        self.details = details; self.ideaIDs = ideaIDs; self.workshopIDs = workshopIDs
    }

    /// The most ideas one offering converts at once.
    public static let maxIdeas = 100

    /// Checks the raw form values; ideas and workshops come as checkboxes named `idea-<id>` and `workshop-<id>`.
    public static func validate(_ form: [String: String]) throws -> OfferingDraft {
        var errors: [FieldError] = []
        let details = OfferingDetails.check(form, into: &errors)
        let ideas = FormList.ids(form, prefix: "idea-")
        let workshops = FormList.ids(form, prefix: "workshop-")
        if ideas.isEmpty && workshops.isEmpty {
            errors.append(.init("ideas", "Choose at least one selected idea or one closed workshop it comes from"))
        } else if ideas.count > maxIdeas {
            errors.append(.init("ideas", "Choose at most \("maxIdeas", maxIdeas) ideas"))
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return OfferingDraft(details: details, ideaIDs: ideas, workshopIDs: workshops)
    }
}

/// A reason typed for a move (required, one line).
public enum MoveReason {
    public static func validate(_ raw: String?) throws -> String {
        var errors: [FieldError] = []
        let reason = TextRule("reason", "Reason", min: 3, max: 500, multiline: true).check(raw, into: &errors)
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return reason
    }
}
