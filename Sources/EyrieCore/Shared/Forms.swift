import Foundation

/// A new account as typed on the sign-up page.
public struct SignUp: Sendable, Equatable {
    public var name: String
    public var email: String
    public var password: String
    public var organisation: OrganisationChoice

    public init(name: String, email: String, password: String, organisation: OrganisationChoice) {
        self.name = name; self.email = email; self.password = password; self.organisation = organisation
    }

    /// Checks the raw form values; throws `ValidationErrors` listing every problem at once.
    public static func validate(_ form: [String: String]) throws -> SignUp {
        var errors: [FieldError] = []
        let name = TextRule("name", "Your name", min: 2, max: 80).check(form["name"], into: &errors)
        let email = Email.validate(form["email"], into: &errors)
        let password = Password.check(form["password"], into: &errors)
        let organisation = OrganisationChoice.validate(form, into: &errors)
        guard errors.isEmpty, let organisation else { throw ValidationErrors(errors) }
        return SignUp(name: name, email: email, password: password, organisation: organisation)
    }
}

/// A newcomer's home organisation: one of the list, none ("independent"), or one not listed yet (created unconfirmed).
public enum OrganisationChoice: Sendable, Equatable {
    case listed(Int64)
    case independent
    case unlisted(name: String)

    /// The name "independent" members are placed under.
    public static let independentName = "Independent"

    /// The key two newcomers naming the same organisation meet on ("ACME Ltd" and "acme ltd."): its slug, or for a
    /// name without Latin letters or digits, the name in lower case.
    public static func key(_ name: String) -> String {
        let slug = Slug.make(name)
        return slug.isEmpty ? name.lowercased() : slug
    }

    /// `organisation` is an id, `independent` or `new`; with `new` (or nothing chosen), `new_organisation` names it.
    static func validate(_ form: [String: String], into errors: inout [FieldError]) -> OrganisationChoice? {
        let chosen = (form["organisation"] ?? "").trimmingWhitespace()
        let typed = (form["new_organisation"] ?? "").trimmingWhitespace()
        if chosen == "independent" { return .independent }
        if chosen == "new" || (chosen.isEmpty && !typed.isEmpty) {
            let name = TextRule("new_organisation", "Your organisation's name", min: 2, max: 120)
                .check(form["new_organisation"], into: &errors)
            return .unlisted(name: name)
        }
        if let id = Int64(chosen), id > 0 { return .listed(id) }
        errors.append(.init("organisation", "Choose your home organisation, or say that it is not listed"))
        return nil
    }
}

/// Passwords: 10 characters at least, 72 bytes at most (bcrypt reads no further), no control characters.
public enum Password {
    public static func check(_ raw: String?, into errors: inout [FieldError]) -> String {
        let password = raw ?? ""
        if password.count < 10 {
            errors.append(.init("password", "Choose a password of at least 10 characters"))
        } else if password.utf8.count > 72 {
            errors.append(.init("password", "Choose a password of at most 72 bytes"))
        } else if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            errors.append(.init("password", "Password contains characters that are not allowed"))
        }
        return password
    }
}

/// Email addresses: trimmed, lower-cased, one `@`, a dot in the domain, no spaces.
public enum Email {
    public static func validate(_ raw: String?, field: String = "email", into errors: inout [FieldError]) -> String {
        let value = TextRule(field, "Email address", min: 3, max: 254).check(raw, into: &errors).lowercased()
        guard !value.isEmpty, errors.allSatisfy({ $0.field != field }) else { return value }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        let valid = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".") && !value.contains(" ")
        if !valid { errors.append(.init(field, "Enter an email address like name@example.org")) }
        return value
    }
}

/// A new organisation (platform admin).
public struct OrganisationDraft: Sendable, Equatable {
    public var name: String
    public var slug: String

    public init(name: String, slug: String) { self.name = name; self.slug = slug }

    public static func validate(_ form: [String: String]) throws -> OrganisationDraft {
        var errors: [FieldError] = []
        let name = TextRule("name", "Name", min: 2, max: 120).check(form["name"], into: &errors)
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return OrganisationDraft(name: name, slug: Slug.make(name))
    }
}

/// A new community (platform admin).
public struct CommunityDraft: Sendable, Equatable {
    public var name: String
    public var slug: String
    public var domain: String
    public var visibility: CommunityVisibility

    public init(name: String, slug: String, domain: String, visibility: CommunityVisibility) {
        self.name = name; self.slug = slug; self.domain = domain; self.visibility = visibility
    }

    public static func validate(_ form: [String: String]) throws -> CommunityDraft {
        var errors: [FieldError] = []
        let name = TextRule("name", "Name", min: 3, max: 120).check(form["name"], into: &errors)
        let domain = TextRule("domain", "Domain statement", min: 10, max: 2000, multiline: true)
            .check(form["domain"], into: &errors)
        let visibility = CommunityVisibility(rawValue: form["visibility"] ?? "")
        if visibility == nil { errors.append(.init("visibility", "Choose who can join")) }
        let slug = Slug.make(name)
        if errors.isEmpty && slug.isEmpty { errors.append(.init("name", "Use at least one letter or digit in the name")) }
        guard errors.isEmpty, let visibility else { throw ValidationErrors(errors) }
        return CommunityDraft(name: name, slug: slug, domain: domain, visibility: visibility)
    }
}

/// What a community's stewards change after it is made: its name, domain, who may join, and whether authors may
/// support their own ideas. The address (slug) stays, so links keep working.
public struct CommunitySettings: Sendable, Equatable {
    public var name: String
    public var domain: String
    public var visibility: CommunityVisibility
    public var authorsMaySupport: Bool
    /// For visitors with no language of their own; nil: English.
    public var language: String?

    public init(name: String, domain: String, visibility: CommunityVisibility, authorsMaySupport: Bool,
                language: String? = nil) {
        self.name = name; self.domain = domain; self.visibility = visibility; self.authorsMaySupport = authorsMaySupport
        self.language = language
    }

    public init(_ community: Community) {
        self.init(name: community.name, domain: community.domain, visibility: community.visibility,
                  authorsMaySupport: community.authorsMaySupport, language: community.language)
    }

    /// `languages`: the tags a community may choose (those Eyrie offers).
    public static func validate(_ form: [String: String], languages: [String] = ["en"]) throws -> CommunitySettings {
        var errors: [FieldError] = []
        let chosen = form["language"] ?? ""
        if !chosen.isEmpty && !languages.contains(chosen) { errors.append(.init("language", "Choose one of the languages offered.")) }
        let draft: CommunityDraft
        do {
            draft = try CommunityDraft.validate(form)
        } catch let invalid as ValidationErrors {
            throw ValidationErrors(invalid.errors + errors)
        }
        guard errors.isEmpty else { throw ValidationErrors(errors) }
        return CommunitySettings(name: draft.name, domain: draft.domain, visibility: draft.visibility,
                                 authorsMaySupport: form["authorsMaySupport"] == "on", language: chosen.isEmpty ? nil : chosen)
    }
}

/// A challenge brief with its dated phases (steward).
public struct ChallengeDraft: Sendable, Equatable {
    public var title: String
    public var problem: String
    public var question: String
    public var sponsorID: Int64
    public var schedule: ChallengeSchedule

    public init(title: String, problem: String, question: String, sponsorID: Int64, schedule: ChallengeSchedule) {
        self.title = title; self.problem = problem; self.question = question; self.sponsorID = sponsorID
        self.schedule = schedule
    }

    public static func validate(_ form: [String: String]) throws -> ChallengeDraft {
        var errors: [FieldError] = []
        let title = TextRule("title", "Title", min: 5, max: 140).check(form["title"], into: &errors)
        let problem = TextRule("problem", "Problem statement", min: 20, max: 5000, multiline: true)
            .check(form["problem"], into: &errors)
        let question = TextRule("question", "How might we question", min: 10, max: 300)
            .check(form["question"], into: &errors)
        let sponsor = Int64(form["sponsor"] ?? "") ?? 0
        if sponsor <= 0 { errors.append(.init("sponsor", "Choose the sponsor organisation")) }
        let labels = [("opensAt", "Opening date"), ("votingAt", "Voting date"), ("reviewAt", "Review date"),
                      ("closesAt", "Closing date")]
        var dates: [Date] = []
        for (field, label) in labels {
            if let date = Day.parse(form[field]) { dates.append(date) } else {
                errors.append(.init(field, "Enter the \("label", label.lowercased()) as a date, like 2026-12-01"))
            }
        }
        var schedule: ChallengeSchedule?
        if dates.count == 4 {
            let candidate = ChallengeSchedule(opensAt: dates[0], votingAt: dates[1], reviewAt: dates[2],
                                              closesAt: dates[3], lateSubmissions: form["lateSubmissions"] == "on")
            errors += candidate.validate()
            schedule = candidate
        }
        guard errors.isEmpty, let schedule else { throw ValidationErrors(errors) }
        return ChallengeDraft(title: title, problem: problem, question: question, sponsorID: sponsor, schedule: schedule)
    }
}

/// Calendar days as typed in `<input type="date">`, read as midnight UTC.
public enum Day {
    public static func parse(_ raw: String?) -> Date? {
        let parts = (raw ?? "").trimmingWhitespace().split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (2000...2200).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: y, month: m, day: d)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }

    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
