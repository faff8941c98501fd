import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// Seats: members register (or join the waiting list) and give their seat back; facilitators mark who came; anyone
/// who may see the workshop downloads it for their calendar.
struct RegistrationController {
    let deps: WorkshopsDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.post(Site.workshops.registration, use: registerSeat)
        router.post(Site.workshops.cancelRegistration, use: withdraw)
        router.post(Site.workshops.attendance, use: attendance)
        router.get(Site.workshops.calendar, use: calendar)
    }

    @Sendable func registerSeat(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.register), request, scope: scope)
        let status: RegistrationStatus
        do {
            status = try await deps.registrations.register(workshopID: scope.workshop.id,
                                                               memberID: context.viewer!.member.id)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "Registration has just closed for this workshop.")
        }
        let flash: Phrase = status == .registered ? "You have a seat. Add the workshop to your calendar below."
            : "The workshop is full: you are on the waiting list and will get a seat as soon as one is free."
        return redirect(to: Site.workshops.show(scope.workshop.id), flash: flash)
    }

    @Sendable func withdraw(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.withdraw), request, scope: scope)
        let done: Bool
        do {
            done = try await deps.registrations.withdraw(workshopID: scope.workshop.id,
                                                             memberID: context.viewer!.member.id)
        } catch StoreError.conflict {
            throw HTTPError(.unprocessableContent, message: "Registration has closed for this workshop.")
        }
        return redirect(to: Site.workshops.show(scope.workshop.id),
                        flash: done ? "Your registration is cancelled." : "You were not registered.")
    }

    /// A facilitator saves who came and who did not, for everyone seated at once (`attended-<member>` fields), or for
    /// one person (`member` and `attended`).
    @Sendable func attendance(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        try deps.enforce(scope.check(.markAttendance), request, scope: scope)
        let marks = try Self.attendanceMarks(context.form)
        let written = try await deps.registrations.markAttendance(workshopID: scope.workshop.id, marks: marks)
        guard written.count == marks.count else {
            throw HTTPError(.unprocessableContent, message: "Someone in the list has no seat in this workshop.")
        }
        return redirect(to: Site.workshops.show(scope.workshop.id) + "#participants", flash: "Attendance saved.")
    }

    /// The marks a form asks for: true (came), false (did not come), nil (not known).
    static func attendanceMarks(_ form: [String: String]) throws -> [Int64: Bool?] {
        func mark(_ text: String?) throws -> Bool? {
            switch text {
            case "yes": true
            case "no": false
            case "unknown", "": nil
            default: throw HTTPError(.unprocessableContent, message: "Say whether they came.")
            }
        }
        var marks: [Int64: Bool?] = [:]
        if let one = form["member"] {
            guard let member = Int64(one), member > 0 else { throw HTTPError(.unprocessableContent, message: "Choose a participant.") }
            marks.updateValue(try mark(form["attended"]), forKey: member)
        }
        for (key, value) in form where key.hasPrefix("attended-") {
            guard let member = Int64(key.dropFirst("attended-".count)), member > 0 else { continue }
            marks.updateValue(try mark(value), forKey: member)
        }
        guard !marks.isEmpty else { throw HTTPError(.unprocessableContent, message: "Choose a participant.") }
        return marks
    }

    /// The workshop as an `.ics` file (RFC 5545).
    @Sendable func calendar(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.workshopScope(request, context: context)
        let base = deps.config.publicURL ?? "http://\(request.head.authority ?? "localhost")"
        let host = URL(string: base)?.host ?? "eyrie"
        var w = scope.workshop
        // The call link is for people with a seat.
        if scope.visit.registration != .registered && !scope.leads { w.callLink = "" }
        let ics = WorkshopCalendar.ics(w, url: base + Site.workshops.show(w.id), host: host)
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"workshop-\(scope.workshop.id).ics\""
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: ics)))
    }
}
