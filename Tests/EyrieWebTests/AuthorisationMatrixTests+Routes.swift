import Foundation

/// The matrix's table: every route and what each kind of visitor may do there.
extension AuthorisationMatrixTests {
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
            // Community health: its stewards and platform admins only; a private community's is not there for others.
            Route(method: "GET", path: "/communities/open-guild/health", expect: table(stewards)),
            Route(method: "GET", path: "/communities/open-guild/health/download/levels.csv", expect: table(stewards)),
            Route(method: "POST", path: "/communities/open-guild/health/refresh", expect: table(stewards)),
            Route(method: "POST", path: "/communities/open-guild/health/settings",
                  form: ["coreMonths": "3", "leadMonths": "6", "activeDays": "90", "inactiveDays": "180", "newcomerDays": "90"],
                  expect: table(stewards)),
            Route(method: "GET", path: "/communities/closed-lab/health", expect: table(stewards, otherwise: .notFound)),
            Route(method: "GET", path: "/communities/closed-lab/health/download/drifting.csv",
                  expect: table(stewards, otherwise: .notFound)),
            Route(method: "POST", path: "/communities/closed-lab/health/refresh", expect: table(stewards, otherwise: .notFound)),
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
}
