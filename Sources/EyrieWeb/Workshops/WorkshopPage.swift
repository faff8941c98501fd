import EyrieCore
import EyrieStore
import Foundation

/// The view model of `workshops/show`: when and where, the seats and the viewer's place, the agenda, the board and
/// what came out of it, and what this viewer may do. Built from `Reads` without further I/O.
struct WorkshopPage {
    struct AgendaLine {
        var id: Int64
        var moveAction: String
        var deleteAction: String
        var title: String
        var kindLabel: String
        var minutes: Int
        var stateLabel: String
        var prompt: String?
        var canChange: Bool
        /// Not on the first of the activities still to come, nor on the last of the agenda.
        var canMoveUp: Bool
        var canMoveDown: Bool
    }

    struct OrganisationGroup {
        var organisation: String
        var people: [Person]
    }

    struct Person {
        var id: Int64
        var name: String
        var attended: String?
        var cameChecked: Bool
        var missedChecked: Bool
        var unknownChecked: Bool
    }

    /// What the database knows for the page, read side by side.
    struct Reads {
        var ideas: [WorkshopRepository.WorkshopIdea]
        var facilitators: [WorkshopRepository.Person]
        var participants: [Registration]
        var agenda: [Activity]
        var outputs: [OutputRepository.Output]
        /// The decisions recorded on the board of a closed workshop.
        var decisions: [String]
        var follow: FollowButton?
        var resources: [WorkLinkRepository.Linked] = []
    }

    var id: Int64
    var links: WorkshopLinks
    var title: String
    var state: String
    var stateLabel: String
    var purpose: String
    var challengeID: Int64?
    var challengeLink: String?
    var challengeTitle: String?
    var when: String
    var planned: String?
    var place: String?
    var callLink: String?
    var callHidden: Bool
    var seats: String
    var cancelReason: String?
    var ideas: [Option]
    var hasIdeas: Bool
    var facilitators: [String]
    var yourStatus: String?
    var canRegister: Bool
    var registerLabel: String
    var canWithdraw: Bool
    var withdrawLabel: String
    var join: JoinPrompt?
    var signInLink: String?
    var leads: Bool
    var canEdit: Bool
    var moves: [Option]
    var canCancel: Bool
    /// Something under "Facilitate" (the heading is left out otherwise).
    var facilitates: Bool
    var participants: [OrganisationGroup]
    var hasParticipants: Bool
    var participantCount: String
    var waitingList: [Option]
    var hasWaitingList: Bool
    var canMarkAttendance: Bool
    var agenda: [AgendaLine]
    var hasAgenda: Bool
    var canEditAgenda: Bool
    var boardLink: String?
    /// "Open the live board", or "See the board (closed)" once the workshop is over.
    var boardLabel: String
    /// A calendar file while the workshop is still to come or under way.
    var calendarLink: String?
    /// Something under "Your place" (the heading is left out otherwise, as for a steward once the workshop is over).
    var showsPlace = false
    var outputs: [Option]
    var hasOutputs: Bool
    var decisions: [String]
    var hasDecisions: Bool
    var isClosed: Bool
    /// For facilitators and stewards of a closed workshop: carry its outputs on into an offering.
    var offeringLink: String?
    /// The library's resources linked to it; its summary kept there, or the button that keeps it (leads, once closed).
    var linkedResources = LinkedResources([])
    var keptSummaryHref: String?
    var canKeepSummary = false

    static func load(_ scope: WorkshopScope, deps: WorkshopsDependencies, context: AppContext) async throws -> Reads {
        let w = scope.workshop
        async let ideas = deps.workshops.ideas(workshopID: w.id)
        async let facilitators = deps.workshops.facilitators(workshopID: w.id)
        async let participants = deps.registrations.participants(workshopID: w.id)
        async let agenda = deps.agenda.list(workshopID: w.id)
        async let outputs = deps.outputs.list(workshopID: w.id)
        async let snapshot = w.state == .closed ? deps.board.snapshot(workshopID: w.id, memberID: nil) : nil
        async let follow = deps.follows.button(.workshop(w.id), context: context)
        async let resources = deps.workLinks.resources(for: WorkReference(.workshop, w.id))
        let decisions = (try await snapshot)?.notes.filter { $0.decision == true }.map(\.body) ?? []
        return try await Reads(ideas: ideas, facilitators: facilitators, participants: participants, agenda: agenda,
                               outputs: outputs, decisions: decisions, follow: follow, resources: resources)
    }

    init(_ scope: WorkshopScope, reads: Reads, zone: TimeZone?) {
        let w = scope.workshop
        let canEditAgenda = scope.check(.edit).isAllowed
        let seated = reads.participants.filter { $0.status == .registered }
        let seesCall = scope.leads || scope.visit.registration == .registered
        id = w.id
        links = WorkshopLinks(id: w.id)
        title = w.title
        state = w.state.rawValue
        stateLabel = w.state.said
        purpose = w.purpose
        challengeID = w.challengeID
        challengeLink = w.challengeID.map { Site.challenges.show($0) }
        challengeTitle = w.challengeTitle
        when = ViewerZone.when(w, viewer: zone)
        planned = ViewerZone.planned(w, viewer: zone)
        place = w.place.isEmpty ? nil : w.place
        callLink = seesCall && !w.callLink.isEmpty ? w.callLink : nil
        callHidden = !seesCall && !w.callLink.isEmpty
        seats = WorkshopCard.seats(w)
        cancelReason = w.state == .cancelled ? w.cancelReason : nil
        ideas = reads.ideas.map { Option(value: Site.ideas.show($0.id), label: $0.title, selected: false) }
        hasIdeas = !reads.ideas.isEmpty
        facilitators = reads.facilitators.map { "\($0.name) (\($0.organisationName))" }
        let place = YourPlace(scope)
        yourStatus = place.status
        canRegister = place.canRegister
        registerLabel = place.registerLabel
        canWithdraw = place.canWithdraw
        withdrawLabel = place.withdrawLabel
        join = place.join
        signInLink = place.signInLink
        leads = scope.leads
        canEdit = scope.leads && canEditAgenda
        moves = WorkshopMove.allCases.filter { $0 != .cancel && scope.check(.move, move: $0).isAllowed }
            .map { Option(value: $0.rawValue, label: $0.said, selected: false) }
        canCancel = scope.check(.move, move: .cancel).isAllowed
        facilitates = scope.leads && (canEditAgenda || WorkshopMove.allCases.contains { scope.check(.move, move: $0).isAllowed })
        participants = Self.groups(seated)
        hasParticipants = !seated.isEmpty
        participantCount = say(.plural("{count} person has a seat", "{count} people have a seat", count: seated.count))
        waitingList = scope.leads ? reads.participants.filter { $0.status == .waiting }.map {
            Option(value: "\($0.waitingPosition ?? 0)", label: "\($0.memberName) (\($0.organisationName))", selected: false)
        } : []
        hasWaitingList = scope.leads && w.waiting > 0
        canMarkAttendance = scope.check(.markAttendance).isAllowed
        agenda = AgendaLine.lines(reads.agenda, workshopID: w.id, canEdit: canEditAgenda)
        hasAgenda = !reads.agenda.isEmpty
        self.canEditAgenda = canEditAgenda
        boardLink = w.state == .running || w.state == .closed || (scope.leads && w.state != .cancelled)
            ? Site.workshops.board(w.id) : nil
        boardLabel = w.state == .closed ? say("See the board (closed)") : say("Open the live board")
        calendarLink = w.state == .scheduled || w.state == .running || w.state == .draft ? Site.workshops.calendar(w.id) : nil
        showsPlace = yourStatus != nil || canRegister || canWithdraw || join != nil || signInLink != nil || calendarLink != nil
        outputs = reads.outputs.map {
            Option(value: Site.ideas.show($0.ideaID), label: ($0.kind == "idea" ? "New idea: " : "Comment on: ") + $0.ideaTitle,
                   selected: false)
        }
        hasOutputs = !reads.outputs.isEmpty
        decisions = reads.decisions
        hasDecisions = !reads.decisions.isEmpty
        isClosed = w.state == .closed
        linkedResources = LinkedResources(reads.resources)
        keptSummaryHref = reads.resources.first(where: \.isSummary).map { Site.library.show($0.id) }
        canKeepSummary = scope.check(.recordOutputs).isAllowed
        offeringLink = w.state == .closed && OfferingRules.check(.create, actor: scope.actor, state: .concept).isAllowed
            ? Site.offerings.new(scope.community.slug, query: [("workshop", w.id.pathText)]) : nil
    }

    /// The seated people by organisation, with what is known of their attendance.
    static func groups(_ seated: [Registration]) -> [OrganisationGroup] {
        seated.grouped(by: \.organisationName).sorted { $0.key < $1.key }.map { group in
            OrganisationGroup(organisation: group.key, people: group.items.map { person in
                Person(id: person.memberID, name: person.memberName,
                       attended: person.attended.map { $0 ? "came" : "did not come" },
                       cameChecked: person.attended == true, missedChecked: person.attended == false,
                       unknownChecked: person.attended == nil)
            })
        }
    }

    /// The viewer's seat: what they hold, and the buttons to take or give one back.
    struct YourPlace {
        var status: String?
        var canRegister: Bool
        var registerLabel: String
        var canWithdraw: Bool
        var withdrawLabel: String
        var join: JoinPrompt?
        var signInLink: String?

        init(_ scope: WorkshopScope) {
            let w = scope.workshop
            let register = scope.check(.register)
            status = switch scope.visit.registration {
            case .registered: say("You have a seat.")
            case .waiting: say("You are \("place", scope.visit.waitingPosition.map { $0.ordinal } ?? "") on the waiting list: you get a seat as soon as one is free.")
            default: scope.visit.isFacilitator && scope.leads ? say("You facilitate this workshop.") : nil
            }
            canRegister = scope.visit.registration == nil && register.isAllowed
            registerLabel = w.seatsLeft > 0 ? say("Register for a seat") : say("Join the waiting list")
            canWithdraw = scope.visit.registration != nil && scope.check(.withdraw).isAllowed
            withdrawLabel = scope.visit.registration == .waiting ? say("Leave the waiting list") : say("Give my seat back")
            join = register.asksToJoin ? JoinPrompt(scope.community, next: Site.workshops.show(w.id)) : nil
            signInLink = register == .signInRequired && w.state.takesRegistrations
                ? Site.accounts.signIn(query: [("next", Site.workshops.show(w.id))]) : nil
        }
    }
}

extension WorkshopPage.AgendaLine {
    /// The agenda's lines; pending ones can be moved (not past either end) and removed by those who edit it.
    static func lines(_ agenda: [Activity], workshopID: Int64, canEdit: Bool) -> [Self] {
        let firstPending = agenda.firstIndex { $0.state == .pending }
        return agenda.enumerated().map { index, a in
            let changes = canEdit && a.state == .pending
            return Self(id: a.id, moveAction: Site.workshops.moveActivity(workshopID, a.id),
                        deleteAction: Site.workshops.deleteActivity(workshopID, a.id), title: a.title, kindLabel: a.kind.said,
                        minutes: a.minutes, stateLabel: a.state.said, prompt: a.prompt.isEmpty ? nil : a.prompt,
                        canChange: changes, canMoveUp: changes && index != firstPending,
                        canMoveDown: changes && index != agenda.count - 1)
        }
    }
}
