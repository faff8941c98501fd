import EyrieCore
import EyrieStore
import Foundation
import Hummingbird

/// A challenge's voting settings: stewards choose the methods and their limits while the challenge is a draft or
/// open; from the start of voting they are frozen, and the page shows them read-only.
struct VotingSettingsController {
    let deps: VotingDependencies

    func register(on router: some RouterMethods<AppContext>) {
        router.get(Site.voting.settings, use: show)
        router.post(Site.voting.settings, use: save)
    }

    struct View {
        var form: FormState
        var challengeID: Int64
        /// Where the form posts.
        var action: String
        var challengeTitle: String
        var editable: Bool
        var criteria: [CriterionRow]
        var checked: [String: Bool]
    }

    struct CriterionRow {
        var index: Int
        var name: String
        var weight: String
        var error: String?
    }

    /// The settings form (stewards).
    @Sendable func show(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.stewardedChallenge(request, context: context)
        let (challenge, community) = (scope.challenge, scope.community)
        let settings = try await deps.votingSettings.find(challengeID: challenge.id)
        return try render(FormState(values: Self.values(settings)), challenge: challenge, community: community,
                          context: context)
    }

    /// Saves valid settings; invalid ones re-render with the messages; frozen ones are refused.
    @Sendable func save(_ request: Request, context: AppContext) async throws -> Response {
        let scope = try await deps.stewardedChallenge(request, context: context)
        let (challenge, community) = (scope.challenge, scope.community)
        guard Self.editable(challenge) else { throw Self.frozen }
        do {
            let settings = try VotingSettings.validate(context.form)
            do {
                try await deps.votingSettings.save(settings, challengeID: challenge.id, communityID: community.id,
                                                       onlyBeforeVoting: true)
            } catch StoreError.conflict {
                throw Self.frozen  // voting started while the form was being filled in
            }
            return redirect(to: Site.challenges.show(challenge.id), flash: "Voting settings saved.")
        } catch let invalid as ValidationErrors {
            return try render(FormState(values: context.form, errors: invalid.errors), challenge: challenge,
                              community: community, context: context, status: .unprocessableContent)
        }
    }

    static let frozen = HTTPError(.unprocessableContent, message: "Voting has started: the settings can no longer change.")

    /// Settings change only until voting first starts, even if the challenge was moved back to open since.
    static func editable(_ challenge: Challenge, now: Date = Date()) -> Bool {
        VotingSettings.editable(in: challenge.phase(at: now), votingStarted: challenge.schedule.votingHasStarted(at: now))
    }

    /// The form values that show saved settings.
    static func values(_ s: VotingSettings) -> [String: String] {
        var values: [String: String] = [
            "supportBudget": s.supportBudget.map(String.init) ?? "", "autoShortlistAt": s.autoShortlistAt.map(String.init) ?? "",
            "dotsPerMember": String(s.dotsPerMember), "maxDotsPerIdea": String(s.maxDotsPerIdea),
        ]
        for (flag, on) in [("supports", s.supports), ("dots", s.dots), ("pairwise", s.pairwise),
                           ("pairwiseNewIdeas", s.pairwiseNewIdeas), ("scorecards", s.scorecards),
                           ("blindReview", s.blindReview)] where on {
            values[flag] = "on"
        }
        for (i, criterion) in s.criteria.enumerated() {
            values["criterion\(i + 1)"] = criterion.name
            values["weight\(i + 1)"] = criterion.weight.formatted()
        }
        return values
    }

    private func render(_ form: FormState, challenge: Challenge, community: Community, context: AppContext,
                        status: HTTPResponse.Status = .ok) throws -> Response {
        let rows = (1...VotingSettings.maxCriteria).map {
            CriterionRow(index: $0, name: form.values["criterion\($0)"] ?? "", weight: form.values["weight\($0)"] ?? "",
                         error: form.errors["criterion\($0)"] ?? form.errors["weight\($0)"])
        }
        let flags = ["supports", "dots", "pairwise", "pairwiseNewIdeas", "scorecards", "blindReview"]
        let view = View(form: form, challengeID: challenge.id, action: Site.voting.settings(challenge.id), challengeTitle: challenge.title,
                        editable: Self.editable(challenge), criteria: rows,
                        checked: Dictionary(uniqueKeysWithValues: flags.map { ($0, form.values[$0] == "on") }))
        return try deps.renderer.page(
            "voting/settings", view, context: context, title: "Voting settings", status: status, community: community,
            crumbs: crumbs(community) + [Crumb(title: challenge.title, href: Site.challenges.show(challenge.id))],
            errors: form.list)
    }
}
