import EyrieStore
import Hummingbird
import HummingbirdWebSocket
import Logging
import PostgresNIO

public typealias EyrieApplication = Application<DeadlineResponder>

/// Builds the whole application; `eyrie serve` and every web test call this, so there is one wiring.
/// The database client runs as a service of the application; pending migrations apply before it serves.
public func buildApplication(configuration: AppConfiguration, client: PostgresClient, logger: Logger) async throws -> EyrieApplication {
    try await buildApplication(configuration: configuration, hosts: DatabaseHosts(client, logger: logger), logger: logger)
}

/// With the database's hosts (a primary and its standbys: statements go to the one that takes writes) and, when the
/// pooled hosts are PgBouncers in transaction mode, `direct`: the same servers' own ports, for what needs a session of
/// its own — the boards' LISTEN connection.
public func buildApplication(configuration: AppConfiguration, hosts: DatabaseHosts, direct: DatabaseHosts? = nil,
                             logger: Logger) async throws -> EyrieApplication {
    let database = Database(hosts: hosts, logger: logger)
    let translations = try Translations.load(directory: "\(configuration.webDirectory)/locales", pseudo: configuration.pseudoLanguage)
    let renderer = try await Renderer(directory: "\(configuration.webDirectory)/templates", translations: translations)
    let services = Services(config: configuration, db: database, renderer: renderer, translations: translations)
    _ = Telemetry.registry

    // Every route goes through the log: `app.responder.routes` lists them for the test that compares them with `Site`.
    let log = RouteLog()
    let router = LoggingRouter(router: Router(context: AppContext.self), log: log)
    try addRoutes(to: router, services: services, logger: logger)

    let hub = BoardHub(board: services.board, logger: logger)
    let sockets = Router(context: BoardSocketContext.self)
    BoardSocket(deps: .init(services), hub: hub).register(on: sockets)

    let responder = DeadlineResponder(inner: router.router.buildResponder(), routes: log.routes, limit: configuration.databaseTimeout,
                                      bodyLimits: BodyLimits(configuration), renderer: renderer,
                                      translations: translations)
    var app = Application(
        responder: responder,
        server: .guarded(webSocketRouter: sockets,
                         limits: RequestHeadLimits(timeout: configuration.requestHeadTimeout,
                                                   keepAlive: configuration.keepAliveTimeout, maxBytes: configuration.maxHeaderBytes)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Eyrie"),
        onServerRunning: { channel in
            logger.notice("Eyrie serves on http://\(configuration.host):\(channel.localAddress?.port ?? configuration.port)")
        },
        logger: logger)
    app.addServices(hosts, BoardListener(hosts: direct ?? hosts, hub: hub, logger: logger))
    if let direct { app.addServices(direct) }
    let migrator = Migrator(directory: configuration.sqlDirectory)
    let wait = DatabaseWait(database: database, limit: configuration.startupWait,
                            patience: configuration.databaseTimeout, logger: logger)
    app.beforeServerStarts {
        await hosts.findPrimary(within: configuration.startupWait)  // with several hosts, statements go to the primary
        try await wait.run()
        try await migrator.migrate(database)
    }
    return app
}

/// Every route, feature by feature, each feature's controllers with their own dependencies; the middleware in the
/// order the routes after it need.
func addRoutes(to router: LoggingRouter<AppContext>, services: Services, logger: Logger) throws {
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: RequestMetricsMiddleware())
    router.add(middleware: ReadYourWritesMiddleware(db: services.db, secureCookies: services.config.secureCookies))
    OpsController(deps: .init(services)).register(on: router)
    // The JSON API has its own middleware (tokens, limits, problem details): it comes before the pages' session and
    // form middleware, which it does not use.
    let api = try ApiController(deps: .init(services))
    api.register(on: router)
    router.add(middleware: SessionMiddleware(deps: .init(services)))
    router.add(middleware: FormMiddleware(bodyLimits: BodyLimits(services.config)))
    // Last, so that it serves a file only when no route matched (it answers the router's 404).
    router.add(middleware: FileMiddleware("\(services.config.webDirectory)/static", urlBasePath: Site.staticFiles,
                                          cacheControl: .init([(MediaType(type: .any), [.maxAge(3600)])]), logger: logger))
    api.registerPages(on: router)
    HomeController(deps: .init(services)).register(on: router)
    AuthController(deps: .init(services)).register(on: router)
    SingleSignOnController(deps: .init(services)).register(on: router)
    LanguageController(deps: .init(services)).register(on: router)
    IdentityProviderController(deps: .init(services)).register(on: router)
    MemberController(deps: .init(services)).register(on: router)
    OrganisationController(deps: .init(services)).register(on: router)
    CommunityController(deps: .init(services)).register(on: router)
    CommunitySettingsController(deps: .init(services)).register(on: router)
    MemberDirectoryController(deps: .init(services)).register(on: router)
    HealthController(deps: .init(services)).register(on: router)
    FollowController(deps: .init(services)).register(on: router)
    MailController(deps: .init(services)).register(on: router)
    ChallengeController(deps: .init(services)).register(on: router)
    IdeaController(deps: .init(services)).register(on: router)
    IdeaActionController(deps: .init(services)).register(on: router)
    VotingSettingsController(deps: .init(services)).register(on: router)
    PairwiseController(deps: .init(services)).register(on: router)
    ResultsController(deps: .init(services)).register(on: router)
    ReviewController(deps: .init(services)).register(on: router)
    WorkshopController(deps: .init(services)).register(on: router)
    RegistrationController(deps: .init(services)).register(on: router)
    AgendaController(deps: .init(services)).register(on: router)
    BoardController(deps: .init(services)).register(on: router)
    OutputController(deps: .init(services)).register(on: router)
    OfferingController(deps: .init(services)).register(on: router)
    LibraryController(deps: .init(services)).register(on: router)
    AttachmentController(deps: .init(services)).register(on: router)
    WorkLinkController(deps: .init(services)).register(on: router)
    DiscussionController(deps: .init(services)).register(on: router)
    CanvasController(deps: .init(services)).register(on: router)
    BlueprintController(deps: .init(services)).register(on: router)
    ProgressController(deps: .init(services)).register(on: router)
    PortfolioController(deps: .init(services)).register(on: router)
    NotificationController(deps: .init(services)).register(on: router)
    ApiTokenController(deps: .init(services)).register(on: router)
    InvitationController(deps: .init(services)).register(on: router)
}
