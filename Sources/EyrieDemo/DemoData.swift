import EyrieCore
import EyrieStore
import Foundation

/// Realistic demo data: 3 organisations, 2 communities spanning them, 40 members, 3 challenges in different phases,
/// 60 ideas with comments and supports. Loading twice changes nothing.
public struct DemoData: Sendable {
    public static let password = "eyrie-demo-2026"
    public static let adminEmail = "admin@eyrie.example"
    let db: Database

    public init(db: Database) { self.db = db }

    /// Loads the data unless it is there already; returns the sign-in details to print.
    public func load(passwordHash: String) async throws -> String {
        let members = MemberRepository(db)
        if try await members.credentials(email: Self.adminEmail) != nil { return Self.summary(loaded: false) }
        let organisations = OrganisationRepository(db)
        let orgIDs = [try await organisations.ensure(name: "Northwind Utilities"),
                      try await organisations.ensure(name: "Harbour Health Trust"),
                      try await organisations.ensure(name: "Osprey Consulting")]
        var random = SplitMix64(seed: 2026)
        var people: [Int64] = []
        let admin = try await members.create(name: "Ada Admin", email: Self.adminEmail, passwordHash: passwordHash,
                                             organisationID: orgIDs[2], isAdmin: true)
        for (index, name) in Self.names.enumerated() {
            let email = index == 0 ? "steward@eyrie.example" : index == 1 ? "facilitator@eyrie.example"
                : index == 2 ? "member@eyrie.example" : Slug.make(name).replacingOccurrences(of: "-", with: ".") + "@eyrie.example"
            people.append(try await members.create(name: name, email: email, passwordHash: passwordHash,
                                                   organisationID: orgIDs[index % 3]))
        }
        let communities = CommunityRepository(db)
        let guild = try await communities.create(CommunityDraft(
            name: "Customer Experience Guild", slug: "customer-experience-guild",
            domain: "How utilities and health services can make every contact with a customer simpler, kinder and quicker. "
                + "Practitioners from front-line teams, design and operations share what works.",
            visibility: .open), stewardID: people[0])
        let lab = try await communities.create(CommunityDraft(
            name: "Service Design Lab", slug: "service-design-lab",
            domain: "A private working group of service designers and operations leads turning field insight into "
                + "new service offerings.", visibility: .private), stewardID: people[0])
        try await communities.join(communityID: guild.id, memberID: admin, status: .active)
        for (index, person) in people.enumerated().dropFirst() {
            try await communities.join(communityID: guild.id, memberID: person, status: .active,
                                       role: index == 1 ? .facilitator : .member)
            if index % 3 == 1 || index < 4 {
                try await communities.join(communityID: lab.id, memberID: person, status: .active,
                                           role: index == 1 ? .facilitator : .member)
            }
        }
        try await communities.join(communityID: lab.id, memberID: people[people.count - 1], status: .pending)
        let challenges = ChallengeRepository(db)
        let day: TimeInterval = 86400
        let now = Date()
        func schedule(_ opens: Double, _ voting: Double, _ review: Double, _ closes: Double) -> ChallengeSchedule {
            ChallengeSchedule(opensAt: now + opens * day, votingAt: now + voting * day, reviewAt: now + review * day,
                              closesAt: now + closes * day)
        }
        let briefs: [(Community, ChallengeDraft)] = [
            (guild, ChallengeDraft(title: "Faster onboarding for new customers",
                problem: "New customers wait on average eleven days between signing up and their first working service. "
                    + "Most of the delay is hand-offs between teams and forms that ask for the same details twice.",
                question: "How might we get a new customer fully set up within two days?", sponsorID: orgIDs[0],
                schedule: schedule(-10, 20, 34, 48))),
            (guild, ChallengeDraft(title: "Self-service that people actually use",
                problem: "Our online self-service tools are used by fewer than one customer in five; the rest phone us "
                    + "for tasks the website already supports.",
                question: "How might we make self-service the easiest choice for routine requests?", sponsorID: orgIDs[1],
                schedule: schedule(-30, -5, 12, 26))),
            (lab, ChallengeDraft(title: "Greener field operations",
                problem: "Field visits make up most of our carbon footprint. Many visits are repeat trips because the "
                    + "right part or the right person was not there the first time.",
                question: "How might we halve repeat field visits within a year?", sponsorID: orgIDs[2],
                schedule: schedule(-60, -40, -20, 8))),
        ]
        let ideas = IdeaRepository(db)
        let supports = SupportRepository(db)
        let comments = CommentRepository(db)
        var ideaIndex = 0
        var onboarding: (id: Int64, ideas: [Int64])?
        var labIdeas: (community: Int64, ideas: [Int64])?
        var selfService: (challenge: Challenge, winners: [Int64])?
        for (challengeIndex, (community, brief)) in briefs.enumerated() {
            let challengeID = try await challenges.create(brief, communityID: community.id, createdBy: people[0])
            guard let challenge = try await challenges.find(id: challengeID) else { continue }
            let pool = try await communities.members(communityID: community.id).filter { $0.status == .active }.map(\.memberID)
            let settings = Self.settings[challengeIndex]
            try await VotingSettingsRepository(db).save(settings, challengeID: challenge.id, communityID: community.id)
            var ideaIDs: [Int64] = []
            for n in 0..<[25, 20, 15][challengeIndex] {
                // The self-service challenge opens with the two ideas its review later selects (`selectWinners`).
                let waiting = challengeIndex == 1 && n < Self.waitingIdeas.count ? Self.waitingIdeas[n] : nil
                let (title, summary, tags) = waiting.map { ($0.title, $0.summary, ["self-service"]) }
                    ?? Self.ideas[ideaIndex % Self.ideas.count]
                ideaIndex += 1
                let author = waiting.map { people[$0.author] } ?? pool[random.next(pool.count)]
                var draft = IdeaDraft(title: title, summary: summary,
                                      body: HealthData.firstSteps[ideaIndex % HealthData.firstSteps.count] + "\n\n"
                                          + HealthData.measures[(ideaIndex / 3) % HealthData.measures.count],
                                      tags: tags, coAuthorEmails: [])
                // Members from French-speaking teams write some of the onboarding ideas in French.
                if challengeIndex == 0, let french = Self.frenchIdeas[n] {
                    draft = IdeaDraft(title: french.title, summary: french.summary, body: french.body, tags: tags,
                                      language: "fr")
                }
                let coAuthor = random.next(4) == 0 ? [pool[random.next(pool.count)]].filter { $0 != author } : []
                let id = try await ideas.create(draft, challenge: challenge, authorID: author, coAuthorIDs: coAuthor,
                                                state: .submitted, submissionKey: "demo-\(ideaIndex)")
                ideaIDs.append(id)
                // Authors do not support their own ideas (the communities' default).
                let supporters = pool.shuffled(using: &random).prefix(waiting != nil ? 11 + random.next(5) : random.next(16))
                    .filter { $0 != author && !coAuthor.contains($0) }
                for supporter in supporters {
                    try await supports.support(ideaID: id, memberID: supporter,
                                               rules: .init(challengeID: challenge.id, communityID: community.id))
                }
                for n in 0..<random.next(5) {
                    let body = Self.remarks[(ideaIndex + n) % Self.remarks.count]
                    let commentID = try await comments.add(ideaID: id, communityID: community.id,
                                                           authorID: pool[random.next(pool.count)],
                                                           draft: CommentDraft(body: body, parentID: nil))
                    if n == 0 && random.next(2) == 0 {
                        _ = try await comments.add(ideaID: id, communityID: community.id, authorID: author,
                                                   draft: CommentDraft(body: "Thanks, good point. I'll add that to the description.",
                                                                       parentID: commentID))
                    }
                }
                if challengeIndex == 2 && ideaIndex % 3 == 0 {
                    let reason = supporters.count >= 8 ? "Strong support (\(supporters.count) members) and a clear pilot plan."
                        : "A clear pilot plan, worth testing even with \(supporters.count) supports so far."
                    try await ideas.transition(ideaID: id, from: [.submitted], to: .shortlisted, actorID: people[0],
                                               reason: reason)
                } else if challengeIndex == 2 && ideaIndex % 7 == 0 {
                    try await ideas.transition(ideaID: id, from: [.submitted], to: .declined, actorID: people[0],
                                               reason: "Already covered by the depot scheduling project.")
                }
            }
            try await loadVotes(challenge: challenge, settings: settings, ideaIDs: ideaIDs, pool: pool,
                                stewardID: people[0], random: &random)
            if challengeIndex == 0 { onboarding = (challenge.id, ideaIDs) }
            if challengeIndex == 1 { selfService = (challenge, Array(ideaIDs.prefix(Self.waitingIdeas.count))) }
            if challengeIndex == 2 { labIdeas = (lab.id, ideaIDs) }
        }
        var work: DemoWork?
        if let onboarding {
            let (workshop, output) = try await loadWorkshops(communityID: guild.id, challengeID: onboarding.id,
                                                             ideaIDs: onboarding.ideas, people: people)
            work = try await loadOfferings(communityID: guild.id, ideaIDs: onboarding.ideas, workshopID: workshop,
                                           workshopIdea: output, people: people, organisations: orgIDs)
        }
        try await loadLibrary(communityID: guild.id, labID: lab.id, people: people, work: work)
        try await loadDiscussions(communityID: guild.id, challengeID: onboarding?.id, people: people)
        if let labIdeas, let idea = labIdeas.ideas.last {
            try await loadPrivateOffering(communityID: labIdeas.community, ideaID: idea, people: people, organisations: orgIDs)
        }
        // Fourteen months of history from partner organisations, so that the health dashboard has levels, drift,
        // newcomers and co-authorship to show.
        try await HealthData(db).add(.init(members: 70, events: 3_500, tag: "Demo", organisationNames: [
            "Riverside Council", "Lakeside Water", "Summit Care", "Meridian Energy",
        ], challenges: 0), communityID: guild.id)
        // The self-service review, once every idea and vote is in: its two winners, with their real ranks.
        if let selfService {
            try await selectWinners(selfService.winners, challenge: selfService.challenge, settings: Self.settings[1], steward: people[0])
        }
        _ = try await HealthSnapshot(db).take(communityID: guild.id)
        // The first weekly digests, as they will be a week from now, wait in the outbox.
        _ = try await DigestWriter(db).write(now: Date() + 7 * 86_400 + 60, site: "http://localhost:8080",
                                             links: try await UnsubscribeLink.load(db))
        return Self.summary(loaded: true)
    }

    static func summary(loaded: Bool) -> String {
        """
        \(loaded ? "Demo data loaded" : "Demo data was already there"). Sign in at http://localhost:8080/signin with password \(password):
          \(adminEmail)  (platform admin)
          steward@eyrie.example  (steward of both communities)
          facilitator@eyrie.example  (facilitator)
          member@eyrie.example  (member)
        """
    }

    static let names = [
        "Sam Steward", "Fay Facilitator", "Mia Member", "Aisha Khan", "Ben Okafor", "Carla Mendes", "Dan Whitfield",
        "Elena Petrova", "Farid Haddad", "Grace Liu", "Hugo Laurent", "Ines Duarte", "Jonas Berg", "Kemi Adeyemi",
        "Liam O'Connor", "Maya Raman", "Nils Eriksen", "Olivia Grant", "Pavel Novak", "Quinn Harper", "Rosa Alvarez",
        "Sven Lindqvist", "Tara Singh", "Umar Farouk", "Vera Kowalski", "Will Turner", "Xenia Popescu", "Yusuf Demir",
        "Zoe Martin", "Arjun Mehta", "Bea Collins", "Chen Wei", "Dara Byrne", "Emil Novak", "Fatima Zahra",
        "Gus Moreau", "Hana Sato", "Ivan Petrov", "Jade Morgan",
    ]

    /// Onboarding ideas written in French, by their place in the challenge's list.
    static let frenchIdeas: [Int: (title: String, summary: String, body: String)] = [
        2: ("Un seul formulaire pour l'ouverture de compte",
            "Les clients saisissent leurs coordonnées une fois ; chaque équipe les retrouve au même endroit.",
            "Aujourd'hui, trois équipes demandent les mêmes informations. Un formulaire partagé, rempli avec le client lors "
                + "du premier appel, supprimerait deux relances par dossier.\n\nNous mesurerons le nombre de relances "
                + "et le délai entre la signature et le premier service."),
        6: ("Un interlocuteur unique pendant les deux premières semaines",
            "Chaque nouveau client a une personne à appeler, qui suit son dossier jusqu'au premier service.",
            "Les nouveaux clients racontent qu'ils répètent leur situation à chaque appel. Un référent par client "
                + "pendant l'installation éviterait ces répétitions.\n\nEssai : dix clients accompagnés par deux "
                + "volontaires, comparés à dix clients suivis comme aujourd'hui."),
    ]

    static let ideas: [(String, String, [String])] = [
        ("One form for all sign-up details", "Collect every detail once, at sign-up, and share it with every team that needs it.", ["forms", "onboarding"]),
        ("Welcome call within 24 hours", "A named person calls each new customer the day after sign-up to check what is missing.", ["onboarding", "people"]),
        ("Live progress tracker for set-up", "Show customers where their set-up stands, like a parcel tracker.", ["digital", "transparency"]),
        ("Pre-approved equipment bundles", "Offer three standard bundles that skip the technical review.", ["process", "onboarding"]),
        ("Shared inbox between sales and operations", "Stop hand-offs by email; one shared queue for every new account.", ["process", "teams"]),
        ("Text message reminders for missing documents", "Send a friendly reminder with a direct upload link.", ["digital", "forms"]),
        ("Plain-language welcome pack", "Rewrite the welcome letter with customers, in plain language.", ["content", "onboarding"]),
        ("Video guides for the top ten tasks", "Two-minute videos for the tasks customers phone about most.", ["self-service", "content"]),
        ("Callback instead of hold music", "Let callers book a callback slot instead of waiting on hold.", ["contact-centre", "people"]),
        ("Chat that hands over to a person", "Start in chat, hand over to a named advisor with the history kept.", ["digital", "self-service"]),
        ("Community answers forum", "Let experienced customers answer routine questions, moderated by staff.", ["community", "self-service"]),
        ("Search that understands everyday words", "Match 'my bill is wrong' to the disputes page, not to a glossary.", ["digital", "search"]),
        ("Self-service meter readings by photo", "Customers send a photo; we read the meter automatically.", ["self-service", "digital"]),
        ("Accessibility review of every online form", "Test each form with disabled customers before it goes live.", ["accessibility", "forms"]),
        ("Parts van stocked by predicted job", "Stock each van with the parts the day's jobs most likely need.", ["field", "logistics"]),
        ("Remote diagnosis before every visit", "A video call to diagnose the fault before sending anyone.", ["field", "digital"]),
        ("Route planning that groups nearby jobs", "Plan routes so that visits in one area happen on the same day.", ["field", "carbon"]),
        ("Electric vans for city routes", "Replace diesel vans on short city routes first.", ["carbon", "fleet"]),
        ("First-time fix scoreboard", "Share each team's first-time fix rate and what helped.", ["field", "learning"]),
        ("Customer-booked visit windows", "Let customers pick a two-hour window that suits them.", ["field", "self-service"]),
        ("Shared spare-parts lockers", "Lockers at depots where engineers pick up parts without queuing.", ["logistics", "field"]),
        ("Peer coaching for new engineers", "Pair each new engineer with an experienced one for a month.", ["people", "learning"]),
        ("Monthly ideas clinic", "An open hour each month where anyone can pitch an improvement.", ["community", "learning"]),
        ("Feedback loop from complaints to design", "Every complaint theme gets an owner in the design team.", ["learning", "process"]),
    ]

    static let remarks = [
        "We tried something close to this in the north region; the biggest win was fewer repeat calls.",
        "How would this work for customers who don't use a smartphone?",
        "I like it. Could we pilot it with one team first and measure the change?",
        "This overlaps with the idea about shared queues, maybe they should be combined.",
        "The legal team will want to review the data sharing part.",
        "Our customers asked for exactly this in the last survey.",
        "What would it cost to run for a year?",
    ]
}
