/// Where a workshop's pages and forms are, for its templates (`{{links.board}}`).
struct WorkshopLinks {
    var show: String
    var edit: String
    var state: String
    var calendar: String
    var registration: String
    var cancelRegistration: String
    var attendance: String
    var newActivity: String
    var agenda: String
    var nextActivity: String
    var board: String
    var summary: String
    var keepSummary: String
    var outputIdea: String
    var outputComment: String

    init(id: Int64) {
        let workshops = Site.workshops
        show = workshops.show(id)
        edit = workshops.edit(id)
        state = workshops.state(id)
        calendar = workshops.calendar(id)
        registration = workshops.registration(id)
        cancelRegistration = workshops.cancelRegistration(id)
        attendance = workshops.attendance(id)
        newActivity = workshops.newActivity(id)
        agenda = workshops.agenda(id)
        nextActivity = workshops.nextActivity(id)
        board = workshops.board(id)
        keepSummary = workshops.keepSummary(id)
        summary = workshops.summary(id)
        outputIdea = workshops.outputIdea(id)
        outputComment = workshops.outputComment(id)
    }
}
