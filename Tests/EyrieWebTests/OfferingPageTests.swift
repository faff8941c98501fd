import EyrieCore
import EyrieStore
import EyrieTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

/// Offerings over HTTP: made from selected ideas with the form, errors beside their fields (422), the design edited
/// with plain forms, downloads that a spreadsheet cannot turn into formulas, and notifications that are one's own.
struct OfferingPageTests {
    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    @Test func aStewardMakesAnOfferingFromTwoSelectedIdeasAndTheirAuthorsAreTold() async throws {
        try await Harness.run { http, world in
            // setup: two selected ideas by members 0 and 1
            let f = world.fixture
            let a = try await f.selectedIdea(world.db, by: f.memberIDs[0], title: "Shared inbox")
            let b = try await f.selectedIdea(world.db, by: f.memberIDs[1], title: "Callback service")
            let steward = try await world.browser(f.stewardID)
            // the form lists both
            let form = Self.html(try await steward.get(http, "/communities/open-guild/offerings/new?idea=\(a)"))
            #expect(form.contains("Shared inbox") && form.contains("Callback service"))
            #expect(form.contains("id=\"idea-\(a)\" name=\"idea-\(a)\" checked"))
            // act
            let made = try await steward.post(http, "/communities/open-guild/offerings", [
                "idea-\(a)": "on", "idea-\(b)": "on", "name": "Contact desk", "promise": "One person answers, every time.",
                "segment": "Customers who call us", "owner": String(f.memberIDs[0]), "organisation": String(f.organisationIDs[0]),
                "partner-\(f.organisationIDs[1])": "on",
            ])
            // check: the offering page, the ideas converted and pointing to it, the authors told
            #expect(made.status == .seeOther)
            let page = Self.html(try await steward.get(http, made.location))
            #expect(page.contains("Contact desk") && page.contains("Beta Org") && page.contains("2 contributors"))
            let idea = Self.html(try await steward.get(http, "/ideas/\(a)"))
            #expect(idea.contains("became part of the offering <a href=\"\(made.location)\">Contact desk"))
            let author = try await world.browser(f.memberIDs[1])
            let home = Self.html(try await author.get(http, "/notifications"))
            #expect(home.contains("Your idea became part of the offering “Contact desk”."))
            #expect(home.contains("<span class=\"count-badge\">1<span class=\"visually-hidden\"> unread</span>"))
            let profile = Self.html(try await author.get(http, "/members/\(f.memberIDs[1])"))
            #expect(profile.contains("fed <a href=\"\(made.location)\">Contact desk</a>"))
            // Converting again is refused by name: the idea is no longer selected.
            let again = try await steward.post(http, "/communities/open-guild/offerings", [
                "idea-\(a)": "on", "name": "Twice", "promise": "The same idea again, twice.", "segment": "Anyone",
                "owner": String(f.memberIDs[0]), "organisation": String(f.organisationIDs[0]),
            ])
            #expect(again.status == .unprocessableContent)
            #expect(Self.html(again).contains("“Shared inbox” is converted now, no longer selected"))
        }
    }

    @Test func badFormsComeBackWithTheMessageBesideEachField() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let steward = try await world.browser(f.stewardID)
            let response = try await steward.post(http, "/communities/open-guild/offerings", ["name": "X", "promise": ""])
            #expect(response.status == .unprocessableContent)
            let html = Self.html(response)
            #expect(html.contains("<a href=\"#ideas\">Choose at least one selected idea or one closed workshop it comes from</a>"))
            #expect(html.contains("Name must be at least 3 characters"))
            #expect(html.contains("Enter promise"))
            #expect(html.contains("value=\"X\""))
        }
    }

    @Test func invalidBlueprintAndKpiEditsAnswer422BesideTheirFields() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let offering = try await f.offering(world.db)
            let owner = try await world.browser(f.memberIDs[0])
            let add = ["lane": "customer", "body": "Calls the desk", "place": "end"]
            #expect(try await owner.post(http, "/offerings/\(offering)/blueprint/steps", add).status == .seeOther)
            // act: a second customer step in column 1, taken
            let taken = try await owner.post(http, "/offerings/\(offering)/blueprint/steps", add.merging(["place": "1"]) { $1 })
            #expect(taken.status == .unprocessableContent)
            #expect(Self.html(taken).contains("<a href=\"#place\">Column 1 already has a step in Customer actions: choose another column or a new one</a>"))
            // act: a step's own form with a bad wait names that step's field
            let step = try #require(try await BlueprintRepository(world.db).blueprint(offeringID: offering).steps.first?.id)
            let bad = try await owner.post(http, "/offerings/\(offering)/blueprint/steps/\(step)",
                                           add.merging(["waitMinutes": "forever", "place": "1"]) { $1 })
            #expect(bad.status == .unprocessableContent)
            #expect(Self.html(bad).contains("<a href=\"#waitMinutes-s\(step)\">Enter the wait in whole minutes, from 0 to 10080</a>"))
            #expect(Self.html(bad).contains("id=\"waitMinutes-s\(step)\" name=\"waitMinutes\" inputmode=\"numeric\" class=\"input-short\" value=\"forever\""))
            // act: a measurement in the future, and a KPI without a baseline
            let kpi = try await KpiRepository(world.db).add(KpiDraft(name: "Days", unit: "days", direction: .lower, baseline: 9,
                                                                     target: 2), offeringID: offering)
            let future = try await owner.post(http, "/offerings/\(offering)/measurements",
                                              ["kpi": String(kpi), "day": "2099-01-01", "value": "3"])
            #expect(future.status == .unprocessableContent)
            #expect(Self.html(future).contains("<a href=\"#day\">Enter a day that has come, not one in the future</a>"))
            #expect(Self.html(future).contains("<option value=\"\(kpi)\" selected>Days</option>"))
            let noKpi = try await owner.post(http, "/offerings/\(offering)/measurements", ["day": "2026-11-01", "value": "3"])
            #expect(Self.html(noKpi).contains("<a href=\"#kpi\">Choose the KPI you measured</a>"))
            let noBaseline = try await owner.post(http, "/offerings/\(offering)/kpis", ["name": "Calls", "direction": "higher"])
            #expect(Self.html(noBaseline).contains("<a href=\"#baseline\">Enter the baseline</a>"))
            // Nothing was written by the refusals.
            #expect(try await BlueprintRepository(world.db).blueprint(offeringID: offering).steps.count == 1)
            #expect(try await KpiRepository(world.db).kpis(offeringID: offering).map(\.measurements.count) == [0])
        }
    }

    @Test func anOwnerNamesTheStagesAndEveryViewOfTheBlueprintShowsThem() async throws {
        try await Harness.run { http, world in
            // setup: two steps in two columns
            let f = world.fixture
            let offering = try await f.offering(world.db)
            let owner = try await world.browser(f.memberIDs[0])
            for body in ["Calls the desk", "Gets a call back"] {
                _ = try await owner.post(http, "/offerings/\(offering)/blueprint/steps", ["lane": "customer", "body": body, "place": "end"])
            }
            // act: a name too long, then good names (the second stage left unnamed)
            let long = try await owner.post(http, "/offerings/\(offering)/blueprint/stages",
                                            ["stage1": String(repeating: "x", count: 61), "stage2": "Waits"])
            #expect(long.status == .unprocessableContent)
            #expect(Self.html(long).contains("<a href=\"#stage1\">A stage&#39;s name is at most 60 characters</a>"))
            #expect(Self.html(long).contains("id=\"stage2\" name=\"stage2\" value=\"Waits\""))
            let saved = try await owner.post(http, "/offerings/\(offering)/blueprint/stages", ["stage1": "Asks for help <now>", "stage2": ""])
            #expect(saved.status == .seeOther)
            // check: stored, listed, drawn (escaped), and the lanes' names framed beside the drawing
            #expect(try await BlueprintRepository(world.db).blueprint(offeringID: offering).stages == ["Asks for help <now>"])
            let page = try await owner.get(http, "/offerings/\(offering)/blueprint").text
            #expect(page.contains("<h3 dir=\"auto\">Stage 1: Asks for help &lt;now&gt;</h3>") && page.contains("<h3 dir=\"auto\">Stage 2</h3>"))
            #expect(page.contains(">1. Asks for help &lt;now&gt;</text>"))
            #expect(page.contains("<ol class=\"blueprint-lane-names\" aria-hidden=\"true\"><li><span>Physical evidence</span></li><li><span>Customer actions</span></li>"))
            let show = try await owner.get(http, "/offerings/\(offering)").text
            #expect(show.contains("Stage 1: Asks for help &lt;now&gt;") && show.contains("blueprint-lane-names"))
            // a member who may read the offering gets no naming form
            let reader = try await world.browser(f.memberIDs[1])
            #expect(!(try await reader.get(http, "/offerings/\(offering)/blueprint").text.contains("Name the stages")))
        }
    }

    @Test func aMoveNeedsAReasonAndARetiredOfferingNoLongerChanges() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let offering = try await f.offering(world.db)
            let steward = try await world.browser(f.stewardID)
            let silent = try await steward.post(http, "/offerings/\(offering)/state", ["move": "retire"])
            #expect(silent.status == .unprocessableContent)
            #expect(Self.html(silent).contains("<a href=\"#reason-retire\">Enter reason</a>"))
            let retired = try await steward.post(http, "/offerings/\(offering)/state", ["move": "retire", "reason": "Not needed now"])
            #expect(retired.status == .seeOther)
            let page = Self.html(try await steward.get(http, "/offerings/\(offering)"))
            #expect(page.contains("“Not needed now”") && !page.contains("Edit the blueprint"))
            let late = try await steward.post(http, "/offerings/\(offering)/updates", ["note": "Too late for this one.", "percent": "5"])
            #expect(late.status == .unprocessableContent)
            // a retired offering's canvas is still there to read, without its editing forms
            let canvas = try await steward.get(http, "/offerings/\(offering)/canvas")
            #expect(canvas.status == .ok && !Self.html(canvas).contains("canvas/entries\""))
        }
    }

    /// The canvas, blueprint and KPI table are kept rendered: each change shows on the next view, and the table's
    /// "Remove" buttons submit the lead's own forms outside it.
    @Test func theOfferingPageShowsEachChangeAtOnceAndRemovesAKpiFromOutsideItsTable() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let offering = try await f.offering(world.db)
            let owner = try await world.browser(f.memberIDs[0])
            let member = try await world.browser(f.memberIDs[1])
            let kpi = try await KpiRepository(world.db).add(KpiDraft(name: "Days to answer", unit: "days", direction: .lower,
                                                                     baseline: 9, target: 2), offeringID: offering)
            var page = Self.html(try await owner.get(http, "/offerings/\(offering)"))
            #expect(page.contains("Not measured yet") && page.contains("No canvas yet."))
            // each change is on the next view: never the kept HTML of before
            #expect(try await owner.post(http, "/offerings/\(offering)/measurements",
                                         ["kpi": String(kpi), "day": "2026-11-01", "value": "4"]).status == .seeOther)
            _ = try await owner.post(http, "/offerings/\(offering)/canvas/entries", ["section": "pains", "body": "Waiting <on> hold"])
            _ = try await owner.post(http, "/offerings/\(offering)/blueprint/steps",
                                     ["lane": "customer", "body": "Books a visit online", "place": "end"])
            page = Self.html(try await owner.get(http, "/offerings/\(offering)"))
            #expect(!page.contains("Not measured yet") && page.contains("1 measurement"))
            #expect(page.contains("Waiting &lt;on&gt; hold") && !page.contains("<on>") && page.contains("Books a visit online"))
            // the lead's button names a form outside the table that carries their token
            #expect(page.contains("<button type=\"submit\" form=\"kpi-remove-\(kpi)\""))
            #expect(page.contains("<form id=\"kpi-remove-\(kpi)\" method=\"post\" action=\"/offerings/\(offering)/kpis/\(kpi)/delete\" class=\"inline\"><input type=\"hidden\" name=\"_csrf\" value=\"\(owner.csrf)\"></form>"))
            // a member reads the same table without the buttons or the forms
            let read = Self.html(try await member.get(http, "/offerings/\(offering)"))
            #expect(read.contains("Days to answer") && read.contains("1 measurement"))
            #expect(!read.contains("kpi-remove-") && !read.contains(owner.csrf))
            // the form removes the KPI, and the table says so
            #expect(try await owner.post(http, "/offerings/\(offering)/kpis/\(kpi)/delete", [:]).status == .seeOther)
            page = Self.html(try await owner.get(http, "/offerings/\(offering)"))
            #expect(!page.contains("Days to answer") && page.contains("No KPIs yet."))
        }
    }

    @Test func aMemberReadsTheCanvasAndBlueprintWithoutTheirForms() async throws {
        try await Harness.run { http, world in
            // setup: an offering with a step and an entry, added by a steward
            let f = world.fixture
            let offering = try await f.offering(world.db)
            let steward = try await world.browser(f.stewardID)
            _ = try await steward.post(http, "/offerings/\(offering)/blueprint/steps",
                                       ["lane": "customer", "body": "Books a visit online", "place": "end"])
            _ = try await steward.post(http, "/offerings/\(offering)/canvas/entries", ["section": "pains", "body": "Waiting on hold"])
            let member = try await world.browser(f.memberIDs[1])
            // act
            let blueprint = try await member.get(http, "/offerings/\(offering)/blueprint")
            let canvas = try await member.get(http, "/offerings/\(offering)/canvas")
            // check: both read, nothing to change
            #expect(blueprint.status == .ok && canvas.status == .ok)
            #expect(Self.html(blueprint).contains("Books a visit online") && !Self.html(blueprint).contains("Add the step"))
            #expect(Self.html(canvas).contains("Waiting on hold") && !Self.html(canvas).contains("method=\"post\" action=\"/offerings"))
            #expect(!Self.html(blueprint).contains("method=\"post\" action=\"/offerings"))
            // the steward still gets the forms
            #expect(Self.html(try await steward.get(http, "/offerings/\(offering)/blueprint")).contains("Add the step"))
        }
    }

    @Test func downloadsAreEscapedAndCannotRunAsFormulas() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let offering = try await f.offering(world.db)
            let owner = try await world.browser(f.memberIDs[0])
            for body in ["=HYPERLINK(\"http://evil.example\")", "<script>alert(1)</script> & more"] {
                #expect(try await owner.post(http, "/offerings/\(offering)/blueprint/steps",
                                             ["lane": "customer", "body": body, "place": "end"]).status == .seeOther)
            }
            let csv = try await owner.get(http, "/offerings/\(offering)/blueprint.csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("step,column,lane,lane_name,text,fail_point,wait_minutes,leads_to\r\n"))
            #expect(text.contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\","))
            let svg = String(buffer: try await owner.get(http, "/offerings/\(offering)/blueprint.svg").body)
            #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg"))
            #expect(svg.contains("&lt;script&gt;alert(1)") && svg.contains("&amp; more") && !svg.contains("<script>"))
            let page = Self.html(try await owner.get(http, "/offerings/\(offering)"))
            #expect(!page.contains("<script>alert(1)</script>"))
        }
    }

    @Test func notificationsAreOnesOwnAndOpeningOneMarksItRead() async throws {
        try await Harness.run { http, world in
            let f = world.fixture
            let offering = try await f.offering(world.db)
            let mine = try #require(try await NotificationRepository(world.db).list(memberID: f.memberIDs[0]).first)
            let other = try await world.browser(f.memberIDs[1])
            #expect(try await other.post(http, "/notifications/\(mine.id)/read").status == .notFound)
            #expect(try await NotificationRepository(world.db).unreadCount(memberID: f.memberIDs[0]) == 1)
            let owner = try await world.browser(f.memberIDs[0])
            let opened = try await owner.post(http, "/notifications/\(mine.id)/read")
            #expect(opened.status == .seeOther && opened.location == "/offerings/\(offering)")
            #expect(try await NotificationRepository(world.db).unreadCount(memberID: f.memberIDs[0]) == 0)
            #expect(!Self.html(try await owner.get(http, "/notifications")).contains("count-badge"))
        }
    }
}
