import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// Every route × every kind of visitor: what each may and may not do.
struct AuthorisationMatrixTests {
    enum Who: String, CaseIterable, Sendable {
        case anonymous, outsider, member, author, facilitator, steward, admin
    }

    enum Outcome: Sendable, Equatable {
        /// 200, or 303 somewhere other than the sign-in page.
        case ok
        case signIn
        case forbidden
        case notFound
        case invalid
    }

    struct Route: Sendable, CustomTestStringConvertible {
        var method: String
        var path: String
        var form: [String: String] = [:]
        var expect: [Who: Outcome]
        /// An API route: called with the visitor's write token (none when anonymous) and this JSON body.
        var json: String?
        /// A form with a file (a small PNG in the field `file`), sent as `multipart/form-data`.
        var upload = false
        var api: Bool { path.hasPrefix("/api/") }
        var testDescription: String { "\(method) \(path)" }
    }

    @Test(arguments: routes)
    func route(_ route: Route) async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            try await VotingSettingsRepository(world.db).save(VotingSettings(supports: true, dots: true, pairwise: true),
                                                              challengeID: f.challenge.id, communityID: f.community.id)
            let privateOffering = route.path.contains("offering") ? try await f.privateOffering(world.db) : 0
            for who in Who.allCases {
                // setup: a fresh idea (by the author) and comment for each visitor, so earlier cells change nothing
                let idea = try await f.idea(world.db, by: f.memberIDs[0], title: "Idea for \(who)")
                let other = try await f.idea(world.db, by: f.memberIDs[1], title: "Other for \(who)")
                let comment = try await CommentRepository(world.db).add(
                    ideaID: idea, communityID: f.community.id, authorID: f.memberIDs[1], draft: CommentDraft(body: "Hello"))
                let id: Int64? = switch who {
                case .anonymous: nil
                case .outsider: f.outsiderID
                case .member: f.memberIDs[1]
                case .author: f.memberIDs[0]
                case .facilitator: f.facilitatorID
                case .steward: f.stewardID
                case .admin: f.adminID
                }
                // Workshops: a scheduled one (with a pending activity), a draft, and a running one with a brainstorm
                // under way and members 1 and 2 seated; only for the routes that use them.
                var (workshop, draftWorkshop, running, pending, activity) = (Int64(0), Int64(0), Int64(0), Int64(0), Int64(0))
                if route.path.contains("workshop") || route.form.values.contains(where: { $0.contains("{workshop}") }) {
                    workshop = try await f.workshop(world.db, title: "Workshop for \(who)")
                    draftWorkshop = try await f.workshop(world.db, title: "Draft for \(who)", state: WorkshopState.draft)
                    running = try await f.workshop(world.db, title: "Running for \(who)", state: WorkshopState.running)
                    try await RegistrationRepository(world.db).register(workshopID: running, memberID: f.memberIDs[2])
                    try await RegistrationRepository(world.db).register(workshopID: running, memberID: f.memberIDs[1])
                    let agenda = AgendaRepository(world.db)
                    try await agenda.add(ActivityDraft(kind: .brainstorm, title: "Ideas", prompt: "", minutes: 10),
                                         workshopID: running, actorID: f.facilitatorID)
                    try await agenda.advance(workshopID: running, actorID: f.facilitatorID)
                    try await agenda.add(ActivityDraft(kind: .clustering, title: "Group", prompt: "", minutes: 10),
                                         workshopID: running, actorID: f.facilitatorID)
                    try await agenda.add(ActivityDraft(kind: .framing, title: "Frame", prompt: "How might we?", minutes: 5),
                                         workshopID: workshop, actorID: f.facilitatorID)
                    pending = try await agenda.list(workshopID: running).last!.id
                    activity = try await agenda.list(workshopID: workshop).last!.id
                }
                // Offerings, with a canvas, two steps, a KPI and a milestone: only for the routes that use them.
                var (selected, offering, entry, reliever, kpi, milestone, notification) = (Int64(0), Int64(0), Int64(0), Int64(0),
                                                                                           Int64(0), Int64(0), Int64(0))
                var steps: [Int64] = [0, 0]
                var update: Int64 = 0
                if route.path.contains("offering") || route.path.contains("notification") {
                    selected = try await f.selectedIdea(world.db, by: f.memberIDs[0], title: "Selected for \(who)")
                    offering = try await f.offering(world.db, name: "Offering for \(who)")
                    let canvas = CanvasRepository(world.db)
                    entry = try await canvas.add(CanvasEntryDraft(section: .pains, body: "On hold"), offeringID: offering)
                    _ = try await canvas.add(CanvasEntryDraft(section: .pains, body: "Forms twice"), offeringID: offering)
                    reliever = try await canvas.add(CanvasEntryDraft(section: .relievers, body: "Callback"), offeringID: offering)
                    if route.path.hasSuffix("fits/delete") { try await canvas.link(from: reliever, to: entry, offeringID: offering) }
                    let blueprints = BlueprintRepository(world.db)
                    for (lane, body) in [(BlueprintLane.customer, "Calls"), (.customer, "Waits")] {
                        try await blueprints.edit(offeringID: offering) {
                            try $0.adding(BlueprintStepDraft(lane: lane, body: body), id: BlueprintRepository.newStep, at: .end)
                        }
                    }
                    let ids = try await blueprints.blueprint(offeringID: offering).steps.map(\.id)
                    steps = ids
                    if route.path.hasSuffix("arrows/delete") {
                        try await blueprints.edit(offeringID: offering) { try $0.adding(BlueprintArrow(from: ids[0], to: ids[1])) }
                    }
                    kpi = try await KpiRepository(world.db).add(KpiDraft(name: "Days", unit: "days", direction: .lower, baseline: 9,
                                                                         target: 2), offeringID: offering)
                    milestone = try await ProgressRepository(world.db).addMilestone(
                        MilestoneDraft(title: "Pilot", due: Day.parse("2027-01-10")!), offeringID: offering)
                    notification = try await NotificationRepository(world.db).list(memberID: f.memberIDs[0]).first?.id ?? 0
                    update = try await ProgressRepository(world.db).post(ProgressDraft(note: "First ten customers live.", percent: 20),
                                                                         offeringID: offering, actorID: f.memberIDs[0])
                }
                let values: [(String, String)] = [
                    ("{challenge}", String(f.challenge.id)), ("{idea}", String(idea)), ("{other}", String(other)),
                    ("{comment}", String(comment)), ("{member}", String(f.memberIDs[2])),
                    ("{org}", String(f.organisationIDs[0])), ("{n}", who.rawValue), ("{workshop}", String(workshop)),
                    ("{draft}", String(draftWorkshop)), ("{running}", String(running)),
                    ("{facilitator}", String(f.facilitatorID)), ("{pending}", String(pending)),
                    ("{activity}", String(activity)), ("{selected}", String(selected)), ("{offering}", String(offering)),
                    ("{entry}", String(entry)), ("{reliever}", String(reliever)), ("{step2}", String(steps[1])),
                    ("{step}", String(steps[0])), ("{kpi}", String(kpi)), ("{milestone}", String(milestone)),
                    ("{notification}", String(notification)), ("{private}", String(privateOffering)), ("{update}", String(update)),
                ]
                let fill = { (text: String) -> String in
                    values.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
                }
                if route.path.contains("restore") && !route.path.contains("discussions") && !route.path.hasPrefix("/replies")
                    && !route.path.contains("resources") {
                    if route.path.hasPrefix("/comments") {
                        try await CommentRepository(world.db).setHidden(commentID: comment, reason: "x", actorID: f.stewardID)
                    } else {
                        try await IdeaRepository(world.db).setHidden(ideaID: idea, reason: "x", actorID: f.stewardID)
                    }
                }
                if route.path.hasSuffix("registration/cancel"), let id {
                    try await RegistrationRepository(world.db).register(workshopID: workshop, memberID: id)
                }
                if route.path.hasSuffix("unsupport"), let id {
                    try await SupportRepository(world.db).support(ideaID: idea, memberID: id, rules: f.supportRules)
                }
                let apiToken = id != nil && (route.api || route.path.contains("tokens/"))
                    ? try await ApiTokenRepository(world.db).create(memberID: route.api ? id! : f.memberIDs[0], name: "matrix", canWrite: true)
                    : nil
                var imported: Int64 = 0
                var invitation = ""
                if route.path.contains("imported") || route.path.contains("invitation") {
                    imported = try await MemberRepository(world.db).create(
                        name: "Imported \(who)", email: "imported-\(who)@members.invalid",
                        passwordHash: InvitationRepository.importedPassword, organisationID: f.organisationIDs[0])
                    try await CommunityRepository(world.db).join(communityID: f.community.id, memberID: imported, status: .active)
                    invitation = try await InvitationRepository(world.db).create(memberID: imported, email: "inv-\(who)@example.org",
                                                                                 invitedBy: nil)
                }
                // The library: a fresh resource for each visitor (an edit moves it to version 2), and one in the
                // private community.
                var (resource, privateResource) = (Int64(0), Int64(0))
                if route.path.contains("resources") || route.path.contains("library") || route.path.contains("attachments") {
                    resource = try await f.resource(world.db, title: "Checklist for \(who)")
                    privateResource = try await f.privateResource(world.db)
                }
                // Links to the work: the fresh resource linked to the fresh idea by the author (member 0).
                var link: Int64 = 0
                if route.path.contains("/links/") {
                    let links = WorkLinkRepository(world.db)
                    try await links.link(resourceID: resource, communityID: f.community.id, to: WorkReference(.idea, idea),
                                         actorID: f.memberIDs[0])
                    link = try await links.links(resourceID: resource).first?.id ?? 0
                }
                // Attachments: one on the fresh resource by the author (member 0), one in the private community.
                var (attachment, privateAttachment) = (Int64(0), Int64(0))
                if route.path.hasPrefix("/attachments") {
                    attachment = try await f.attachment(world.db, resourceID: resource, by: f.memberIDs[0])
                    privateAttachment = try await f.attachment(world.db, resourceID: privateResource, by: f.stewardID)
                }
                // Discussions: a fresh question by the author (member 0) with a reply by member 1, and one in the
                // private community.
                var (discussion, reply, privateDiscussion) = (Int64(0), Int64(0), Int64(0))
                if route.path.contains("discussions") || route.path.contains("replies") {
                    (discussion, reply) = try await f.question(world.db, title: "Question for \(who)")
                    privateDiscussion = try await f.privateDiscussion(world.db)
                    if route.path.hasSuffix("restore") {
                        if route.path.hasPrefix("/replies") {
                            try await DiscussionRepository(world.db).setReplyHidden(replyID: reply, reason: "x", actorID: f.stewardID)
                        } else {
                            try await DiscussionRepository(world.db).setHidden(discussionID: discussion, reason: "x", actorID: f.stewardID)
                        }
                    }
                }
                let unsubscribe = route.path.contains("unsubscribe")
                    ? try await UnsubscribeLink.load(world.db).token(memberID: f.memberIDs[0]) : ""
                let values2 = values + [("{token}", String(apiToken?.id ?? 0)), ("{imported}", String(imported)),
                                        ("{invitation}", invitation), ("{unsubscribe}", unsubscribe),
                                        ("{privateResource}", String(privateResource)), ("{resource}", String(resource)),
                                        ("{privateDiscussion}", String(privateDiscussion)), ("{discussion}", String(discussion)),
                                        ("{reply}", String(reply)), ("{privateAttachment}", String(privateAttachment)),
                                        ("{attachment}", String(attachment)), ("{link}", String(link))]
                let path = values2.reduce(route.path) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
                // act
                let response: TestResponse
                if route.api {
                    var headers: HTTPFields = [:]
                    if let apiToken { headers[.authorization] = "Bearer \(apiToken.token)" }
                    if route.json != nil { headers[.contentType] = "application/json" }
                    response = try await http.execute(uri: path, method: HTTPRequest.Method(route.method)!, headers: headers,
                                                      body: route.json.map { ByteBuffer(string: values2.reduce($0) { $0.replacingOccurrences(of: $1.0, with: $1.1) }) })
                } else {
                    let browser = try await world.browser(id)
                    response = route.method == "GET"
                        ? try await browser.get(http, path)
                        : route.upload ? try await browser.upload(http, path, name: "diagram.png", bytes: SampleFiles.png)
                        : try await browser.post(http, path, Dictionary(uniqueKeysWithValues: route.form.map {
                            (fill($0.key), values2.reduce(fill($0.value)) { $0.replacingOccurrences(of: $1.0, with: $1.1) })
                        }))
                }
                // check
                let got: Outcome = switch response.status {
                case .ok, .created, .noContent: .ok
                case .unauthorized: .signIn
                case .seeOther: response.location.hasPrefix("/signin") ? .signIn : .ok
                case .forbidden: .forbidden
                case .notFound: .notFound
                case .unprocessableContent: .invalid
                default: .invalid
                }
                #expect(got == route.expect[who], "\(route.method) \(route.path) as \(who): \(response.status)")
            }
        }
    }
}
