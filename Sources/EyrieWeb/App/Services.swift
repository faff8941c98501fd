import Foundation
import EyrieCore
import EyrieStore
import Hummingbird

/// Every repository and shared service, built once per application by `buildApplication`. No controller holds it:
/// each feature takes the few it uses into its own dependencies (`IdeasDependencies` …) when the routes are added.
public struct Services: Sendable {
    public let config: AppConfiguration
    public let db: Database
    /// Reads that may come from a standby (several database hosts), with read-your-writes.
    let standbyReads: StandbyReads
    let renderer: Renderer
    let members: MemberRepository
    let sessions: SessionRepository
    let organisations: OrganisationRepository
    let memberDirectory: MemberDirectoryRepository
    /// How many members each organisation has in a community, kept 30 s (the community page and the member list).
    let organisationCounts = TimedCache<Int64, [MemberDirectoryRepository.OrganisationCount]>(lifetime: 30)
    /// The language of a page's community for visitors with none of their own, by the page's address (its first two
    /// segments: `challenges/7`), kept 10 s: a round trip fewer on most pages such a visitor opens. Forgotten at once
    /// when a steward of this server changes it; another server's change shows within 10 s.
    let communityLanguages = TimedCache<String, String?>(lifetime: 10, limit: 5_000)
    let communities: CommunityRepository
    let challenges: ChallengeRepository
    let ideas: IdeaRepository
    let ideaLists: IdeaListRepository
    let supports: SupportRepository
    let comments: CommentRepository
    let votingSettings: VotingSettingsRepository
    let dots: DotRepository
    let pairwise: PairwiseRepository
    let results: ResultsRepository
    let reviews: ReviewRepository
    let workshops: WorkshopRepository
    let workshopChoices: WorkshopChoices
    let registrations: RegistrationRepository
    let board: BoardRepository
    let agenda: AgendaRepository
    let outputs: OutputRepository
    let offerings: OfferingRepository
    let offeringChoices: OfferingChoices
    let canvases: CanvasRepository
    let blueprints: BlueprintRepository
    let kpis: KpiRepository
    let progress: ProgressRepository
    let lineage: LineageRepository
    let portfolio: PortfolioRepository
    let notifications: NotificationRepository
    let apiTokens: ApiTokenRepository
    let invitations: InvitationRepository
    let health: HealthRepository
    let healthSnapshots: HealthSnapshot
    let follows: FollowRepository
    let mail: MailSettings
    let nudges: NudgeRepository
    let pairwiseScores = PairwiseScoreCache()
    /// The loaders every page and API route starts from.
    let scopes: Scopes
    let singleSignOn: SingleSignOnRepository
    /// The message catalogues, and the languages offered.
    let translations: Translations
    /// Identity providers' documents and keys, cached; every call bounded by `signInProviderTimeout`.
    let providers: OpenIDProviders
    /// Seals client secrets; nil when no instance key is configured (then no provider can be saved).
    let secrets: SecretBox?

    init(config: AppConfiguration, db: Database, renderer: Renderer, translations: Translations) {
        self.translations = translations
        self.config = config
        self.db = db
        standbyReads = StandbyReads(db: db)
        self.renderer = renderer
        members = .init(db)
        sessions = .init(db)
        organisations = .init(db)
        memberDirectory = .init(db)
        communities = .init(db)
        challenges = .init(db)
        ideas = .init(db)
        ideaLists = .init(db)
        supports = .init(db)
        comments = .init(db)
        votingSettings = .init(db)
        dots = .init(db)
        pairwise = .init(db)
        results = .init(db)
        reviews = .init(db)
        workshops = .init(db)
        workshopChoices = .init(db)
        registrations = .init(db)
        board = .init(db)
        agenda = .init(db)
        outputs = .init(db)
        offerings = .init(db)
        offeringChoices = .init(db)
        canvases = .init(db)
        blueprints = .init(db)
        kpis = .init(db)
        progress = .init(db)
        lineage = .init(db)
        portfolio = .init(db)
        notifications = .init(db)
        apiTokens = .init(db)
        invitations = .init(db)
        health = .init(db)
        healthSnapshots = .init(db)
        follows = .init(db)
        mail = .init(db)
        nudges = .init(db)
        scopes = Scopes(db)
        singleSignOn = .init(db)
        providers = OpenIDProviders(timeout: config.signInProviderTimeout, logger: db.logger)
        secrets = config.secretKey.flatMap { Data(base64Encoded: $0) }.flatMap { try? SecretBox(key: $0) }
    }

}

/// Where to come back after signing in: the page itself for a GET; for a form post, the page the form was on
/// (the post's own address only accepts posts).
func returnPath(_ request: Request) -> String {
    if request.method == .get { return request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") }
    if let referer = request.headers[.referer], let url = URLComponents(string: referer) {
        return SafePath.from(url.path + (url.query.map { "?" + $0 } ?? ""))
    }
    return Site.communities.home()
}

/// Thrown when an anonymous visitor asks for something that needs an account; answered with a redirect to sign in.
struct SignInRequired: Error {
    var next: String
}

extension Parameters {
    /// A numeric id from the path; anything else is a 404.
    func id(_ name: String = "id") throws -> Int64 {
        guard let text = get(name), let id = Int64(text), id > 0 else { throw HTTPError(.notFound) }
        return id
    }
}
