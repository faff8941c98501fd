/// Where the health dashboard's forms and downloads are, for its template (`{{links.refresh}}`).
struct HealthLinks {
    var refresh: String
    var settings: String
    var nudges: String
    var portfolio: String
    /// Each table as CSV, by the name the download route knows it by.
    var levels: String
    var moves: String
    var drifting: String
    var newcomers: String
    var organisations: String
    var cowork: String
    var funnels: String

    init(slug: String) {
        let health = Site.health
        refresh = health.refresh(slug)
        settings = health.settings(slug)
        nudges = health.nudges(slug)
        portfolio = Site.offerings.portfolio(slug)
        levels = health.download(slug, "levels.csv")
        moves = health.download(slug, "moves.csv")
        drifting = health.download(slug, "drifting.csv")
        newcomers = health.download(slug, "newcomers.csv")
        organisations = health.download(slug, "organisations.csv")
        cowork = health.download(slug, "cowork.csv")
        funnels = health.download(slug, "funnels.csv")
    }
}
