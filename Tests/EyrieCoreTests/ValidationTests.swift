import EyrieCore
import Foundation
import Testing

struct ValidationTests {
    @Test func signUpReportsEveryProblemAtOnce() {
        // act
        let error = #expect(throws: ValidationErrors.self) {
            try SignUp.validate(["name": "", "email": "not-an-email", "password": "short", "organisation": ""])
        }
        // check
        #expect(Set(error?.errors.map(\.field) ?? []) == ["name", "email", "password", "organisation"])
    }

    @Test func passwordsWithNulBytesAreRefused() {
        // bcrypt stops at a NUL byte: "secret\0anything" would otherwise equal "secret"
        let error = #expect(throws: ValidationErrors.self) {
            try SignUp.validate(["name": "Ada", "email": "a@b.co", "password": "long enough\u{0}x", "organisation": "1"])
        }
        #expect(error?.message(for: "password") != nil)
    }

    @Test func signUpCleansInput() throws {
        let input = try SignUp.validate(["name": "  Ada  ", "email": " Ada@Example.ORG ", "password": "correct horse",
                                         "organisation": "3"])
        #expect(input.name == "Ada")
        #expect(input.email == "ada@example.org")
        #expect(input.organisation == .listed(3))
    }

    @Test func signUpNamesAnOrganisationThatIsNotListedOrNone() throws {
        let base = ["name": "Ada", "email": "a@b.co", "password": "correct horse"]
        #expect(try SignUp.validate(base.merging(["organisation": "independent"]) { $1 }).organisation == .independent)
        #expect(try SignUp.validate(base.merging(["organisation": "new", "new_organisation": "  Acme Care "]) { $1 })
            .organisation == .unlisted(name: "Acme Care"))
        // typed without choosing "not listed" (no script): the typed name counts
        #expect(try SignUp.validate(base.merging(["new_organisation": "Acme Care"]) { $1 }).organisation
            == .unlisted(name: "Acme Care"))
        let unnamed = #expect(throws: ValidationErrors.self) {
            try SignUp.validate(base.merging(["organisation": "new"]) { $1 })
        }
        #expect(unnamed?.message(for: "new_organisation") != nil)
        let none = #expect(throws: ValidationErrors.self) { try SignUp.validate(base) }
        #expect(none?.message(for: "organisation")?.contains("not listed") == true)
        #expect(OrganisationChoice.key("ACME  care.") == OrganisationChoice.key("Acme Care"))
        #expect(OrganisationChoice.key("مؤسسة الأمل") == "مؤسسة الأمل")
    }

    @Test func nulBytesAndControlCharactersAreRefused() {
        let error = #expect(throws: ValidationErrors.self) {
            try IdeaDraft.validate(["title": "Good\u{0}title", "summary": "A perfectly fine summary"])
        }
        #expect(error?.message(for: "title")?.contains("not allowed") == true)
    }

    @Test func multilineFieldsKeepNewlines() throws {
        let draft = try IdeaDraft.validate(["title": "Five chars", "summary": "Ten characters at least",
                                            "body": "line one\nline two\ttabbed"])
        #expect(draft.body == "line one\nline two\ttabbed")
    }

    @Test func lengthLimitsCountCharacters() {
        let long = String(repeating: "é", count: 141)
        let error = #expect(throws: ValidationErrors.self) {
            try IdeaDraft.validate(["title": long, "summary": "Ten characters at least"])
        }
        #expect(error?.message(for: "title") == "Title must be 140 characters or fewer")
        #expect((try? IdeaDraft.validate(["title": String(long.dropLast()), "summary": "Ten characters at least"])) != nil)
    }

    @Test func tagsAreNormalisedAndDeduplicated() throws {
        let draft = try IdeaDraft.validate(["title": "Five chars", "summary": "Ten characters at least",
                                            "tags": "Onboarding, onboarding,  Self Service ,,"])
        #expect(draft.tags == ["onboarding", "self-service"])
    }

    @Test func tooManyTagsAndBadCoAuthorsAreNamed() {
        let error = #expect(throws: ValidationErrors.self) {
            try IdeaDraft.validate(["title": "Five chars", "summary": "Ten characters at least",
                                    "tags": "a1,b2,c3,d4,e5,f6,g7,h8,i9", "coauthors": "ok@example.org, nope"])
        }
        #expect(error?.message(for: "tags") == "Use at most 8 tags")
        #expect(error?.message(for: "coauthors")?.contains("nope") == true)
    }

    @Test func challengeDatesMustBeInOrder() {
        let form = ["title": "A good challenge", "problem": String(repeating: "p", count: 30),
                    "question": "How might we do better?", "sponsor": "1", "opensAt": "2026-12-10",
                    "votingAt": "2026-12-01", "reviewAt": "2026-12-20", "closesAt": "2026-13-01"]
        let error = #expect(throws: ValidationErrors.self) { try ChallengeDraft.validate(form) }
        #expect(error?.message(for: "closesAt") != nil)
        #expect(Day.parse("2026-02-30") == nil)
        #expect(Day.parse("2026-02-28").map(Day.format) == "2026-02-28")
    }

    @Test func commentsNeedABody() {
        #expect(throws: ValidationErrors.self) { try CommentDraft.validate(["body": "   "]) }
        #expect(throws: ValidationErrors.self) { try CommentDraft.validate(["body": "Hi", "parent": "x"]) }
        #expect((try? CommentDraft.validate(["body": "Hi", "parent": "7"]))?.parentID == 7)
    }

    @Test func reasonsAreRequiredWhenAsked() {
        #expect(throws: ValidationErrors.self) { try Reason.validate("  ", required: true) }
        #expect((try? Reason.validate("", required: false)) == "")
    }
}

struct ChallengeScheduleTests {
    let schedule = ChallengeSchedule(
        opensAt: Date(timeIntervalSince1970: 100), votingAt: Date(timeIntervalSince1970: 200),
        reviewAt: Date(timeIntervalSince1970: 300), closesAt: Date(timeIntervalSince1970: 400))

    @Test(arguments: [(50.0, ChallengePhase.draft), (100, .open), (250, .voting), (300, .review), (399, .review), (400, .closed)])
    func phaseFollowsTheDates(at time: Double, expected: ChallengePhase) {
        #expect(schedule.phase(at: Date(timeIntervalSince1970: time)) == expected)
    }

    @Test func stewardOverrideWins() {
        var moved = schedule
        moved.override = .voting
        #expect(moved.phase(at: Date(timeIntervalSince1970: 50)) == .voting)
    }

    @Test func phasesSayWhatTheyAllow() {
        #expect(ChallengePhase.open.acceptsIdeas(lateSubmissions: false))
        #expect(!ChallengePhase.voting.acceptsIdeas(lateSubmissions: false))
        #expect(ChallengePhase.voting.acceptsIdeas(lateSubmissions: true))
        #expect(ChallengePhase.voting.acceptsSupports && !ChallengePhase.review.acceptsSupports)
        #expect(!ChallengePhase.closed.acceptsComments)
    }
}
