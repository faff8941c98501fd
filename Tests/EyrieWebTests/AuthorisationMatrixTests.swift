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
        var api: Bool { path.hasPrefix("/api/") }
        var testDescription: String { "\(method) \(path)" }
    }

    /// Placeholders: {challenge}, {idea} (by the author, fresh for each cell), {comment} (on that idea), {member},
    /// {workshop}, {draft} and {running} (fresh workshops for each cell), {facilitator}, {activity} (pending, in
    /// {workshop}) and {pending} (in {running}).
    static let routes: [Route] = {
        let all = Who.allCases
        func table(_ ok: Set<Who>, otherwise: Outcome = .forbidden) -> [Who: Outcome] {
            Dictionary(uniqueKeysWithValues: all.map { ($0, $0 == .anonymous ? .signIn : ok.contains($0) ? .ok : otherwise) })
        }
        let members: Set<Who> = [.member, .author, .facilitator, .steward, .admin]
        let stewards: Set<Who> = [.steward, .admin]
        let leads: Set<Who> = [.facilitator, .steward, .admin]
        let workshopForm = ["title": "Service design day", "purpose": "Draw the blueprint of the first week.",
                            "date": "2027-01-12", "startTime": "09:30", "endTime": "12:00", "timeZone": "Europe/Paris",
                            "place": "Room 2", "capacity": "8", "facilitator-{facilitator}": "on"]
        let challengeForm = ["title": "Another challenge", "problem": "A problem worth solving, described.",
                             "question": "How might we try this?", "sponsor": "{org}", "opensAt": "2026-01-01",
                             "votingAt": "2026-02-01", "reviewAt": "2026-03-01", "closesAt": "2026-04-01"]
        let owners: Set<Who> = [.author, .facilitator, .steward, .admin]
        let offeringForm = ["name": "Onboarding desk", "promise": "Working in two days, with one person to call.",
                            "segment": "New small-business customers", "owner": "{member}", "organisation": "{org}"]
        let stepForm = ["lane": "frontstage", "body": "Greets the customer", "place": "end"]
        var join = table(Set(all))
        for who in members where who != .admin { join[who] = .invalid }
        return [
            Route(method: "GET", path: "/members/{member}", expect: table(Set(all))),
            Route(method: "GET", path: "/challenges/{challenge}", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "GET", path: "/ideas/{idea}", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "GET", path: "/communities/open-guild/challenges/new", expect: table(stewards)),
            Route(method: "GET", path: "/challenges/{challenge}/ideas/new", expect: table(members)),
            Route(method: "GET", path: "/ideas/{idea}/edit", expect: table([.author])),
            Route(method: "POST", path: "/organisations", form: ["name": "Org {n}"], expect: table([.admin])),
            Route(method: "POST", path: "/communities", form: ["name": "Community {n}", "domain": "A domain statement here.",
                                                               "visibility": "open"], expect: table([.admin])),
            Route(method: "POST", path: "/communities/open-guild/challenges", form: challengeForm, expect: table(stewards)),
            Route(method: "POST", path: "/challenges/{challenge}/phase", form: ["phase": "auto"], expect: table(stewards)),
            Route(method: "POST", path: "/communities/open-guild/members/{member}/role", form: ["role": "facilitator"],
                  expect: table(stewards)),
            Route(method: "POST", path: "/communities/open-guild/join", expect: join),
            Route(method: "POST", path: "/challenges/{challenge}/ideas", form: validIdea.merging(["key": "{n}"]) { $1 },
                  expect: table(members)),
            Route(method: "POST", path: "/ideas/{idea}/edit", form: validIdea, expect: table([.author])),
            Route(method: "POST", path: "/ideas/{idea}/withdraw", expect: table([.author])),
            Route(method: "POST", path: "/ideas/{idea}/shortlist", expect: table(stewards)),
            Route(method: "POST", path: "/ideas/{idea}/decline", form: ["reason": "Out of scope"], expect: table(stewards)),
            Route(method: "POST", path: "/ideas/{idea}/merge", form: ["target": "{other}"], expect: table(stewards)),
            Route(method: "POST", path: "/ideas/{idea}/hide", form: ["reason": "Spam"], expect: table(stewards)),
            // A hidden idea does not exist for anyone but its authors and the stewards.
            Route(method: "POST", path: "/ideas/{idea}/restore",
                  expect: table(stewards, otherwise: .notFound).merging([.author: .forbidden, .anonymous: .notFound]) { $1 }),
            Route(method: "POST", path: "/ideas/{idea}/support", expect: table(members)),
            Route(method: "POST", path: "/ideas/{idea}/unsupport", expect: table(members)),
            Route(method: "POST", path: "/ideas/{idea}/comments", form: ["body": "A comment"], expect: table(members)),
            Route(method: "POST", path: "/comments/{comment}/hide", form: ["reason": "Rude"],
                  expect: table([.facilitator, .steward, .admin])),
            Route(method: "POST", path: "/comments/{comment}/restore", expect: table([.facilitator, .steward, .admin])),
            Route(method: "GET", path: "/challenges/{challenge}/settings", expect: table(stewards)),
            Route(method: "POST", path: "/challenges/{challenge}/settings", form: ["supports": "on", "dots": "on",
                  "dotsPerMember": "5", "maxDotsPerIdea": "2"], expect: table(stewards)),
            Route(method: "POST", path: "/ideas/{idea}/dots/add", expect: table(members)),
            Route(method: "POST", path: "/ideas/{idea}/dots/remove", expect: table(members)),
            Route(method: "POST", path: "/communities/open-guild/members/{member}/sponsor", form: ["sponsor": "on"],
                  expect: table(stewards)),
            Route(method: "GET", path: "/challenges/{challenge}/pairwise", expect: table(members)),
            Route(method: "POST", path: "/challenges/{challenge}/pairwise/ideas",
                  form: ["title": "Survey idea", "summary": "Added during the survey"], expect: table(members)),
            Route(method: "GET", path: "/challenges/{challenge}/results", expect: table(stewards)),
            Route(method: "POST", path: "/challenges/{challenge}/results/publish", form: ["published": "on"],
                  expect: table(stewards)),
            Route(method: "GET", path: "/challenges/{challenge}/reviews", expect: table(stewards)),
            Route(method: "POST", path: "/challenges/{challenge}/reviewers", form: ["email": "member-0@test.example"],
                  expect: table(stewards)),
            // Nobody here is an assigned reviewer.
            Route(method: "GET", path: "/ideas/{idea}/scorecard", expect: table([])),
            Route(method: "POST", path: "/ideas/{idea}/scorecard", form: ["score1": "3", "score2": "3", "score3": "3"],
                  expect: table([])),
            // The idea is not waiting for approval: stewards get 422, everyone else may never approve.
            Route(method: "POST", path: "/ideas/{idea}/approve", expect: table([]).merging([.steward: .invalid, .admin: .invalid]) { $1 }),
            // Workshops: {workshop} is scheduled and led by the facilitator; {running} is under way, member 2 seated.
            Route(method: "GET", path: "/communities/open-guild/workshops/new", expect: table(leads)),
            Route(method: "POST", path: "/communities/open-guild/workshops", form: workshopForm, expect: table(leads)),
            Route(method: "GET", path: "/workshops/{workshop}", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "GET", path: "/workshops/{workshop}/calendar.ics",
                  expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            // A draft does not exist for anyone but its facilitators and the stewards.
            Route(method: "GET", path: "/workshops/{draft}",
                  expect: table(leads, otherwise: .notFound).merging([.anonymous: .notFound]) { $1 }),
            Route(method: "GET", path: "/workshops/{workshop}/edit", expect: table(leads)),
            Route(method: "POST", path: "/workshops/{workshop}", form: workshopForm, expect: table(leads)),
            Route(method: "POST", path: "/workshops/{workshop}/state", form: ["move": "start"], expect: table(leads)),
            Route(method: "POST", path: "/workshops/{workshop}/registration", expect: table(members)),
            Route(method: "POST", path: "/workshops/{workshop}/registration/cancel", expect: table(members)),
            Route(method: "POST", path: "/workshops/{running}/attendance", form: ["member": "{member}", "attended": "yes"],
                  expect: table(leads)),
            // The agenda and the live board. In {running} a brainstorm runs; the member (not the author) has a seat.
            Route(method: "GET", path: "/workshops/{workshop}/agenda/new", expect: table(leads)),
            Route(method: "POST", path: "/workshops/{workshop}/agenda", form: ["kind": "brainstorm", "minutes": "10"],
                  expect: table(leads)),
            Route(method: "POST", path: "/workshops/{workshop}/agenda/{activity}/move", form: ["direction": "down"],
                  expect: table(leads)),
            Route(method: "POST", path: "/workshops/{workshop}/agenda/{activity}/delete", expect: table(leads)),
            Route(method: "POST", path: "/workshops/{running}/agenda/{pending}/clock", form: ["command": "start"],
                  expect: table(leads)),
            Route(method: "POST", path: "/workshops/{running}/agenda/next", expect: table(leads)),
            Route(method: "GET", path: "/workshops/{running}/board", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "POST", path: "/workshops/{running}/board", form: ["op": "add", "body": "A sticky note"],
                  expect: table(leads.union([.member]))),
            Route(method: "GET", path: "/workshops/{workshop}/summary.md",
                  expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            // Outputs wait for the workshop to close: leads get 422 while it runs, everyone else may never.
            Route(method: "POST", path: "/workshops/{running}/outputs/idea",
                  form: ["source": "note-1", "title": "From the board", "summary": "Made from a sticky note"],
                  expect: table([]).merging([.facilitator: .invalid, .steward: .invalid, .admin: .invalid]) { $1 }),
            Route(method: "POST", path: "/workshops/{running}/outputs/comment", form: ["source": "note-1", "idea": "1"],
                  expect: table([]).merging([.facilitator: .invalid, .steward: .invalid, .admin: .invalid]) { $1 }),
            Route(method: "GET", path: "/workshops/{running}/board/live",
                  expect: table([]).merging([.anonymous: .forbidden]) { $1 }),
            // The challenge is open: stewards may not move ideas into design yet (422), everyone else may never.
            Route(method: "POST", path: "/ideas/{idea}/advance", expect: table([]).merging([.steward: .invalid, .admin: .invalid]) { $1 }),
            // Offerings: {offering} is owned by the author (member 0); {selected} is a selected idea to make one from.
            Route(method: "GET", path: "/communities/open-guild/offerings", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "GET", path: "/communities/open-guild/offerings/new", expect: table(leads)),
            Route(method: "POST", path: "/communities/open-guild/offerings", form: offeringForm.merging(["idea-{selected}": "on"]) { $1 },
                  expect: table(leads)),
            Route(method: "GET", path: "/offerings/{offering}", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "GET", path: "/offerings/{offering}/blueprint.svg", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "GET", path: "/offerings/{offering}/blueprint.csv", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "GET", path: "/offerings/{offering}/edit", expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}", form: offeringForm, expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/state", form: ["move": "pilot", "reason": "First customers"],
                  expect: table(owners)),
            Route(method: "GET", path: "/offerings/{offering}/canvas", expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/canvas/entries", form: ["section": "pains", "body": "Waiting"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/canvas/entries/{entry}", form: ["body": "Waiting on hold"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/canvas/entries/{entry}/move", form: ["direction": "down"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/canvas/entries/{entry}/delete", expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/canvas/fits", form: ["from": "{reliever}", "to": "{entry}"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/canvas/fits/delete", form: ["from": "{reliever}", "to": "{entry}"],
                  expect: table(owners)),
            Route(method: "GET", path: "/offerings/{offering}/blueprint", expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/blueprint/steps", form: stepForm, expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/blueprint/steps/{step}", form: stepForm.merging(["place": "1"]) { $1 },
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/blueprint/steps/{step}/move", form: ["direction": "right"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/blueprint/steps/{step}/delete", expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/blueprint/arrows", form: ["from": "{step}", "to": "{step2}"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/blueprint/arrows/delete", form: ["from": "{step}", "to": "{step2}"],
                  expect: table(owners)),
            // No workshop of this offering drafted steps: its leads get 422 beside the field.
            Route(method: "POST", path: "/offerings/{offering}/blueprint/seed", form: ["workshop": "{workshop}"],
                  expect: table([]).merging([.author: .invalid, .facilitator: .invalid, .steward: .invalid, .admin: .invalid]) { $1 }),
            Route(method: "POST", path: "/offerings/{offering}/kpis", form: ["name": "Days to first use", "direction": "lower",
                  "baseline": "9", "target": "2"], expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/measurements", form: ["kpi": "{kpi}", "day": "2026-11-02", "value": "7"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/kpis/{kpi}/delete", expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/updates", form: ["note": "First ten customers live.", "percent": "20"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/milestones", form: ["title": "Pilot review", "due": "2027-02-01"],
                  expect: table(owners)),
            Route(method: "POST", path: "/offerings/{offering}/milestones/{milestone}/done", form: ["done": "yes"],
                  expect: table(owners)),
            // A private community's offering does not exist for anyone outside it (anonymous visitors are asked to sign in).
            Route(method: "GET", path: "/offerings/{private}", expect: table(stewards, otherwise: .notFound)),
            Route(method: "GET", path: "/offerings/{private}/blueprint.csv", expect: table(stewards, otherwise: .notFound)),
            Route(method: "GET", path: "/communities/closed-lab/offerings", expect: table(stewards, otherwise: .notFound)),
            // Notifications are the member's own: {notification} is the author's (told when their idea became an offering).
            Route(method: "GET", path: "/account/tokens", expect: table(Set(all))),
            // Inviting a member an import made: stewards of their community and admins; the link's page is for anyone.
            Route(method: "POST", path: "/members/{imported}/invite", form: ["email": "new.{n}@example.org"], expect: table(stewards)),
            Route(method: "GET", path: "/invitations/{invitation}", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "POST", path: "/account/tokens", form: ["name": "Report script", "scope": "read"], expect: table(Set(all))),
            Route(method: "POST", path: "/account/tokens/{token}/revoke", expect: table([.author], otherwise: .notFound)),
            // The API: tokens instead of sessions (401 stands for sign-in), the same rules as the pages.
            Route(method: "GET", path: "/api/v1/ideas/{idea}", expect: table(Set(all)).merging([.anonymous: .ok]) { $1 }),
            Route(method: "PUT", path: "/api/v1/ideas/{other}/support", expect: table(members)),
            Route(method: "POST", path: "/api/v1/ideas/{idea}/comments", expect: table(members), json: #"{"body": "Agreed"}"#),
            Route(method: "POST", path: "/api/v1/challenges/{challenge}/ideas", expect: table(members),
                  json: #"{"title": "Ask the customer once", "summary": "One form that every team reads from."}"#),
            Route(method: "GET", path: "/api/v1/challenges/{challenge}/results",
                  expect: table(stewards).merging([.anonymous: .notFound]) { $1 }),
            Route(method: "GET", path: "/api/v1/offerings/{private}", expect: table(stewards, otherwise: .notFound)
                .merging([.anonymous: .notFound]) { $1 }),
            Route(method: "GET", path: "/notifications", expect: table(Set(all))),
            Route(method: "POST", path: "/notifications/read", expect: table(Set(all))),
            Route(method: "POST", path: "/notifications/{notification}/read", expect: table([.author], otherwise: .notFound)),
        ]
    }()

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
                    ("{notification}", String(notification)), ("{private}", String(privateOffering)),
                ]
                let fill = { (text: String) -> String in
                    values.reduce(text) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
                }
                if route.path.contains("restore") {
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
                let values2 = values + [("{token}", String(apiToken?.id ?? 0)), ("{imported}", String(imported)),
                                        ("{invitation}", invitation)]
                let path = values2.reduce(route.path) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
                // act
                let response: TestResponse
                if route.api {
                    var headers: HTTPFields = [:]
                    if let apiToken { headers[.authorization] = "Bearer \(apiToken.token)" }
                    if route.json != nil { headers[.contentType] = "application/json" }
                    response = try await http.execute(uri: path, method: HTTPRequest.Method(route.method)!, headers: headers,
                                                      body: route.json.map { ByteBuffer(string: $0) })
                } else {
                    let browser = try await world.browser(id)
                    response = route.method == "GET"
                        ? try await browser.get(http, path)
                        : try await browser.post(http, path, Dictionary(uniqueKeysWithValues: route.form.map {
                            (fill($0.key), values2.reduce(fill($0.value)) { $0.replacingOccurrences(of: $1.0, with: $1.1) })
                        }))
                }
                // check
                let got: Outcome = switch response.status {
                case .ok, .created: .ok
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
