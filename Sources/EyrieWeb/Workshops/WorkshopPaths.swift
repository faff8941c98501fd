/// Workshops: scheduled in a community, their agenda, seats, live board and outputs.
struct WorkshopPaths: Sendable {
    let new = Path1<String>("/communities/:slug/workshops/new")
    let create = Path1<String>("/communities/:slug/workshops")
    let show = Path1<Int64>("/workshops/:id")
    let edit = Path1<Int64>("/workshops/:id/edit")
    let state = Path1<Int64>("/workshops/:id/state")
    let calendar = Path1<Int64>("/workshops/:id/calendar.ics")
    let registration = Path1<Int64>("/workshops/:id/registration")
    let cancelRegistration = Path1<Int64>("/workshops/:id/registration/cancel")
    let attendance = Path1<Int64>("/workshops/:id/attendance")
    let newActivity = Path1<Int64>("/workshops/:id/agenda/new")
    let agenda = Path1<Int64>("/workshops/:id/agenda")
    let nextActivity = Path1<Int64>("/workshops/:id/agenda/next")
    let moveActivity = Path2<Int64, Int64>("/workshops/:id/agenda/:activity/move")
    let deleteActivity = Path2<Int64, Int64>("/workshops/:id/agenda/:activity/delete")
    let clock = Path2<Int64, Int64>("/workshops/:id/agenda/:activity/clock")
    let board = Path1<Int64>("/workshops/:id/board")
    /// The board's WebSocket; a plain GET there is refused with a page.
    let live = Path1<Int64>("/workshops/:id/board/live")
    let summary = Path1<Int64>("/workshops/:id/summary.md")
    /// A closed workshop's summary kept in the library.
    let keepSummary = Path1<Int64>("/workshops/:id/summary/keep")
    let outputComment = Path1<Int64>("/workshops/:id/outputs/comment")
    let outputIdea = Path1<Int64>("/workshops/:id/outputs/idea")
}
