import EyrieCore
import EyrieStore
import Foundation
import NIOCore

/// The guild's library: a dozen tools, templates, cases, lessons and guides (one in French) and a kind of the
/// stewards' own, with a few edits kept as versions, members who found them useful, the pilot's figures attached,
/// links to the ideas, workshop and offerings they came from, and the welcome call's pilot update kept as a lesson;
/// one resource in the private lab.
extension DemoData {
    func loadLibrary(communityID: Int64, labID: Int64, people: [Int64], work: DemoWork?) async throws {
        let library = LibraryRepository(db)
        try await library.addKind(.custom("Persona"), communityID: communityID)
        func add(_ title: String, _ kind: ResourceKind, _ body: String, tags: [String], by: Int64, language: String = "en") async throws -> Int64 {
            try await library.create(ResourceDraft(title: title, kind: kind, body: body, tags: tags, language: language),
                                     communityID: communityID, actorID: by)
        }
        let script = try await add("Welcome call script", .tool, """
            # Welcome call script

            For the first call to a new customer, **within a day** of their first order.

            1. Introduce yourself and say you are their one person to call.
            2. Check the address and the start date.
            3. Ask what would make the first week easy.

            > Keep it under ten minutes: the customer is busy too.
            """, tags: ["onboarding", "calls"], by: people[2])
        try await library.update(id: script, ResourceDraft(title: "Welcome call script", kind: .tool, body: """
            # Welcome call script

            For the first call to a new customer, **within two hours** of their first order.

            1. Introduce yourself and say you are their one person to call.
            2. Check the address and the start date.
            3. Ask what would make the first week easy.
            4. Offer the [hand-off checklist](/offerings/1) if they are a business.

            > Keep it under ten minutes: the customer is busy too.
            """, tags: ["onboarding", "calls", "checklist"], language: "en", baseVersion: 1,
            reason: "Two hours, as the pilot showed; the checklist for businesses"), actorID: people[3])
        _ = try await add("The depot that cut waiting times", .case, """
            ## What happened
            The north depot answered every call from one shared inbox and cut the wait for a callback from three days to one.

            ## What made it work
            - One queue, visible to everyone on shift
            - A daily ten-minute stand-up to clear the oldest requests

            | Before | After |
            |---|---|
            | 3 days | 1 day |
            """, tags: ["inbox", "waiting"], by: people[4])
        let lesson = try await add("Lessons from the hand-off checklist pilot", .lesson, """
            - Engineers asked for the checklist in other regions before the pilot ended: **start small, but plan to share**.
            - Credit checks twice a day removed the overnight wait for most orders.
            - Write the checklist with both teams in the room; a list written by one side is ignored by the other.
            """, tags: ["checklist", "pilot"], by: people[0])
        let facilitation = try await add("Running a co-design workshop in two hours", .guide, """
            1. **Frame** the question as “How might we…” (10 minutes)
            2. **Brainstorm** alone, then together (30 minutes)
            3. **Cluster** the notes and name the groups (20 minutes)
            4. **Dot-vote** and agree the next step (20 minutes)

            Bring someone from every organisation that takes part.
            """, tags: ["workshops", "co-design"], by: people[1])
        _ = try await add("Accueillir un nouveau client en 48 heures", .guide, """
            Les bénévoles accueillent les nouveaux habitants par un appel et un courrier **le même jour**.

            - Un seul interlocuteur du premier appel au premier mois
            - Une liste de vérification partagée entre les équipes
            """, tags: ["onboarding", "accueil"], by: people[5], language: "fr")
        _ = try await add("Mira, the first-time business customer", .custom("Persona"), """
            Runs a bakery with two staff, opened last month. Wants **one number to call** and no forms twice.
            """, tags: ["persona", "business"], by: people[2])
        // The pilot's figures, attached as the CSV they were kept in.
        let figures = """
            week,orders,handed off within a day,overnight waits
            1,42,31,9
            2,47,39,5
            3,51,47,2
            4,55,53,1

            """
        _ = try await AttachmentRepository(db).attach(
            resourceID: lesson, AttachmentUpload(name: "pilot-figures.csv", type: .csv), content: ByteBuffer(string: figures),
            quota: AttachmentLimits().perCommunity, actorID: people[0])
        try await library.setFeatured(id: lesson, true)
        try await library.setFeatured(id: script, true)
        for member in people.prefix(6) { try await library.setUseful(resourceID: script, memberID: member, true) }
        for member in people.prefix(3) { try await library.setUseful(resourceID: lesson, memberID: member, true) }
        let blueprint = try await add("Service blueprint template", .tool, """
            Copy this table into an offering's blueprint, one row per lane, one column per stage.

            | Lane | Before | First contact | First week |
            |---|---|---|---|
            | Customer actions | | | |
            | Front stage | | | |
            | Back stage | | | |
            | Support processes | | | |
            | Evidence | | | |

            Draw the **line of visibility** under the front stage: everything below it the customer never sees.
            """, tags: ["blueprint", "template"], by: people[1])
        _ = try await add("Stakeholder map for a new service", .tool, """
            - **Inner circle**: who delivers the service every day
            - **Middle circle**: who must agree (budget, legal, IT)
            - **Outer circle**: who is affected and should be told

            Put each organisation of the community on the map before the first workshop.
            """, tags: ["template", "co-design"], by: people[3])
        _ = try await add("Harbour Health Trust: one front desk for three services", .case, """
            Our partner organisation merged the front desks of three clinics into one team with a shared calendar.

            - Patients give their details **once**; each clinic reads them from the shared record
            - Missed appointments fell by a fifth in the first quarter
            - The hardest part was agreeing one way to write a name and an address
            """, tags: ["case", "partners", "front-desk"], by: people[6])
        _ = try await add("A starter set of KPIs for a pilot", .tool, """
            Pick **three**, no more, and measure them every week from the first day:

            1. Days from sign-up to first use (lower is better)
            2. Share of customers told what happens next (higher is better)
            3. Calls in the first month per customer (lower is better)

            Write down the baseline *before* the pilot starts.
            """, tags: ["kpi", "pilot"], by: people[0])
        _ = try await add("Writing a good “How might we” question", .guide, """
            - Start from a problem a member saw, not from a solution
            - Keep it open enough for ten different answers, narrow enough to act on
            - Test it aloud with someone from another organisation

            *How might we get a new customer fully set up within two days?* is a good one.
            """, tags: ["co-design", "framing"], by: people[1])
        if let work {
            let links = WorkLinkRepository(db)
            for (resource, target, by) in [(lesson, WorkReference(.offering, work.checklist), people[0]),
                                           (script, WorkReference(.offering, work.welcome), people[2]),
                                           (script, WorkReference(.idea, work.welcomeIdea), people[2]),
                                           (facilitation, WorkReference(.workshop, work.workshop), people[1]),
                                           (blueprint, WorkReference(.offering, work.welcome), people[1])] {
                try await links.link(resourceID: resource, communityID: communityID, to: target, actorID: by)
            }
            _ = try await links.keepUpdate(
                updateID: work.pilotUpdate, offeringID: work.welcome,
                WorkLinkRepository.Keeping(title: "Progress of “Welcome call within a day”: the pilot's figures",
                                           body: WorkKeeping.text("Customers called within a day: 88 %. Repeat calls are down by a third.",
                                                                  source: "/offerings/\(work.welcome)#progress",
                                                                  label: "From the progress of “Welcome call within a day”"),
                                           language: "en"),
                actorID: people[0])
        }
        _ = try await library.create(ResourceDraft(title: "Lab notebook: tariff experiments", kind: .lesson,
                                                   body: "Only the lab reads this.", tags: ["lab"], language: "en"),
                                     communityID: labID, actorID: people[0])
    }
}
